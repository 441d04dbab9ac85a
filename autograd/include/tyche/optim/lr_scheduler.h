#pragma once
// Learning-rate schedulers (torch.optim.lr_scheduler, chainable form): each
// step() advances one epoch and rescales the optimizer's current lr.
//
//   optim::SGD opt({w}, {.lr = 0.1});
//   optim::StepLR sched(opt, /*step_size=*/30, /*gamma=*/0.1);
//   for (int epoch = 0; epoch < 100; ++epoch) { train(opt); sched.step(); }
#include <cstdint>

#include "tyche/optim/optimizer.h"

namespace tyche::optim {

// Base of the schedulers; holds a pointer to the optimizer, which must outlive it.
class LRScheduler {
 public:
  virtual ~LRScheduler() = default;
  // Advances last_epoch() by one and sets the optimizer's lr for that epoch.
  void step();
  double last_lr() const { return optimizer_->lr(); }    // the optimizer's current lr
  int64_t last_epoch() const { return last_epoch_; }     // step() calls so far
  double base_lr() const { return base_lr_; }            // the lr when the scheduler was made

 protected:
  explicit LRScheduler(Optimizer& optimizer);
  // The lr for epoch last_epoch() (>= 1), given the lr of the epoch before.
  virtual double next_lr(double lr) const = 0;

 private:
  Optimizer* optimizer_;
  int64_t last_epoch_ = 0;
  double base_lr_;
};

// lr = base_lr * gamma^floor(epoch / step_size): multiplies by gamma every step_size epochs.
class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, int64_t step_size, double gamma = 0.1);

 protected:
  double next_lr(double lr) const override;

 private:
  int64_t step_size_;
  double gamma_;
};

// lr = base_lr * gamma^epoch: multiplies by gamma every epoch.
class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, double gamma);

 protected:
  double next_lr(double lr) const override;

 private:
  double gamma_;
};

}  // namespace tyche::optim
