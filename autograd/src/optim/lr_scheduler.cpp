// StepLR and ExponentialLR (torch.optim.lr_scheduler, chainable form).
#include "tyche/optim/lr_scheduler.h"

namespace tyche::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(&optimizer), base_lr_(optimizer.lr()) {}

void LRScheduler::step() {
  ++last_epoch_;
  optimizer_->set_lr(next_lr(optimizer_->lr()));
}

StepLR::StepLR(Optimizer& optimizer, int64_t step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  TYCHE_CHECK(step_size > 0, "StepLR", "step_size must be > 0, got ", step_size);
  TYCHE_CHECK(gamma >= 0, "StepLR", "gamma must be >= 0, got ", gamma);
}

double StepLR::next_lr(double lr) const { return last_epoch() % step_size_ == 0 ? lr * gamma_ : lr; }

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma) : LRScheduler(optimizer), gamma_(gamma) {
  TYCHE_CHECK(gamma >= 0, "ExponentialLR", "gamma must be >= 0, got ", gamma);
}

double ExponentialLR::next_lr(double lr) const { return lr * gamma_; }

}  // namespace tyche::optim
