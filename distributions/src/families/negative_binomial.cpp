#include "tyche/distributions/negative_binomial.h"

#include "../param_util.h"
#include "probs_logits.h"

namespace tyche::dist {

NegativeBinomial::NegativeBinomial(Arg total_count, Arg probs)
    : Cloneable({}, {}), total_count_(total_count.tensor()), probs_(probs.tensor()), from_logits_(false) {
  batch_shape_ = detail::broadcast_params("NegativeBinomial", {&total_count_, &probs_});
  validate_param("total_count", total_count_, constraints::nonnegative);
  validate_param("probs", probs_, constraints::unit_interval);
  validate_param("probs", probs_, constraints::less_than(1.0));
  logits_ = detail::probs_to_logits_binary(probs_);
}

NegativeBinomial::NegativeBinomial(Arg total_count, Logits logits)
    : Cloneable({}, {}), total_count_(total_count.tensor()), logits_(logits.value), from_logits_(true) {
  batch_shape_ = detail::broadcast_params("NegativeBinomial", {&total_count_, &logits_});
  validate_param("total_count", total_count_, constraints::nonnegative);
  validate_param("logits", logits_, constraints::real);
  probs_ = sigmoid(logits_);
}

namespace {
// The odds p / (1 - p), exp(logits) when built from logits.
Tensor odds(const Tensor& probs, const Tensor& logits, bool from_logits) {
  return from_logits ? exp(logits) : probs / (1.0 - probs);
}
}  // namespace

Tensor NegativeBinomial::mean() const {
  return (total_count_ * odds(probs_, logits_, from_logits_)).expand(batch_shape_);
}

Tensor NegativeBinomial::variance() const {
  return (total_count_ * odds(probs_, logits_, from_logits_) / (1.0 - probs_)).expand(batch_shape_);
}

// Gamma-Poisson mixture: lambda ~ Gamma(r, rate (1 - p) / p) = odds * Gamma(r, 1),
// k ~ Poisson(lambda). r = 0 is a point mass at 0 (gamma() needs r > 0).
Tensor NegativeBinomial::sample_impl(Generator& gen, IntList sample_shape) const {
  const Shape s = shape(sample_shape);
  Tensor r = total_count_.expand(s);
  Tensor positive = r > 0.0;
  Tensor g = gamma(where(positive, r, 1.0), gen);
  Tensor lambda = where(positive, g * odds(probs_, logits_, from_logits_), 0.0);
  return poisson(lambda, gen);
}

// log Gamma(r + k) - log k! - log Gamma(r) + k log p + r log(1 - p); the
// normaliser is 0 where r + k = 0 (the point mass of r = 0; -inf for k > 0).
Tensor NegativeBinomial::log_prob_impl(const Tensor& value) const {
  Tensor k = detail::as_floating(value, probs_.dtype());
  const Tensor& r = total_count_;
  Tensor mass = from_logits_ ? r * log_sigmoid(-logits_) + k * log_sigmoid(logits_)
                             : detail::xlogy(r, 1.0 - probs_) + detail::xlogy(k, probs_);
  Tensor empty = (r + k) == 0.0;
  Tensor norm = lgamma(where(empty, 1.0, r + k)) - lgamma(k + 1.0) - lgamma(r);
  return mass + where(empty, 0.0, norm);
}

}  // namespace tyche::dist
