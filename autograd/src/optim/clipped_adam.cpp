// Pyro's ClippedAdam update; see tyche/optim/clipped_adam.h.
#include "tyche/optim/clipped_adam.h"

#include <cmath>

namespace tyche::optim {

ClippedAdam::ClippedAdam(const std::vector<Tensor>& params, ClippedAdamOptions options)
    : Optimizer("ClippedAdam", options.lr, {{"exp_avg", 0.0}, {"exp_avg_sq", 0.0}}, params),
      options_(options) {
  const ClippedAdamOptions& o = options;
  TYCHE_CHECK(o.beta1 >= 0 && o.beta1 < 1, "ClippedAdam", "beta1 must be in [0, 1), got ", o.beta1);
  TYCHE_CHECK(o.beta2 >= 0 && o.beta2 < 1, "ClippedAdam", "beta2 must be in [0, 1), got ", o.beta2);
  TYCHE_CHECK(o.eps >= 0, "ClippedAdam", "eps must be >= 0, got ", o.eps);
  TYCHE_CHECK(o.weight_decay >= 0, "ClippedAdam", "weight_decay must be >= 0, got ",
              o.weight_decay);
  TYCHE_CHECK(o.clip_norm > 0, "ClippedAdam", "clip_norm must be > 0, got ", o.clip_norm);
  TYCHE_CHECK(o.lrd > 0, "ClippedAdam", "lrd must be > 0, got ", o.lrd);
}

void ClippedAdam::update(Tensor& param, const Tensor& grad, ParamState& state) {
  const ClippedAdamOptions& o = options_;
  Tensor g = grad.clamp(-o.clip_norm, o.clip_norm);   // a fresh tensor: grad() is left as is
  if (o.weight_decay != 0) g.add_(param, o.weight_decay);
  Tensor& m = state.buffers[0];
  Tensor& v = state.buffers[1];
  m.mul_(o.beta1).add_(g, 1 - o.beta1);
  v.mul_(o.beta2).add_(g * g, 1 - o.beta2);
  double t = static_cast<double>(state.step);
  double lr_t = lr() * std::pow(o.lrd, t);
  double bias_correction1 = 1 - std::pow(o.beta1, t);
  double bias_correction2 = 1 - std::pow(o.beta2, t);
  Tensor denom = v.sqrt();
  denom.add_(o.eps);
  param.add_(m / denom, -lr_t * std::sqrt(bias_correction2) / bias_correction1);
}

}  // namespace tyche::optim
