#pragma once
// Geometric(probs) or Geometric(Logits(logits)): the number of failures before
// the first success, P(k) = p (1 - p)^k, k = 0, 1, ..., with p = probs =
// sigmoid(logits) in (0, 1] (p = 0 is rejected: it has no distribution).
// Support nonnegative_integer. Draws are floating, floor(log U / log(1 - p))
// with U uniform on (0, 1]; not reparameterised. log_prob is
// -k softplus(logits) - softplus(-logits) from logits and
// k log(1 - p) + log p (0 log 0 = 0) from probs; differentiable w.r.t. either.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Geometric : public Cloneable<Geometric> {
 public:
  explicit Geometric(Arg probs);
  explicit Geometric(Logits logits);
  std::string name() const override { return "Geometric"; }
  Constraint support() const override { return constraints::nonnegative_integer; }
  // mean (1 - p) / p, variance (1 - p) / p^2, entropy (Bernoulli entropy) / p.
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& probs() const { return probs_; }
  const Tensor& logits() const { return logits_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor probs_, logits_;
  bool from_logits_;
};

}  // namespace tyche::dist
