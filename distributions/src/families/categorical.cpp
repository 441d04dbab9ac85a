#include "tyche/distributions/categorical.h"

#include "../param_util.h"

namespace tyche::dist {

void Categorical::set_batch_shape(const char* param, const Tensor& t) {
  TYCHE_CHECK(t.dim() >= 1 && t.size(-1) >= 1, name(), "parameter ", param,
              " must have a last dim of at least one category, got shape ", t.sizes());
  batch_shape_ = Shape(t.sizes().begin(), t.sizes().end() - 1);
}

Categorical::Categorical(Arg probs) : Cloneable({}, {}), probs_(probs.tensor()) {
  detail::broadcast_params("Categorical", {&probs_});
  set_batch_shape("probs", probs_);
  probs_ = probs_ / probs_.sum({-1}, true);
  validate_param("probs", probs_, constraints::simplex);
  logits_ = log(probs_);
}

Categorical::Categorical(Logits logits) : Cloneable({}, {}), logits_(logits.value) {
  detail::broadcast_params("Categorical", {&logits_});
  set_batch_shape("logits", logits_);
  validate_param("logits", logits_, constraints::real_vector);
  logits_ = logits_ - logsumexp(logits_, {-1}, true);
  probs_ = exp(logits_);
}

Constraint Categorical::support() const {
  return constraints::integer_interval(0.0, static_cast<double>(num_categories() - 1));
}

Tensor Categorical::mean() const {
  Tensor k = arange(num_categories(), probs_.dtype());
  return (probs_ * k).sum({-1});
}

Tensor Categorical::variance() const {
  Tensor k = arange(num_categories(), probs_.dtype());
  Tensor m = (probs_ * k).sum({-1}, true);
  return (probs_ * (k - m).pow(2)).sum({-1});
}

// -sum_k p_k log p_k, with 0 log 0 = 0 (logits may be -inf there).
Tensor Categorical::entropy() const { return -(probs_ * where(probs_ == 0.0, 0.0, logits_)).sum({-1}); }

// One multinomial call draws every sample of a batch row: [batch..., n], then
// the sample dim moves to the front.
Tensor Categorical::sample_impl(Generator& gen, IntList sample_shape) const {
  const Shape out_shape = shape(sample_shape);
  const int64_t n = numel_of(sample_shape);
  if (n == 0 || numel_of(batch_shape_) == 0) return zeros(out_shape, kInt64);
  Tensor draws = multinomial(probs_, n, true, gen);  // batch_shape + [n]
  const int64_t last = draws.dim() - 1;
  Shape perm{last};
  for (int64_t d = 0; d < last; ++d) perm.push_back(d);
  return draws.permute(perm).reshape(out_shape);
}

Tensor Categorical::log_prob_impl(const Tensor& value) const {
  Shape out = broadcast_shapes(value.sizes(), batch_shape_, "Categorical log_prob");
  Shape idx_shape = out, logits_shape = out;
  idx_shape.push_back(1);
  logits_shape.push_back(num_categories());
  Tensor idx = value.to(kInt64).unsqueeze(-1).expand(idx_shape);
  return gather(logits_.expand(logits_shape), -1, idx).squeeze(-1);
}

}  // namespace tyche::dist
