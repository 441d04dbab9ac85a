// Bayesian linear regression with unknown noise by SVI: an AutoNormal guide
// trained with TraceELBO and Adam, then per-site posterior means and 90%
// intervals next to the values the data were simulated from, and a posterior
// predictive check (coverage of the observations by the 90% predictive
// intervals, and the observed mean and sd against their predictive
// distributions).
#include <tyche/tyche.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

using namespace tyche;

// y_n ~ Normal(b + X_n . w, sigma), with w ~ Normal(0, 1)^D, b ~ Normal(0, 5),
// sigma ~ HalfNormal(1). y = std::nullopt leaves y unobserved (predictions).
void model(const Tensor& X, const std::optional<Tensor>& y) {
  Tensor w = sample("w", dist::Normal(0.0, 1.0).expand({X.size(1)}).to_event(1));
  Tensor b = sample("b", dist::Normal(0.0, 5.0));
  Tensor sigma = sample("sigma", dist::HalfNormal(1.0));
  auto data = plate("data", X.size(0));
  sample("y", dist::Normal(matmul(X, w) + b, sigma), y);
}

// Fraction of a's entries strictly between lo and hi.
double coverage(const Tensor& a, const Tensor& lo, const Tensor& hi) {
  return logical_and(a > lo, a < hi).to(kFloat64).mean().item<double>();
}

int main() {
  // ---- simulated data
  const int64_t N = 500, D = 4;
  Generator data_gen(2026);
  const std::vector<double> w_true = {1.5, -0.8, 0.0, 0.4};
  const double b_true = 2.0, sigma_true = 0.7;
  Tensor X = randn({N, D}, data_gen, kFloat64);
  Tensor w = tensor({w_true[0], w_true[1], w_true[2], w_true[3]}, kFloat64);
  Tensor y = matmul(X, w) + b_true + sigma_true * randn({N}, data_gen, kFloat64);

  // ---- SVI: AutoNormal guide, TraceELBO with 4 particles, Adam
  manual_seed(0);
  auto guide = infer::AutoNormal(model);
  infer::SVI svi(model, guide, optim::Adam({.lr = 0.02}), infer::TraceELBO({.num_particles = 4}));
  std::printf("SVI: AutoNormal, TraceELBO (4 particles), Adam(lr 0.02), N = %ld, D = %ld\n", long(N), long(D));
  // run(): the steps with a progress bar on a terminal; returns every step's loss.
  const std::vector<double> losses = svi.run(3000, X, std::optional<Tensor>(y));
  for (size_t i = 500; i <= losses.size(); i += 500) {
    double window = 0;
    for (size_t k = i - 500; k < i; ++k) window += losses[k];
    std::printf("  step %5zu  mean loss (-ELBO) over the last 500 steps: %.2f\n", i, window / 500);
  }

  // ---- posterior summaries (constrained space), 4000 draws from the guide
  Generator gen(7);
  auto draws = guide.sample_posterior(gen, 4000);
  auto q = guide.quantiles({0.05, 0.5, 0.95});
  std::printf("\n%-10s %9s %9s %9s %9s %9s %9s\n", "site", "mean", "sd", "5%", "50%", "95%", "true");
  auto row = [&](const char* name, const Tensor& d, const Tensor& qs, double truth) {
    std::printf("%-10s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f\n", name, d.mean().item<double>(),
                d.std().item<double>(), qs[0].item<double>(), qs[1].item<double>(), qs[2].item<double>(), truth);
  };
  for (int64_t j = 0; j < D; ++j) {
    char name[16];
    std::snprintf(name, sizeof name, "w[%ld]", long(j));
    row(name, draws["w"].select(1, j), q["w"].select(1, j), w_true[size_t(j)]);
  }
  row("b", draws["b"], q["b"], b_true);
  row("sigma", draws["sigma"], q["sigma"], sigma_true);

  // ---- posterior predictive check: y replicated 1000 times
  infer::Predictive predictive(model, guide, 1000);
  auto ppc = predictive(gen, X, std::nullopt);
  Tensor y_rep = ppc["y"];  // [1000, N]
  // 90% predictive interval of each observation: the 5% and 95% points of its replicates.
  std::vector<double> lo(static_cast<size_t>(N)), hi(static_cast<size_t>(N)), column(1000);
  const std::vector<double> reps = y_rep.contiguous().to_vector<double>();
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t s = 0; s < 1000; ++s) column[size_t(s)] = reps[size_t(s * N + n)];
    std::sort(column.begin(), column.end());
    lo[size_t(n)] = column[50];
    hi[size_t(n)] = column[949];
  }
  Tensor lo_t = from_blob(lo.data(), {N}, kFloat64, true), hi_t = from_blob(hi.data(), {N}, kFloat64, true);
  std::printf("\nposterior predictive check (1000 replicated data sets)\n");
  std::printf("  observations inside their 90%% predictive interval: %.1f%%\n", 100 * coverage(y, lo_t, hi_t));
  auto stat_check = [&](const char* what, double observed, const Tensor& replicated) {
    const double p = (replicated < observed).to(kFloat64).mean().item<double>();
    std::printf("  %-4s of y: observed %.3f, replicated %.3f +- %.3f, P(rep < obs) = %.2f\n", what, observed,
                replicated.mean().item<double>(), replicated.std().item<double>(), p);
  };
  stat_check("mean", y.mean().item<double>(), y_rep.mean({1}));
  stat_check("sd", y.std().item<double>(), y_rep.std({1}));
  return 0;
}
