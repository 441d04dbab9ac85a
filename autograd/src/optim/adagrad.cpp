// torch.optim.Adagrad's update; see tyche/optim/adagrad.h.
#include "tyche/optim/adagrad.h"

namespace tyche::optim {

Adagrad::Adagrad(const std::vector<Tensor>& params, AdagradOptions options)
    : Optimizer("Adagrad", options.lr, {{"sum", options.initial_accumulator_value}}, params),
      options_(options) {
  const AdagradOptions& o = options;
  TYCHE_CHECK(o.lr_decay >= 0, "Adagrad", "lr_decay must be >= 0, got ", o.lr_decay);
  TYCHE_CHECK(o.weight_decay >= 0, "Adagrad", "weight_decay must be >= 0, got ", o.weight_decay);
  TYCHE_CHECK(o.initial_accumulator_value >= 0, "Adagrad",
              "initial_accumulator_value must be >= 0, got ", o.initial_accumulator_value);
  TYCHE_CHECK(o.eps >= 0, "Adagrad", "eps must be >= 0, got ", o.eps);
}

void Adagrad::update(Tensor& param, const Tensor& grad, ParamState& state) {
  const AdagradOptions& o = options_;
  Tensor g = o.weight_decay != 0 ? add(grad, param, o.weight_decay) : grad;
  double clr = lr() / (1 + static_cast<double>(state.step - 1) * o.lr_decay);
  Tensor& sum = state.buffers[0];
  sum.add_(g * g);
  Tensor std = sum.sqrt();
  std.add_(o.eps);
  param.add_(g / std, -clr);
}

}  // namespace tyche::optim
