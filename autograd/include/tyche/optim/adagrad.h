#pragma once
// Adagrad (torch.optim.Adagrad). With t the parameter's update count and s the
// running sum of squared gradients (starting at initial_accumulator_value):
//   g <- g + weight_decay * p
//   s <- s + g^2
//   p <- p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)
#include <memory>
#include <vector>

#include "tyche/optim/optimizer.h"

namespace tyche::optim {

// Adagrad hyperparameters (all >= 0).
struct AdagradOptions {
  double lr = 1e-2;
  double lr_decay = 0;
  double weight_decay = 0;
  double initial_accumulator_value = 0;
  double eps = 1e-10;
};

// Buffers: "sum" (s).
class Adagrad : public Optimizer {
 public:
  explicit Adagrad(AdagradOptions options = {}) : Adagrad({}, options) {}
  Adagrad(const std::vector<Tensor>& params, AdagradOptions options);
  const AdagradOptions& options() const { return options_; }   // options().lr: the initial lr
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adagrad>(*this); }

 protected:
  void update(Tensor& param, const Tensor& grad, ParamState& state) override;

 private:
  AdagradOptions options_;
};

}  // namespace tyche::optim
