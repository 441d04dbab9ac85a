#include "tyche/distributions/von_mises.h"

#include <cmath>

#include "../param_util.h"

namespace tyche::dist {

namespace {
const double kLog2Pi = std::log(2 * detail::kPi);
}  // namespace

VonMises::VonMises(Arg loc, Arg concentration)
    : Cloneable({}, {}), loc_(loc.tensor()), concentration_(concentration.tensor()) {
  batch_shape_ = detail::broadcast_params("VonMises", {&loc_, &concentration_});
  validate_param("loc", loc_, constraints::real);
  validate_param("concentration", concentration_, constraints::positive);
}

Tensor VonMises::mean() const { return loc_.expand(batch_shape_); }
Tensor VonMises::variance() const {
  return (1.0 - i1e(concentration_) / i0e(concentration_)).expand(batch_shape_);
}
// log(2 pi I0(k)) - k I1(k) / I0(k) = log(2 pi) + log(i0e(k)) + k (1 - i1e(k) / i0e(k)).
Tensor VonMises::entropy() const {
  const Tensor& k = concentration_;
  return (kLog2Pi + log(i0e(k)) + k * (1.0 - i1e(k) / i0e(k))).expand(batch_shape_);
}

Tensor VonMises::sample_impl(Generator& gen, IntList sample_shape) const {
  const Shape s = shape(sample_shape);
  return von_mises(loc_.expand(s), concentration_.expand(s), gen);
}

Tensor VonMises::log_prob_impl(const Tensor& value) const {
  const Tensor& k = concentration_;
  return k * cos(value - loc_) - kLog2Pi - log(i0e(k)) - k;
}

}  // namespace tyche::dist
