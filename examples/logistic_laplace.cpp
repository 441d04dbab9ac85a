// Bayesian logistic regression by the Laplace approximation: the posterior
// mode found with Adam and refined by Newton steps (autograd gradient and
// Hessian), the posterior covariance from the Hessian at the mode. Prints the
// posterior mean, sd and 90% interval of each coefficient next to the value
// the data were simulated from, and a posterior predictive probability.
#include <tyche/tyche.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace tyche;

int main() {
  // ---- simulated data: N observations, intercept + 3 covariates
  const int64_t N = 500;
  Generator gen(2026);
  Tensor w_true = tensor({-0.5, 1.0, -2.0, 0.7});
  Tensor X = cat({ones({N, 1}, kFloat64), randn({N, 3}, gen, kFloat64)}, 1);
  Tensor y = bernoulli(sigmoid(matmul(X, w_true)), gen);

  // ---- log posterior: Bernoulli-logit likelihood, Normal(0, 2) prior on w
  auto log_post = [&](const Tensor& w) {
    Tensor prior = dist::Normal(0.0, 2.0).expand({4}).to_event(1).log_prob(w);
    return prior + dist::Bernoulli(dist::Logits(matmul(X, w))).log_prob(y).sum();
  };

  // ---- the mode: Adam from zero, then Newton steps with the exact Hessian
  Tensor w = zeros({4}, kFloat64).requires_grad_();
  optim::Adam adam({w}, {.lr = 0.05});
  for (int i = 0; i < 300; ++i) {
    adam.zero_grad();
    (-log_post(w)).backward();
    adam.step();
  }
  Tensor mode = w.detach().clone();
  for (int i = 0; i < 20; ++i) {
    Tensor x = mode.clone().requires_grad_();
    Tensor g = autograd::grad({log_post(x)}, {x})[0];
    Tensor H = autograd::hessian(log_post, mode);
    mode = mode - solve(H, g);
    if (g.norm().item<double>() < 1e-10) break;
  }
  Tensor x = mode.clone().requires_grad_();
  double grad_norm = autograd::grad({log_post(x)}, {x})[0].norm().item<double>();

  // ---- Laplace: posterior covariance = (-H)^-1 at the mode
  Tensor cov = inverse(-autograd::hessian(log_post, mode));
  Tensor sd = sqrt(cov.diagonal());
  const double z90 = 1.6448536269514722;  // Phi^-1(0.95)
  std::printf("Bayesian logistic regression, N = %lld, Laplace approximation\n", static_cast<long long>(N));
  std::printf("log posterior at the mode %.4f, |gradient| %.2e\n\n", log_post(mode).item<double>(), grad_norm);
  std::printf("%-10s %8s %8s %8s %8s %8s\n", "coef", "true", "mean", "sd", "5%", "95%");
  const char* names[] = {"intercept", "w1", "w2", "w3"};
  for (int64_t j = 0; j < 4; ++j) {
    double m = mode.index({j}).item<double>(), s = sd.index({j}).item<double>();
    std::printf("%-10s %8.3f %8.3f %8.3f %8.3f %8.3f\n", names[j], w_true.index({j}).item<double>(), m, s,
                m - z90 * s, m + z90 * s);
  }

  // ---- posterior predictive P(y = 1 | x_new) by Monte Carlo over the approximation
  Tensor x_new = tensor({1.0, 0.5, -0.5, 1.0});
  Tensor draws = mode + matmul(randn({4000, 4}, gen, kFloat64), cholesky(cov).t());
  Tensor p = sigmoid(matmul(draws, x_new));
  std::vector<double> ps = p.to_vector<double>();
  std::sort(ps.begin(), ps.end());
  std::printf("\nP(y = 1 | x = [0.5, -0.5, 1.0]): mean %.3f, 90%% interval [%.3f, %.3f] (4000 draws)\n",
              p.mean().item<double>(), ps[200], ps[3799]);
  return 0;
}
