#pragma once
// Categorical(probs) or Categorical(Logits(logits)) over K categories:
// P(x = k) = probs[..., k], k = 0..K-1. probs [..., K] are non-negative and
// normalised on construction (they need not sum to 1); logits [..., K] are
// unnormalised log-probabilities, stored normalised (logits - logsumexp).
// batch_shape = probs.shape[:-1], event_shape []; support
// integer_interval(0, K - 1). Draws are int64 indices; log_prob accepts int64
// or integer-valued floating values and gathers the normalised logits
// (differentiable w.r.t. probs / logits). mean and variance are those of the
// index k (sum_k k p_k, ...); torch.distributions gives NaN there instead.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Categorical : public Cloneable<Categorical> {
 public:
  explicit Categorical(Arg probs);
  explicit Categorical(Logits logits);
  std::string name() const override { return "Categorical"; }
  Constraint support() const override;
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  // probs [..., K] (summing to 1) and logits [..., K] (log probs, normalised).
  const Tensor& probs() const { return probs_; }
  const Tensor& logits() const { return logits_; }
  int64_t num_categories() const { return probs_.size(-1); }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  void set_batch_shape(const char* param, const Tensor& t);
  Tensor probs_, logits_;
};

}  // namespace tyche::dist
