#pragma once
// Bernoulli(probs) or Bernoulli(Logits(logits)): P(x) = p^x (1 - p)^(1 - x),
// x in {0, 1}, with p = probs = sigmoid(logits) (logits are the log-odds).
// probs in [0, 1], logits real; support boolean. Draws are floating 0/1 of the
// parameter's dtype; not reparameterised. log_prob is x logits - softplus(logits)
// when built from logits (finite for any finite logit) and
// x log p + (1 - x) log(1 - p) (0 log 0 = 0) when built from probs; both are
// differentiable w.r.t. the parameter given.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Bernoulli : public Cloneable<Bernoulli> {
 public:
  explicit Bernoulli(Arg probs);
  explicit Bernoulli(Logits logits);
  std::string name() const override { return "Bernoulli"; }
  Constraint support() const override { return constraints::boolean; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  // The parameter given, or the other one computed from it on each call.
  Tensor probs() const;
  Tensor logits() const;

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor param_;  // probs, or logits when from_logits_ (broadcastable to batch_shape); the
                  // other is derived only when asked for: log_prob needs just the given one
  bool from_logits_;
};

}  // namespace tyche::dist
