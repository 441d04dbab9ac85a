#include "tyche/distributions/bernoulli.h"

#include "../param_util.h"
#include "probs_logits.h"

namespace tyche::dist {

Bernoulli::Bernoulli(Arg probs) : Cloneable({}, {}), param_(probs.tensor()), from_logits_(false) {
  batch_shape_ = detail::broadcast_params("Bernoulli", {&param_});
  validate_param("probs", param_, constraints::unit_interval);
}

Bernoulli::Bernoulli(Logits logits) : Cloneable({}, {}), param_(logits.value), from_logits_(true) {
  batch_shape_ = detail::broadcast_params("Bernoulli", {&param_});
  validate_param("logits", param_, constraints::real);
}

Tensor Bernoulli::probs() const { return from_logits_ ? sigmoid(param_) : param_; }
Tensor Bernoulli::logits() const { return from_logits_ ? param_ : detail::probs_to_logits_binary(param_); }

Tensor Bernoulli::mean() const { return probs().expand(batch_shape_); }
Tensor Bernoulli::variance() const {
  const Tensor p = probs();
  return (p * (1.0 - p)).expand(batch_shape_);
}

// -p log p - (1 - p) log(1 - p); from logits, p softplus(-l) + (1 - p) softplus(l).
Tensor Bernoulli::entropy() const {
  const Tensor p = probs();
  Tensor h = from_logits_ ? p * softplus(-param_) + (1.0 - p) * softplus(param_)
                          : -(detail::xlogy(p, p) + detail::xlogy(1.0 - p, 1.0 - p));
  return h.expand(batch_shape_);
}

Tensor Bernoulli::sample_impl(Generator& gen, IntList sample_shape) const {
  return bernoulli(probs().expand(shape(sample_shape)), gen);
}

Tensor Bernoulli::log_prob_impl(const Tensor& value) const {
  Tensor x = detail::as_floating(value, param_.dtype());
  if (from_logits_) return bernoulli_logits_log_prob(x, param_);  // one graph node
  return detail::xlogy(x, param_) + detail::xlogy(1.0 - x, 1.0 - param_);
}

}  // namespace tyche::dist
