// Bayesian logistic regression by NUTS: N = 1000 observations of D = 20
// standard-normal features, labels drawn from known weights (a fixed seed),
// then 4 chains of 1000 warm-up and 1000 draws. Prints each weight's true
// value next to its posterior mean, sd and 90% interval, and how many true
// weights their 90% intervals cover.
#include <tyche/tyche.h>

#include <cmath>
#include <cstdio>
#include <optional>

using namespace tyche;

// alpha ~ Normal(0, 5), beta ~ Normal(0, 1)^D, y_n ~ Bernoulli(logit = alpha + x_n . beta).
void logistic_regression(const Tensor& X, const std::optional<Tensor>& y) {
  Tensor alpha = sample("alpha", dist::Normal(0.0, 5.0));
  Tensor beta = sample("beta", dist::Normal(0.0, 1.0).expand({X.size(1)}).to_event(1));
  auto data = plate("data", X.size(0));
  sample("y", dist::Bernoulli(dist::Logits(alpha + matmul(X, beta))), y);
}

int main() {
  const int64_t N = 1000, D = 20;
  Generator gen(2026);
  const Tensor X = randn({N, D}, gen, kFloat64);
  const Tensor beta_true = randn({D}, gen, kFloat64);
  const double alpha_true = 0.5;
  const Tensor y = dist::Bernoulli(dist::Logits(alpha_true + matmul(X, beta_true))).sample(gen);

  auto kernel = infer::NUTS(logistic_regression);
  infer::MCMC mcmc(kernel, {.num_warmup = 1000, .num_samples = 1000, .num_chains = 4, .seed = 1});
  std::printf("logistic regression, N = %ld, D = %ld: NUTS, 4 chains x (1000 warm-up + 1000 draws)\n\n", long(N),
              long(D));
  mcmc.run(X, std::optional<Tensor>(y));

  const auto rows = mcmc.summary(0.9);
  std::printf("%-10s %8s %8s %8s %8s %8s %9s %6s\n", "site", "true", "mean", "sd", "5%", "95%", "ess_bulk", "r_hat");
  int covered = 0;
  for (const infer::SummaryRow& r : rows) {
    const double truth = r.name == "alpha" ? alpha_true
                                           : beta_true.index({std::stol(r.name.substr(5))}).item<double>();
    covered += (r.lower <= truth && truth <= r.upper) ? 1 : 0;
    std::printf("%-10s %8.3f %8.3f %8.3f %8.3f %8.3f %9.1f %6.3f\n", r.name.c_str(), truth, r.mean, r.sd, r.lower,
                r.upper, r.ess_bulk, r.r_hat);
  }
  std::printf("\n90%% intervals covering the true value: %d of %zu; divergences: %ld\n", covered, rows.size(),
              long(mcmc.num_divergences()));
  return 0;
}
