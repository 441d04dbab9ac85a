#pragma once
// Multinomial(total_count, probs) or Multinomial(total_count, Logits(logits)):
// counts x [..., K] of total_count draws from a Categorical,
// P(x) = n! / prod_k x_k! prod_k p_k^x_k, sum_k x_k = n. total_count is one
// non-negative int for the whole batch; probs / logits as Categorical
// (normalised). batch_shape = probs.shape[:-1], event_shape [K]; support
// multinomial(total_count). Draws are floating counts (the parameter's
// dtype); log_prob is differentiable w.r.t. probs / logits.
#include <cstdint>

#include "tyche/distributions/categorical.h"

namespace tyche::dist {

class Multinomial : public Cloneable<Multinomial> {
 public:
  Multinomial(int64_t total_count, Arg probs);
  Multinomial(int64_t total_count, Logits logits);
  std::string name() const override { return "Multinomial"; }
  Constraint support() const override;
  // mean n p, variance n p (1 - p), per component.
  Tensor mean() const override;
  Tensor variance() const override;
  int64_t total_count() const { return total_count_; }
  const Tensor& probs() const { return categorical_.probs(); }
  const Tensor& logits() const { return categorical_.logits(); }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  void init();
  int64_t total_count_;
  double log_n_factorial_ = 0;  // log(total_count!)
  Categorical categorical_;
};

}  // namespace tyche::dist
