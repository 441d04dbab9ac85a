// A tour of tyche's tensor core: creation, broadcasting, views, reductions,
// indexing, linear algebra and reproducible random numbers, ending with a
// Bayesian linear regression solved in closed form (conjugate Normal prior,
// known noise) whose posterior means and 90% intervals are printed.
#include <tyche/tyche.h>

#include <cmath>
#include <cstdio>
#include <iostream>

using namespace tyche;

int main() {
  std::cout << "== creation and broadcasting\n";
  Tensor a = arange(6, kFloat64).reshape({2, 3});
  Tensor b = tensor({10.0, 20.0, 30.0});
  std::cout << "a =\n" << a << "\na + b =\n" << a + b << "\n";
  std::cout << "exp(a) - a.sum(1, keepdim) =\n" << exp(a) - a.sum({1}, true) << "\n";

  std::cout << "\n== views share storage\n";
  Tensor t = a.t();
  std::cout << "a.t() is_contiguous=" << t.is_contiguous() << ", shares storage=" << t.shares_storage(a) << "\n";
  a.select(1, 0).fill_(-1.0);
  std::cout << "after a[:, 0] = -1, a.t() =\n" << t << "\n";

  std::cout << "\n== indexing (NumPy rules)\n";
  Tensor g = arange(12).reshape({3, 4});
  std::cout << "g[1:, ::2] = " << g.index({Slice(1), Slice(None, None, 2)}) << "\n";
  std::cout << "g[[0, 2], [1, 3]] = " << g.index({tensor({0, 2}), tensor({1, 3})}) << "\n";
  std::cout << "g[g > 6] = " << g.index({g > 6}) << "\n";

  std::cout << "\n== reductions\n";
  Tensor x = tensor({{1.0, 5.0, 3.0}, {4.0, 2.0, 6.0}});
  auto [mx, arg] = x.max(1);
  std::cout << "row max " << mx << " at " << arg << "\n";
  std::cout << "logsumexp(x, 1) = " << x.logsumexp({1}) << "\nsoftmax(x, 1) =\n" << x.softmax(1) << "\n";
  std::cout << "var(x, 0) = " << x.var({0}) << "\n";

  std::cout << "\n== random numbers (Philox, reproducible)\n";
  Generator gen(42);
  Tensor z = randn({100000}, gen, kFloat64);
  std::printf("randn: mean %.4f sd %.4f (expect 0, 1)\n", z.mean().item<double>(), z.std().item<double>());
  Tensor gam = gamma(full({100000}, 2.5, kFloat64), gen);
  std::printf("gamma(2.5): mean %.4f var %.4f (expect 2.5, 2.5)\n", gam.mean().item<double>(), gam.var().item<double>());

  std::cout << "\n== Bayesian linear regression in closed form\n";
  // y = X w + eps, eps ~ N(0, sigma^2), prior w ~ N(0, tau^2 I).
  const int64_t n = 200, d = 3;
  const double sigma = 0.5, tau = 10.0;
  Tensor w_true = tensor({1.5, -2.0, 0.7});
  Tensor X = randn({n, d}, gen, kFloat64);
  Tensor y = matmul(X, w_true) + sigma * randn({n}, gen, kFloat64);
  // Posterior precision P = X^T X / sigma^2 + I / tau^2; mean = P^{-1} X^T y / sigma^2.
  Tensor P = matmul(X.t(), X) / (sigma * sigma) + eye(d, std::nullopt, kFloat64) / (tau * tau);
  Tensor L = cholesky(P);
  Tensor mean = cholesky_solve(matmul(X.t(), y).unsqueeze(1) / (sigma * sigma), L).squeeze(1);
  Tensor cov = inverse(P);
  Tensor sd = cov.diagonal().sqrt();
  std::printf("%-6s %8s %8s %8s %8s %8s\n", "site", "true", "mean", "sd", "5%", "95%");
  for (int64_t j = 0; j < d; ++j) {
    double m = mean[j].item<double>(), s = sd[j].item<double>();
    std::printf("w[%lld]   %8.4f %8.4f %8.4f %8.4f %8.4f\n", static_cast<long long>(j),
                w_true[j].item<double>(), m, s, m - 1.6448536 * s, m + 1.6448536 * s);
  }
  auto [sign, logabsdet] = slogdet(cov);
  std::printf("log det of posterior covariance: %.4f (sign %+.0f)\n", logabsdet.item<double>(), sign.item<double>());
  return 0;
}
