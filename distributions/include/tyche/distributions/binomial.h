#pragma once
// Binomial(total_count, probs) or Binomial(total_count, Logits(logits)):
// P(k) = C(n, k) p^k (1 - p)^(n - k), k = 0..n, with n = total_count (a
// non-negative integer, float-valued tensor) and p = probs = sigmoid(logits).
// Parameters broadcast together; support integer_interval(0, total_count).
// Draws are floating counts (tyche::binomial: inversion or BTRS); not
// reparameterised. log_prob uses k logits - n softplus(logits) from logits
// (finite for any finite logit) and k log p + (n - k) log(1 - p) from probs;
// differentiable w.r.t. probs / logits.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Binomial : public Cloneable<Binomial> {
 public:
  Binomial(Arg total_count, Arg probs);
  Binomial(Arg total_count, Logits logits);
  std::string name() const override { return "Binomial"; }
  Constraint support() const override;
  Tensor mean() const override;
  Tensor variance() const override;
  const Tensor& total_count() const { return total_count_; }
  const Tensor& probs() const { return probs_; }
  const Tensor& logits() const { return logits_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor total_count_, probs_, logits_;
  bool from_logits_;
};

}  // namespace tyche::dist
