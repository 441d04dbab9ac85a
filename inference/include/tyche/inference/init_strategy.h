#pragma once
// Initialisation strategies (Pyro's / NumPyro's init_to_*): where autoguides
// and MCMC start each latent sample site. A strategy maps a site (its
// distribution, shapes, generator) to a constrained initial value shaped like
// a draw from the site. InitMessenger applies one to every latent site of a
// program, so later sites see the initial values of earlier ones.
#include <functional>
#include <map>
#include <string>

#include "tyche/inference/messenger.h"
#include "tyche/inference/trace.h"

namespace tyche::infer {

using InitStrategy = std::function<Tensor(const Site&)>;

// The element-wise median of num_samples draws from the site's distribution,
// mapped back onto the support through biject_to where it leaves it (a simplex
// median is normalised); init_to_feasible when the distribution cannot be sampled.
InitStrategy init_to_median(int64_t num_samples = 15);
// The distribution's mean (init_to_median where it has none or it is not finite).
InitStrategy init_to_mean();
// One draw from the site's distribution.
InitStrategy init_to_sample();
// biject_to(support)(0): e.g. 1 for positive, the centre of an interval.
InitStrategy init_to_feasible();
// biject_to(support)(u) with u ~ Uniform(-radius, radius) in unconstrained space (Stan's default, radius 2).
InitStrategy init_to_uniform(double radius = 2.0);
// The given constrained values for the sites named in values; fallback for the others.
InitStrategy init_to_value(std::map<std::string, Tensor> values, InitStrategy fallback = init_to_median());

// Gives every latent (unobserved, not yet valued) continuous sample site
// inside it the value strategy(site); discrete sites are left to be sampled.
class InitMessenger : public Messenger {
 public:
  explicit InitMessenger(InitStrategy strategy) : strategy_(std::move(strategy)) {}
  void process(Message& msg) override;
 private:
  InitStrategy strategy_;
};

}  // namespace tyche::infer
