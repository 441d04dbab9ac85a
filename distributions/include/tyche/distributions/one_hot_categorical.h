#pragma once
// OneHotCategorical(probs) or OneHotCategorical(Logits(logits)): a Categorical
// over K categories whose draws are one-hot vectors, P(x) = prod_k p_k^x_k.
// Parameters as Categorical (probs normalised, logits stored normalised);
// batch_shape = probs.shape[:-1], event_shape [K]; support one_hot. Draws are
// floating (the parameter's dtype); log_prob gathers the logits at the 1 of
// each value (differentiable w.r.t. probs / logits).
#include "tyche/distributions/categorical.h"

namespace tyche::dist {

class OneHotCategorical : public Cloneable<OneHotCategorical> {
 public:
  explicit OneHotCategorical(Arg probs);
  explicit OneHotCategorical(Logits logits);
  std::string name() const override { return "OneHotCategorical"; }
  Constraint support() const override { return constraints::one_hot; }
  // mean p, variance p (1 - p), per component; entropy as the Categorical's.
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& probs() const { return categorical_.probs(); }
  const Tensor& logits() const { return categorical_.logits(); }
  const Categorical& categorical() const { return categorical_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Categorical categorical_;
};

}  // namespace tyche::dist
