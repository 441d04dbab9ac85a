#include <algorithm>

#include "tyche/distributions/transforms.h"
#include "transform_util.h"

namespace tyche::dist {

ComposeTransform::ComposeTransform(std::vector<Transform> parts) : parts_(std::move(parts)) {}

Tensor ComposeTransform::forward(const Tensor& x) const {
  Tensor v = x;
  for (const Transform& p : parts_) v = p.forward(v);
  return v;
}

Tensor ComposeTransform::inverse(const Tensor& y) const {
  Tensor v = y;
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) v = it->inverse(v);
  return v;
}

// Each part's log-det summed over the dims that are event dims of the whole
// but batch dims of the part (torch's ComposeTransform).
Tensor ComposeTransform::log_abs_det_jacobian(const Tensor& x, const Tensor& y) const {
  if (parts_.empty()) return zeros_like(x, detail::float_dtype(x));
  Tensor total, v = x;
  int event_dim = domain().event_dim();
  for (size_t i = 0; i < parts_.size(); ++i) {
    const Transform& p = parts_[i];
    Tensor next = i + 1 == parts_.size() ? y : p.forward(v);
    Tensor term = detail::sum_rightmost(p.log_abs_det_jacobian(v, next), event_dim - p.domain().event_dim());
    total = total.defined() ? total + term : term;
    event_dim += p.codomain().event_dim() - p.domain().event_dim();
    v = next;
  }
  return total;
}

// The first part's domain, with enough event dims for every later part.
Constraint ComposeTransform::domain() const {
  if (parts_.empty()) return constraints::real;
  Constraint d = parts_.front().domain();
  int event_dim = parts_.back().codomain().event_dim();
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) {
    event_dim += it->domain().event_dim() - it->codomain().event_dim();
    event_dim = std::max(event_dim, it->domain().event_dim());
  }
  return detail::independent_of(d, event_dim - d.event_dim());
}

// The last part's codomain, with enough event dims for every earlier part.
Constraint ComposeTransform::codomain() const {
  if (parts_.empty()) return constraints::real;
  Constraint c = parts_.back().codomain();
  int event_dim = parts_.front().domain().event_dim();
  for (const Transform& p : parts_) {
    event_dim += p.codomain().event_dim() - p.domain().event_dim();
    event_dim = std::max(event_dim, p.codomain().event_dim());
  }
  return detail::independent_of(c, event_dim - c.event_dim());
}

Shape ComposeTransform::forward_shape(IntList s) const {
  Shape r = s.shape();
  for (const Transform& p : parts_) r = p.forward_shape(r);
  return r;
}

Shape ComposeTransform::inverse_shape(IntList s) const {
  Shape r = s.shape();
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) r = it->inverse_shape(r);
  return r;
}

}  // namespace tyche::dist
