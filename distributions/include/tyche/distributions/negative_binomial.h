#pragma once
// NegativeBinomial(total_count, probs) or NegativeBinomial(total_count,
// Logits(logits)): the number of successes before total_count failures, each
// trial succeeding with probability p = probs = sigmoid(logits) (the
// torch.distributions parameterisation):
//   P(k) = Gamma(r + k) / (k! Gamma(r)) p^k (1 - p)^r,  k = 0, 1, ...
// total_count r >= 0 real, probs in [0, 1); support nonnegative_integer.
// Draws are Poisson(Gamma(r, rate = (1 - p) / p)), floating; not
// reparameterised. log_prob is differentiable w.r.t. probs / logits and r.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class NegativeBinomial : public Cloneable<NegativeBinomial> {
 public:
  NegativeBinomial(Arg total_count, Arg probs);
  NegativeBinomial(Arg total_count, Logits logits);
  std::string name() const override { return "NegativeBinomial"; }
  Constraint support() const override { return constraints::nonnegative_integer; }
  // mean r p / (1 - p), variance mean / (1 - p).
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
