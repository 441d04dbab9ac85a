// torch.optim.SGD's update; see tyche/optim/sgd.h.
#include "tyche/optim/sgd.h"

namespace tyche::optim {

namespace {

std::vector<Optimizer::BufferSpec> sgd_buffers(const SGDOptions& o) {
  if (o.momentum == 0) return {};
  return {{"momentum_buffer", 0.0}};
}

}  // namespace

SGD::SGD(const std::vector<Tensor>& params, SGDOptions options)
    : Optimizer("SGD", options.lr, sgd_buffers(options), params), options_(options) {
  TYCHE_CHECK(options.momentum >= 0, "SGD", "momentum must be >= 0, got ", options.momentum);
  TYCHE_CHECK(options.weight_decay >= 0, "SGD", "weight_decay must be >= 0, got ",
              options.weight_decay);
  TYCHE_CHECK(!options.nesterov || (options.momentum > 0 && options.dampening == 0), "SGD",
              "nesterov momentum needs momentum > 0 and dampening == 0, got momentum ",
              options.momentum, " and dampening ", options.dampening);
}

void SGD::update(Tensor& param, const Tensor& grad, ParamState& state) {
  const SGDOptions& o = options_;
  Tensor d = o.weight_decay != 0 ? add(grad, param, o.weight_decay) : grad;
  if (o.momentum != 0) {
    Tensor& buf = state.buffers[0];
    if (state.step == 1)
      buf.copy_(d);
    else
      buf.mul_(o.momentum).add_(d, 1 - o.dampening);
    d = o.nesterov ? add(d, buf, o.momentum) : buf;
  }
  param.add_(d, -lr());
}

}  // namespace tyche::optim
