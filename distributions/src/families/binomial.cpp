#include "tyche/distributions/binomial.h"

#include "../param_util.h"
#include "probs_logits.h"

namespace tyche::dist {

Binomial::Binomial(Arg total_count, Arg probs)
    : Cloneable({}, {}), total_count_(total_count.tensor()), probs_(probs.tensor()), from_logits_(false) {
  batch_shape_ = detail::broadcast_params("Binomial", {&total_count_, &probs_});
  validate_param("total_count", total_count_, constraints::nonnegative_integer);
  validate_param("probs", probs_, constraints::unit_interval);
  logits_ = detail::probs_to_logits_binary(probs_);
}

Binomial::Binomial(Arg total_count, Logits logits)
    : Cloneable({}, {}), total_count_(total_count.tensor()), logits_(logits.value), from_logits_(true) {
  batch_shape_ = detail::broadcast_params("Binomial", {&total_count_, &logits_});
  validate_param("total_count", total_count_, constraints::nonnegative_integer);
  validate_param("logits", logits_, constraints::real);
  probs_ = sigmoid(logits_);
}

Constraint Binomial::support() const {
  return constraints::integer_interval(zeros({}, total_count_.dtype()), total_count_);
}

Tensor Binomial::mean() const { return (total_count_ * probs_).expand(batch_shape_); }
Tensor Binomial::variance() const { return (total_count_ * probs_ * (1.0 - probs_)).expand(batch_shape_); }

Tensor Binomial::sample_impl(Generator& gen, IntList sample_shape) const {
  const Shape s = shape(sample_shape);
  return binomial(total_count_.expand(s), probs_.expand(s), gen);
}

Tensor Binomial::log_prob_impl(const Tensor& value) const {
  Tensor k = detail::as_floating(value, probs_.dtype());
  const Tensor& n = total_count_;
  Tensor log_choose = lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
  if (from_logits_) return log_choose + k * logits_ - n * softplus(logits_);
  return log_choose + detail::xlogy(k, probs_) + detail::xlogy(n - k, 1.0 - probs_);
}

}  // namespace tyche::dist
