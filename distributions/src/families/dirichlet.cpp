#include "tyche/distributions/dirichlet.h"

#include "../param_util.h"
#include "log_standard_gamma.h"
#include "xlogy.h"

namespace tyche::dist {

Dirichlet::Dirichlet(Arg concentration) : Cloneable({}, {}), concentration_(concentration.tensor()) {
  TYCHE_CHECK(concentration_.defined() && concentration_.dim() >= 1, "Dirichlet",
              "parameter concentration must have at least one dim (the categories), got shape ",
              concentration_.defined() ? concentration_.sizes() : IntList{});
  detail::broadcast_params("Dirichlet", {&concentration_});
  const IntList s = concentration_.sizes();
  batch_shape_ = Shape(s.begin(), s.end() - 1);
  event_shape_ = Shape{s[s.size() - 1]};
  validate_param("concentration", concentration_, constraints::independent(constraints::positive, 1));
}

Tensor Dirichlet::mean() const {
  return (concentration_ / concentration_.sum({-1}, true)).expand(shape());
}
Tensor Dirichlet::variance() const {
  const Tensor& a = concentration_;
  Tensor a0 = a.sum({-1}, true);
  return (a * (a0 - a) / (a0.pow(2) * (a0 + 1.0))).expand(shape());
}
Tensor Dirichlet::entropy() const {
  const Tensor& a = concentration_;
  const double k = static_cast<double>(a.size(-1));
  Tensor a0 = a.sum({-1});
  return lgamma(a).sum({-1}) - lgamma(a0) + (a0 - k) * digamma(a0) - ((a - 1.0) * digamma(a)).sum({-1});
}

Tensor Dirichlet::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor log_g = detail::log_standard_gamma(concentration_.expand(shape(sample_shape)), gen);
  return clamp(softmax(log_g, -1), detail::finfo_tiny(log_g.dtype()));
}

Tensor Dirichlet::log_prob_impl(const Tensor& value) const {
  const Tensor& a = concentration_;
  return detail::xlogy(a - 1.0, value).sum({-1}) + lgamma(a.sum({-1})) - lgamma(a).sum({-1});
}

}  // namespace tyche::dist
