#include "tyche/inference/adaptation.h"

#include <algorithm>
#include <cmath>

#include "tyche/error.h"

namespace tyche::infer {

DualAveraging::DualAveraging(double target, double gamma, double kappa, double t0)
    : target_(target), gamma_(gamma), kappa_(kappa), t0_(t0) {
  TYCHE_CHECK(target > 0 && target < 1, "DualAveraging", "target_accept_prob must lie in (0, 1), got ", target);
}

void DualAveraging::restart(double step_size) {
  mu_ = std::log(10 * step_size);
  s_bar_ = x_bar_ = 0;
  counter_ = 0;
}

double DualAveraging::update(double accept_stat) {
  ++counter_;
  accept_stat = std::min(1.0, accept_stat);
  const double n = static_cast<double>(counter_);
  const double eta = 1.0 / (n + t0_);
  s_bar_ = (1 - eta) * s_bar_ + eta * (target_ - accept_stat);
  const double x = mu_ - s_bar_ * std::sqrt(n) / gamma_;
  const double x_eta = std::pow(n, -kappa_);
  x_bar_ = (1 - x_eta) * x_bar_ + x_eta * x;
  return std::exp(x);
}

double DualAveraging::final_step_size() const { return std::exp(x_bar_); }

WindowSchedule::WindowSchedule(int64_t num_warmup, int64_t init_buffer, int64_t term_buffer, int64_t base_window)
    : num_warmup_(num_warmup), init_(init_buffer), term_(term_buffer) {
  TYCHE_CHECK(num_warmup >= 0 && init_buffer >= 0 && term_buffer >= 0 && base_window > 0, "WindowSchedule",
              "expected num_warmup, init_buffer, term_buffer >= 0 and base_window > 0, got ", num_warmup, ", ",
              init_buffer, ", ", term_buffer, ", ", base_window);
  if (num_warmup < 20) {  // too short to estimate a metric: Stan adapts the step size only
    init_ = num_warmup;
    term_ = 0;
    return;
  }
  if (init_ + base_window + term_ > num_warmup) {
    init_ = static_cast<int64_t>(0.15 * static_cast<double>(num_warmup));
    term_ = static_cast<int64_t>(0.1 * static_cast<double>(num_warmup));
    base_window = num_warmup - (init_ + term_);
  }
  // Stan's compute_next_window, run ahead: each window doubles, and one that
  // would leave less than twice its size before the terminal buffer stretches to it.
  const int64_t last = num_warmup - term_ - 1;
  int64_t size = base_window, next = init_ + base_window - 1;
  while (true) {
    ends_.push_back(next);
    if (next == last) break;
    size *= 2;
    const int64_t at = next;
    next = at + size;
    if (next != last && next + 2 * size >= num_warmup - term_) next = last;
  }
}

bool WindowSchedule::in_window(int64_t i) const { return !ends_.empty() && i >= init_ && i < num_warmup_ - term_; }

bool WindowSchedule::window_end(int64_t i) const { return std::binary_search(ends_.begin(), ends_.end(), i); }

WelfordCovariance::WelfordCovariance(int64_t dim, bool dense) : dim_(dim), dense_(dense) { reset(); }

void WelfordCovariance::reset() {
  n_ = 0;
  mean_.assign(static_cast<size_t>(dim_), 0.0);
  m2_.assign(static_cast<size_t>(dense_ ? dim_ * dim_ : dim_), 0.0);
}

void WelfordCovariance::add(const double* x) {
  ++n_;
  std::vector<double> delta(static_cast<size_t>(dim_));
  for (int64_t i = 0; i < dim_; ++i) {
    delta[static_cast<size_t>(i)] = x[i] - mean_[static_cast<size_t>(i)];
    mean_[static_cast<size_t>(i)] += delta[static_cast<size_t>(i)] / static_cast<double>(n_);
  }
  // m2 += delta_old * (x - mean_new)
  for (int64_t i = 0; i < dim_; ++i) {
    const double after_i = x[i] - mean_[static_cast<size_t>(i)];
    if (!dense_) {
      m2_[static_cast<size_t>(i)] += delta[static_cast<size_t>(i)] * after_i;
      continue;
    }
    for (int64_t j = 0; j < dim_; ++j)
      m2_[static_cast<size_t>(i * dim_ + j)] += after_i * delta[static_cast<size_t>(j)];
  }
}

std::vector<double> WelfordCovariance::regularized() const {
  TYCHE_CHECK(n_ >= 2, "WelfordCovariance", "needs at least 2 draws, got ", n_);
  const double n = static_cast<double>(n_);
  const double w = n / (n + 5.0), shrink = 1e-3 * (5.0 / (n + 5.0));
  std::vector<double> out(m2_.size());
  for (size_t k = 0; k < m2_.size(); ++k) out[k] = w * m2_[k] / (n - 1.0);
  for (int64_t i = 0; i < dim_; ++i) out[static_cast<size_t>(dense_ ? i * dim_ + i : i)] += shrink;
  return out;
}

}  // namespace tyche::infer
