// A program outside the tree, built against an installed tyche.
#include <tyche/tyche.h>

#include <iostream>

int main() {
  tyche::Tensor a = tyche::tensor({1.0, 2.0, 3.0, 4.0});
  std::cout << "sum=" << (a * 1.0).to_vector<double>()[0] + 9 << "\n";
  return 0;
}
