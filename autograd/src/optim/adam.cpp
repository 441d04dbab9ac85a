// torch.optim.Adam's and AdamW's update; see tyche/optim/adam.h.
#include "tyche/optim/adam.h"

#include <cmath>

namespace tyche::optim {

namespace {

// Checks the options shared by Adam and AdamW; op names the optimizer.
void check_adam_options(const char* op, const AdamOptions& o) {
  TYCHE_CHECK(o.beta1 >= 0 && o.beta1 < 1, op, "beta1 must be in [0, 1), got ", o.beta1);
  TYCHE_CHECK(o.beta2 >= 0 && o.beta2 < 1, op, "beta2 must be in [0, 1), got ", o.beta2);
  TYCHE_CHECK(o.eps >= 0, op, "eps must be >= 0, got ", o.eps);
  TYCHE_CHECK(o.weight_decay >= 0, op, "weight_decay must be >= 0, got ", o.weight_decay);
}

}  // namespace

Adam::Adam(const char* name, const std::vector<Tensor>& params, AdamOptions options, bool decoupled)
    : Optimizer(name, options.lr, {{"exp_avg", 0.0}, {"exp_avg_sq", 0.0}}, params),
      options_(options),
      decoupled_(decoupled) {
  check_adam_options(name, options);
}

void Adam::update(Tensor& param, const Tensor& grad, ParamState& state) {
  const AdamOptions& o = options_;
  Tensor g = grad;
  if (o.weight_decay != 0) {
    if (decoupled_)
      param.mul_(1 - lr() * o.weight_decay);
    else
      g = add(grad, param, o.weight_decay);
  }
  Tensor& m = state.buffers[0];
  Tensor& v = state.buffers[1];
  m.mul_(o.beta1).add_(g, 1 - o.beta1);
  v.mul_(o.beta2).add_(g * g, 1 - o.beta2);
  double t = static_cast<double>(state.step);
  double bias_correction1 = 1 - std::pow(o.beta1, t);
  double bias_correction2 = 1 - std::pow(o.beta2, t);
  Tensor denom = v.sqrt();
  denom.div_(std::sqrt(bias_correction2)).add_(o.eps);
  param.add_(m / denom, -lr() / bias_correction1);
}

}  // namespace tyche::optim
