#include "tyche/inference/svi.h"

namespace tyche::infer::detail {

SVIEngine::SVIEngine(const optim::Optimizer& optimizer, const ELBO& loss)
    : optimizer_(optimizer.clone()), loss_(loss.clone()) {}

double SVIEngine::step(const Program& model, const Program& guide) {
  LossResult r = loss_->loss_and_surrogate(model, guide);
  optimizer_->add_params(r.params);
  optimizer_->zero_grad();
  r.surrogate.backward();
  optimizer_->step();
  return r.loss;
}

}  // namespace tyche::infer::detail
