#pragma once
// Stan's warm-up adaptation, piece by piece:
// - DualAveraging: the step size from Nesterov's dual averaging towards a
//   target acceptance statistic (Hoffman & Gelman 2014, Stan's defaults).
// - WindowSchedule: Stan's windows over num_warmup iterations: an initial
//   fast buffer (75), slow windows doubling from 25, a terminal buffer (50).
// - WelfordCovariance: running (co)variances of the draws in a window,
//   regularised towards 1e-3 as Stan does: (n / (n + 5)) S + 1e-3 (5 / (n + 5)) I.
#include <cstdint>
#include <vector>

namespace tyche::infer {

class DualAveraging {
 public:
  // target: the acceptance statistic aimed at; gamma, kappa, t0 as in Stan.
  explicit DualAveraging(double target = 0.8, double gamma = 0.05, double kappa = 0.75, double t0 = 10.0);
  // Starts a new run towards mu = log(10 * step_size) (Stan's choice).
  void restart(double step_size);
  // Learns from one iteration's acceptance statistic (clipped to 1); returns the next step size.
  double update(double accept_stat);
  // The averaged step size exp(x_bar) to use after warm-up.
  double final_step_size() const;

 private:
  double target_, gamma_, kappa_, t0_;
  double mu_ = 0, s_bar_ = 0, x_bar_ = 0;
  int64_t counter_ = 0;
};

class WindowSchedule {
 public:
  // Stan's schedule; with init + window + term > num_warmup the buffers
  // become 15% / 75% / 10% of num_warmup, and below 20 iterations there is
  // no mass-matrix adaptation at all.
  WindowSchedule(int64_t num_warmup, int64_t init_buffer = 75, int64_t term_buffer = 50, int64_t base_window = 25);
  // Whether iteration i (0-based, i < num_warmup) adds its draw to the window's estimate.
  bool in_window(int64_t i) const;
  // Whether a slow window ends at iteration i (the metric is then updated).
  bool window_end(int64_t i) const;
  // The iterations at which slow windows end, in order.
  const std::vector<int64_t>& window_ends() const { return ends_; }
  int64_t init_buffer() const { return init_; }
  int64_t term_buffer() const { return term_; }

 private:
  int64_t num_warmup_, init_, term_;
  std::vector<int64_t> ends_;
};

class WelfordCovariance {
 public:
  // dim: the number of coordinates; dense: full covariance, else variances only.
  WelfordCovariance(int64_t dim, bool dense);
  void add(const double* x);
  int64_t count() const { return n_; }
  // The regularised estimate: dim variances, or a row-major dim x dim covariance.
  std::vector<double> regularized() const;
  void reset();

 private:
  int64_t dim_;
  bool dense_;
  int64_t n_ = 0;
  std::vector<double> mean_, m2_;
};

}  // namespace tyche::infer
