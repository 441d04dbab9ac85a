#pragma once
// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight
// decay (torch.optim.SGD). With g the gradient and b the momentum buffer:
//   g <- g + weight_decay * p
//   b <- g on the first update, else momentum * b + (1 - dampening) * g
//   g <- g + momentum * b (nesterov)  or  g <- b (momentum != 0)
//   p <- p - lr * g
#include <memory>
#include <vector>

#include "tyche/optim/optimizer.h"

namespace tyche::optim {

// SGD hyperparameters (nesterov needs momentum > 0 and dampening == 0).
struct SGDOptions {
  double lr = 1e-3;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
};

// Buffers: "momentum_buffer" when momentum != 0.
class SGD : public Optimizer {
 public:
  explicit SGD(SGDOptions options = {}) : SGD({}, options) {}
  SGD(const std::vector<Tensor>& params, SGDOptions options);
  const SGDOptions& options() const { return options_; }   // options().lr: the initial lr
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<SGD>(*this); }

 protected:
  void update(Tensor& param, const Tensor& grad, ParamState& state) override;

 private:
  SGDOptions options_;
};

}  // namespace tyche::optim
