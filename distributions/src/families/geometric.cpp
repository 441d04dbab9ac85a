#include "tyche/distributions/geometric.h"

#include "../param_util.h"
#include "probs_logits.h"

namespace tyche::dist {

Geometric::Geometric(Arg probs) : Cloneable({}, {}), probs_(probs.tensor()), from_logits_(false) {
  batch_shape_ = detail::broadcast_params("Geometric", {&probs_});
  validate_param("probs", probs_, constraints::unit_interval);
  validate_param("probs", probs_, constraints::greater_than(0.0));
  logits_ = detail::probs_to_logits_binary(probs_);
}

Geometric::Geometric(Logits logits) : Cloneable({}, {}), logits_(logits.value), from_logits_(true) {
  batch_shape_ = detail::broadcast_params("Geometric", {&logits_});
  validate_param("logits", logits_, constraints::real);
  probs_ = sigmoid(logits_);
}

Tensor Geometric::mean() const {
  Tensor m = from_logits_ ? exp(-logits_) : (1.0 - probs_) / probs_;
  return m.expand(batch_shape_);
}

Tensor Geometric::variance() const {
  Tensor m = from_logits_ ? exp(-logits_) : (1.0 - probs_) / probs_;
  return (m / probs_).expand(batch_shape_);
}

Tensor Geometric::entropy() const {
  Tensor h = from_logits_ ? probs_ * softplus(-logits_) + (1.0 - probs_) * softplus(logits_)
                          : -(detail::xlogy(probs_, probs_) + detail::xlogy(1.0 - probs_, 1.0 - probs_));
  return (h / probs_).expand(batch_shape_);
}

// Inversion: P(X >= k) = (1 - p)^k, so floor(log V / log(1 - p)) with
// V = 1 - U in (0, 1]. (+ 0.0 turns the -0 of V = 1 into 0.)
Tensor Geometric::sample_impl(Generator& gen, IntList sample_shape) const {
  Tensor u = rand(shape(sample_shape), gen, probs_.dtype());
  Tensor log_q = from_logits_ ? -softplus(logits_) : log1p(-probs_);
  return floor(log1p(-u) / log_q) + 0.0;
}

Tensor Geometric::log_prob_impl(const Tensor& value) const {
  Tensor k = detail::as_floating(value, probs_.dtype());
  if (from_logits_) return -k * softplus(logits_) - softplus(-logits_);
  return detail::xlogy(k, 1.0 - probs_) + log(probs_);
}

}  // namespace tyche::dist
