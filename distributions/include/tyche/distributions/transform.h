#pragma once
// Transform: a bijection y = f(x) between two constraints' sets, with its
// inverse and log|det df/dx|. A Transform is a cheap copyable handle to an
// immutable TransformImpl; any concrete transform converts to it:
//   dist::Transform t = dist::ExpTransform();   y = t(x);  x = t.inverse(y);
// Shapes: x's rightmost domain().event_dim() dims form one input event, y's
// rightmost codomain().event_dim() dims one output event; log_abs_det_jacobian
// has the shape of x without its event dims (one value per event).
// All three are differentiable (written in autograd ops).
#include <concepts>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "tyche/distributions/constraint.h"
#include "tyche/tensor.h"

namespace tyche::dist {

class TransformImpl {
 public:
  virtual ~TransformImpl() = default;
  virtual std::string name() const = 0;                 // "ExpTransform"
  virtual Tensor forward(const Tensor& x) const = 0;
  virtual Tensor inverse(const Tensor& y) const = 0;
  virtual Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const = 0;
  virtual Constraint domain() const = 0;
  virtual Constraint codomain() const = 0;
  // Event shape of y for an x event of this shape, and back (identity unless
  // the transform changes the event's size, as StickBreaking: [k-1] -> [k]).
  virtual Shape forward_shape(IntList x_shape) const { return x_shape.shape(); }
  virtual Shape inverse_shape(IntList y_shape) const { return y_shape.shape(); }
};

class Transform {
 public:
  Transform();  // the identity on real
  template <class T>
    requires std::derived_from<std::decay_t<T>, TransformImpl>
  Transform(T&& impl)  // NOLINT: concrete transforms convert implicitly
      : impl_(std::make_shared<const std::decay_t<T>>(std::forward<T>(impl))) {}
  explicit Transform(std::shared_ptr<const TransformImpl> impl);

  std::string name() const { return impl_->name(); }
  Tensor operator()(const Tensor& x) const { return impl_->forward(x); }
  Tensor forward(const Tensor& x) const { return impl_->forward(x); }
  Tensor inverse(const Tensor& y) const { return impl_->inverse(y); }
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const {
    return impl_->log_abs_det_jacobian(x, y);
  }
  Constraint domain() const { return impl_->domain(); }
  Constraint codomain() const { return impl_->codomain(); }
  Shape forward_shape(IntList s) const { return impl_->forward_shape(s); }
  Shape inverse_shape(IntList s) const { return impl_->inverse_shape(s); }
  const TransformImpl& impl() const { return *impl_; }
  // The concrete transform when it is a T, else nullptr.
  template <class T> const T* as() const { return dynamic_cast<const T*>(impl_.get()); }

 private:
  std::shared_ptr<const TransformImpl> impl_;
};

}  // namespace tyche::dist
