#include "tyche/distributions/delta.h"

#include <limits>

#include "param_util.h"

namespace tyche::dist {

Delta::Delta(Arg v, Arg log_density, int event_dim)
    : Cloneable({}, {}), v_(v.tensor()), log_density_(log_density.tensor()) {
  TYCHE_CHECK(event_dim >= 0 && event_dim <= v_.dim(), "Delta", "event_dim ", event_dim,
              " must lie in [0, ", v_.dim(), "] for v of shape ", v_.sizes());
  if (!is_floating(v_.dtype())) v_ = v_.to(default_dtype());
  if (log_density_.dtype() != v_.dtype()) log_density_ = log_density_.to(v_.dtype());
  IntList s = v_.sizes();
  batch_shape_ = Shape(s.begin(), s.end() - event_dim);
  event_shape_ = Shape(s.end() - event_dim, s.end());
  validate_param("v", v_, constraints::independent(constraints::real, event_dim));
}

Constraint Delta::support() const {
  return constraints::independent(constraints::real, static_cast<int>(event_shape_.size()));
}

Tensor Delta::rsample_impl(Generator&, IntList sample_shape) const { return v_.expand(shape(sample_shape)); }

Tensor Delta::log_prob_impl(const Tensor& value) const {
  const int ne = static_cast<int>(event_shape_.size());
  Tensor hit = value == v_;
  if (ne > 0) {
    Shape dims;
    for (int i = 1; i <= ne; ++i) dims.push_back(-i);
    hit = all(hit, dims);
  }
  return where(hit, log_density_, -std::numeric_limits<double>::infinity());
}

}  // namespace tyche::dist
