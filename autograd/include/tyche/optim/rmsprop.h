#pragma once
// RMSprop (torch.optim.RMSprop). With v the running mean of squared gradients,
// a the running mean of gradients (centered) and b the momentum buffer:
//   g <- g + weight_decay * p
//   v <- alpha * v + (1 - alpha) * g^2
//   centered: a <- alpha * a + (1 - alpha) * g;  d = sqrt(v - a^2) + eps
//   else:     d = sqrt(v) + eps
//   momentum > 0: b <- momentum * b + g / d;  p <- p - lr * b
//   else:         p <- p - lr * g / d
#include <memory>
#include <vector>

#include "tyche/optim/optimizer.h"

namespace tyche::optim {

// RMSprop hyperparameters (all >= 0).
struct RMSpropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
  bool centered = false;
};

// Buffers: "square_avg" (v), then "momentum_buffer" (b) when momentum > 0,
// then "grad_avg" (a) when centered.
class RMSprop : public Optimizer {
 public:
  explicit RMSprop(RMSpropOptions options = {}) : RMSprop({}, options) {}
  RMSprop(const std::vector<Tensor>& params, RMSpropOptions options);
  const RMSpropOptions& options() const { return options_; }   // options().lr: the initial lr
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<RMSprop>(*this); }

 protected:
  void update(Tensor& param, const Tensor& grad, ParamState& state) override;

 private:
  RMSpropOptions options_;
  int momentum_buffer_;   // index in ParamState::buffers, or -1
  int grad_avg_;          // index in ParamState::buffers, or -1
};

}  // namespace tyche::optim
