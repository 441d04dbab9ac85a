// A program outside the tree, built against an installed tyche.
#include <tyche/tyche.h>

#include <iostream>

int main() {
  tyche::Tensor a = tyche::tensor({1.0, 2.0, 3.0, 4.0});
  std::cout << "sum=" << a.sum().item<double>() << "\n";
  return 0;
}
