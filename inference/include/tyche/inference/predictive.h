#pragma once
// Predictive (Pyro's / NumPyro's Predictive): draws of a model's sites given
// posterior draws (e.g. MCMC output: site -> [num_samples, ...]) or a guide.
// Each of num_samples runs of the model takes the latent values of one draw
// (substituted, or replayed from one run of the guide) and samples the rest:
// pass std::nullopt for observations to get posterior predictive draws.
//
//   infer::Predictive pred(model, guide, 1000);     // or (model, draws)
//   auto ppc = pred(gen, X, std::nullopt);          // site -> [1000, ...]
//
// Returned: with draws, every sample and deterministic site not in draws;
// with a guide, every unobserved sample site and deterministic site of the model.
#include <map>
#include <string>
#include <utility>

#include "tyche/inference/elbo.h"

namespace tyche::infer {

namespace detail {
std::map<std::string, Tensor> predictive_from_draws(Generator& gen, const Program& model,
                                                    const std::map<std::string, Tensor>& draws);
std::map<std::string, Tensor> predictive_from_guide(Generator& gen, const Program& model, const Program& guide,
                                                    int64_t num_samples);
}  // namespace detail

struct NoGuide {};

template <class Model, class Guide = NoGuide>
class Predictive {
 public:
  Predictive(Model model, std::map<std::string, Tensor> draws) : model_(std::move(model)), draws_(std::move(draws)) {}
  Predictive(Model model, Guide guide, int64_t num_samples)
      : model_(std::move(model)), guide_(std::move(guide)), num_samples_(num_samples) {}

  // Site -> draws [num_samples, ...] from num_samples runs (draws from gen).
  template <class... A>
  std::map<std::string, Tensor> operator()(Generator& gen, A&&... args) const {
    Program model = [&] { model_(args...); };
    if constexpr (std::is_same_v<Guide, NoGuide>) {
      return detail::predictive_from_draws(gen, model, draws_);
    } else {
      return detail::predictive_from_guide(gen, model, [&] { guide_(args...); }, num_samples_);
    }
  }

 private:
  Model model_;
  Guide guide_{};
  std::map<std::string, Tensor> draws_;
  int64_t num_samples_ = 0;
};

template <class Model>
Predictive(Model, std::map<std::string, Tensor>) -> Predictive<Model, NoGuide>;
template <class Model, class Guide>
Predictive(Model, Guide, int64_t) -> Predictive<Model, Guide>;

}  // namespace tyche::infer
