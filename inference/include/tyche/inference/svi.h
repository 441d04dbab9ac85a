#pragma once
// Stochastic variational inference (Pyro's SVI): each step runs the guide and
// the model on the step's arguments, evaluates the loss (an ELBO), and takes
// one optimizer step on every ParamStore parameter the two used (parameters
// created on the way are added to the optimizer as they appear).
//
//   auto guide = infer::AutoNormal(model);
//   infer::SVI svi(model, guide, optim::Adam({.lr = 1e-2}), infer::TraceELBO());
//   for (int i = 0; i < 2000; ++i) double loss = svi.step(X, y);
#include <memory>
#include <utility>
#include <vector>

#include "tyche/inference/elbo.h"
#include "tyche/optim/optimizer.h"

namespace tyche::infer {

namespace detail {
// The non-template part of SVI: the optimizer and the loss.
class SVIEngine {
 public:
  SVIEngine(const optim::Optimizer& optimizer, const ELBO& loss);
  double step(const Program& model, const Program& guide);
  double evaluate_loss(const Program& model, const Program& guide) { return loss_->loss(model, guide); }
  std::vector<double> run(int64_t num_steps, const Program& model, const Program& guide);
  optim::Optimizer& optimizer() { return *optimizer_; }
  ELBO& loss() { return *loss_; }

 private:
  std::unique_ptr<optim::Optimizer> optimizer_;
  std::unique_ptr<ELBO> loss_;
};
}  // namespace detail

// model and guide: any callables taking the arguments given to step(); the
// optimizer and loss are copied (the optimizer's parameters are shared).
template <class Model, class Guide>
class SVI {
 public:
  SVI(Model model, Guide guide, const optim::Optimizer& optimizer, const ELBO& loss)
      : model_(std::move(model)), guide_(std::move(guide)), engine_(optimizer, loss) {}

  // One gradient step; returns the loss (-ELBO estimate) before the step.
  template <class... A>
  double step(A&&... args) {
    return engine_.step([&] { model_(args...); }, [&] { guide_(args...); });
  }
  // num_steps steps (a progress bar with the running loss on a terminal);
  // returns each step's loss.
  template <class... A>
  std::vector<double> run(int64_t num_steps, A&&... args) {
    return engine_.run(num_steps, [&] { model_(args...); }, [&] { guide_(args...); });
  }
  // The loss without a step (nothing is recorded for gradients).
  template <class... A>
  double evaluate_loss(A&&... args) {
    return engine_.evaluate_loss([&] { model_(args...); }, [&] { guide_(args...); });
  }

  const Model& model() const { return model_; }
  const Guide& guide() const { return guide_; }
  optim::Optimizer& optimizer() { return engine_.optimizer(); }

 private:
  Model model_;
  Guide guide_;
  detail::SVIEngine engine_;
};

}  // namespace tyche::infer
