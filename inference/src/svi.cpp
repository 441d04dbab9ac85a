#include "tyche/inference/svi.h"

#include <algorithm>
#include <cstdio>

#include "tyche/inference/progress_bar.h"

namespace tyche::infer::detail {

SVIEngine::SVIEngine(const optim::Optimizer& optimizer, const ELBO& loss)
    : optimizer_(optimizer.clone()), loss_(loss.clone()) {}

double SVIEngine::step(const Program& model, const Program& guide) {
  LossResult r = loss_->loss_and_surrogate(model, guide);
  optimizer_->add_params(r.params);
  optimizer_->zero_grad();
  if (r.surrogate.requires_grad()) r.surrogate.backward();  // else nothing to learn
  optimizer_->step();
  return r.loss;
}

std::vector<double> SVIEngine::run(int64_t num_steps, const Program& model, const Program& guide) {
  TYCHE_CHECK(num_steps >= 0, "SVI::run", "num_steps must be non-negative, got ", num_steps);
  std::vector<double> losses;
  losses.reserve(static_cast<size_t>(num_steps));
  ProgressBar bar(num_steps, "SVI");
  constexpr size_t kWindow = 100;  // the bar shows the mean loss of the last kWindow steps
  double window_sum = 0;
  for (int64_t i = 0; i < num_steps; ++i) {
    losses.push_back(step(model, guide));
    window_sum += losses.back();
    if (losses.size() > kWindow) window_sum -= losses[losses.size() - 1 - kWindow];
    if (bar.enabled()) {
      char status[48];
      std::snprintf(status, sizeof status, "loss %.4g",
                    window_sum / static_cast<double>(std::min(losses.size(), kWindow)));
      bar.update(i + 1, status);
    }
  }
  return losses;
}

}  // namespace tyche::infer::detail
