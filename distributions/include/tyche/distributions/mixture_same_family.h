#pragma once
// MixtureSameFamily(mixture, components): p(x) = sum_k pi_k p_k(x), where
// mixture is a Categorical over K with batch_shape B and components has
// batch_shape B + [K] (the rightmost batch dim indexes the component) and
// event shape E. batch_shape B, event_shape E. log_prob by logsumexp over k.
// Not reparameterised (the component index is discrete).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class MixtureSameFamily : public Cloneable<MixtureSameFamily> {
 public:
  MixtureSameFamily(const Distribution& mixture, const Distribution& components);
  std::string name() const override { return "MixtureSameFamily(" + components_->name() + ")"; }
  Constraint support() const override;
  Tensor mean() const override;
  Tensor variance() const override;
  const Distribution& mixture_distribution() const { return *mixture_; }
  const Distribution& component_distribution() const { return *components_; }
  // log pi_k, shape B + [K].
  Tensor mixture_log_probs() const;

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;

 private:
  // x of shape S + B + E -> S + B + [1] + E, to broadcast against the components.
  Tensor pad(const Tensor& x) const;
  std::shared_ptr<const Distribution> mixture_, components_;
  int64_t k_;
};

}  // namespace tyche::dist
