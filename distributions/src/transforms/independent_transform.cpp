#include "tyche/distributions/transforms.h"
#include "transform_util.h"

namespace tyche::dist {

IndependentTransform::IndependentTransform(Transform base, int reinterpreted_batch_ndims)
    : base_(std::move(base)), n_(reinterpreted_batch_ndims) {
  TYCHE_CHECK(n_ >= 0, "IndependentTransform", "reinterpreted_batch_ndims must be >= 0, got ", n_);
}

Tensor IndependentTransform::forward(const Tensor& x) const { return base_.forward(x); }
Tensor IndependentTransform::inverse(const Tensor& y) const { return base_.inverse(y); }
Tensor IndependentTransform::log_abs_det_jacobian(const Tensor& x, const Tensor& y) const {
  return detail::sum_rightmost(base_.log_abs_det_jacobian(x, y), n_);
}
Constraint IndependentTransform::domain() const { return detail::independent_of(base_.domain(), n_); }
Constraint IndependentTransform::codomain() const { return detail::independent_of(base_.codomain(), n_); }
Shape IndependentTransform::forward_shape(IntList s) const { return base_.forward_shape(s); }
Shape IndependentTransform::inverse_shape(IntList s) const { return base_.inverse_shape(s); }

}  // namespace tyche::dist
