#pragma once
// Adam and AdamW (torch.optim.Adam / AdamW). With g the gradient, t the
// parameter's update count, m and v the moment estimates:
//   Adam:  g <- g + weight_decay * p          (L2 penalty in the gradient)
//   AdamW: p <- p * (1 - lr * weight_decay)   (decoupled weight decay)
//   m <- beta1 * m + (1 - beta1) * g
//   v <- beta2 * v + (1 - beta2) * g^2
//   p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
#include <memory>
#include <vector>

#include "tyche/optim/optimizer.h"

namespace tyche::optim {

// Adam hyperparameters (betas in [0, 1), eps >= 0, weight_decay >= 0).
struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

// AdamW hyperparameters: as Adam's, with PyTorch's default weight_decay 1e-2.
struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
};

// Buffers: "exp_avg" (m), "exp_avg_sq" (v).
class Adam : public Optimizer {
 public:
  explicit Adam(AdamOptions options = {}) : Adam({}, options) {}
  Adam(const std::vector<Tensor>& params, AdamOptions options)
      : Adam("Adam", params, options, /*decoupled=*/false) {}
  const AdamOptions& options() const { return options_; }   // options().lr: the initial lr
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adam>(*this); }

 protected:
  // decoupled: AdamW's weight decay (scales p) instead of an L2 term in g.
  Adam(const char* name, const std::vector<Tensor>& params, AdamOptions options, bool decoupled);
  void update(Tensor& param, const Tensor& grad, ParamState& state) override;

 private:
  AdamOptions options_;
  bool decoupled_;
};

// Adam with decoupled weight decay (Loshchilov & Hutter).
class AdamW : public Adam {
 public:
  explicit AdamW(AdamWOptions options = {}) : AdamW({}, options) {}
  AdamW(const std::vector<Tensor>& params, AdamWOptions options)
      : Adam("AdamW", params,
             {.lr = options.lr, .beta1 = options.beta1, .beta2 = options.beta2, .eps = options.eps,
              .weight_decay = options.weight_decay},
             /*decoupled=*/true) {}
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<AdamW>(*this); }
};

}  // namespace tyche::optim
