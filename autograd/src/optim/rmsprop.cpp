// torch.optim.RMSprop's update; see tyche/optim/rmsprop.h.
#include "tyche/optim/rmsprop.h"

namespace tyche::optim {

namespace {

std::vector<Optimizer::BufferSpec> rmsprop_buffers(const RMSpropOptions& o) {
  std::vector<Optimizer::BufferSpec> b{{"square_avg", 0.0}};
  if (o.momentum > 0) b.push_back({"momentum_buffer", 0.0});
  if (o.centered) b.push_back({"grad_avg", 0.0});
  return b;
}

}  // namespace

RMSprop::RMSprop(const std::vector<Tensor>& params, RMSpropOptions options)
    : Optimizer("RMSprop", options.lr, rmsprop_buffers(options), params),
      options_(options),
      momentum_buffer_(find_buffer("momentum_buffer")),
      grad_avg_(find_buffer("grad_avg")) {
  const RMSpropOptions& o = options;
  TYCHE_CHECK(o.alpha >= 0, "RMSprop", "alpha must be >= 0, got ", o.alpha);
  TYCHE_CHECK(o.eps >= 0, "RMSprop", "eps must be >= 0, got ", o.eps);
  TYCHE_CHECK(o.weight_decay >= 0, "RMSprop", "weight_decay must be >= 0, got ", o.weight_decay);
  TYCHE_CHECK(o.momentum >= 0, "RMSprop", "momentum must be >= 0, got ", o.momentum);
}

void RMSprop::update(Tensor& param, const Tensor& grad, ParamState& state) {
  const RMSpropOptions& o = options_;
  Tensor g = o.weight_decay != 0 ? add(grad, param, o.weight_decay) : grad;
  Tensor& square_avg = state.buffers[0];
  square_avg.mul_(o.alpha).add_(g * g, 1 - o.alpha);
  Tensor avg;
  if (grad_avg_ >= 0) {
    Tensor& grad_avg = state.buffers[static_cast<size_t>(grad_avg_)];
    grad_avg.mul_(o.alpha).add_(g, 1 - o.alpha);
    avg = square_avg - grad_avg * grad_avg;
    avg.sqrt_();
  } else {
    avg = square_avg.sqrt();
  }
  avg.add_(o.eps);
  if (momentum_buffer_ >= 0) {
    Tensor& buf = state.buffers[static_cast<size_t>(momentum_buffer_)];
    buf.mul_(o.momentum).add_(g / avg);
    param.add_(buf, -lr());
  } else {
    param.add_(g / avg, -lr());
  }
}

}  // namespace tyche::optim
