#pragma once
// Pyro's ClippedAdam (pyro.optim.ClippedAdam): Adam with each gradient element
// clamped to [-clip_norm, clip_norm] and a learning rate that decays by lrd per
// update. With t the parameter's update count (1 on the first):
//   g <- clamp(g, -clip_norm, clip_norm) + weight_decay * p
//   m <- beta1 * m + (1 - beta1) * g
//   v <- beta2 * v + (1 - beta2) * g^2
//   lr_t = lr * lrd^t
//   p <- p - lr_t * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
// Pyro multiplies the rate by lrd before each update, so even the first update
// uses lr * lrd; pyro.optim keeps one such optimizer per parameter, so the decay
// counts that parameter's updates, as t does here. lr() stays the undecayed lr
// (schedulers scale it). Unlike Pyro, the clamp does not overwrite grad().
#include <memory>
#include <vector>

#include "tyche/optim/optimizer.h"

namespace tyche::optim {

// ClippedAdam hyperparameters (clip_norm > 0, lrd > 0).
struct ClippedAdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
  double clip_norm = 10.0;
  double lrd = 1.0;
};

// Buffers: "exp_avg" (m), "exp_avg_sq" (v).
class ClippedAdam : public Optimizer {
 public:
  explicit ClippedAdam(ClippedAdamOptions options = {}) : ClippedAdam({}, options) {}
  ClippedAdam(const std::vector<Tensor>& params, ClippedAdamOptions options);
  const ClippedAdamOptions& options() const { return options_; }
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<ClippedAdam>(*this); }

 protected:
  void update(Tensor& param, const Tensor& grad, ParamState& state) override;

 private:
  ClippedAdamOptions options_;
};

}  // namespace tyche::optim
