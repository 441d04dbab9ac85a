#include "tyche/distributions/bernoulli.h"

#include "../param_util.h"
#include "probs_logits.h"

namespace tyche::dist {

Bernoulli::Bernoulli(Arg probs) : Cloneable({}, {}), probs_(probs.tensor()), from_logits_(false) {
  batch_shape_ = detail::broadcast_params("Bernoulli", {&probs_});
  validate_param("probs", probs_, constraints::unit_interval);
  logits_ = detail::probs_to_logits_binary(probs_);
}

Bernoulli::Bernoulli(Logits logits) : Cloneable({}, {}), logits_(logits.value), from_logits_(true) {
  batch_shape_ = detail::broadcast_params("Bernoulli", {&logits_});
  validate_param("logits", logits_, constraints::real);
  probs_ = sigmoid(logits_);
}

Tensor Bernoulli::mean() const { return probs_.expand(batch_shape_); }
Tensor Bernoulli::variance() const { return (probs_ * (1.0 - probs_)).expand(batch_shape_); }

// -p log p - (1 - p) log(1 - p); from logits, p softplus(-l) + (1 - p) softplus(l).
Tensor Bernoulli::entropy() const {
  Tensor h = from_logits_ ? probs_ * softplus(-logits_) + (1.0 - probs_) * softplus(logits_)
                          : -(detail::xlogy(probs_, probs_) + detail::xlogy(1.0 - probs_, 1.0 - probs_));
  return h.expand(batch_shape_);
}

Tensor Bernoulli::sample_impl(Generator& gen, IntList sample_shape) const {
  return bernoulli(probs_.expand(shape(sample_shape)), gen);
}

Tensor Bernoulli::log_prob_impl(const Tensor& value) const {
  Tensor x = detail::as_floating(value, probs_.dtype());
  if (from_logits_) return x * logits_ - softplus(logits_);
  return detail::xlogy(x, probs_) + detail::xlogy(1.0 - x, 1.0 - probs_);
}

}  // namespace tyche::dist
