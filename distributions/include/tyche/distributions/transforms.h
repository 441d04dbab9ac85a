#pragma once
// The concrete transforms. Each states its map, domain -> codomain and
// log|det J|. Elementwise ones have event_dim 0 (one log-det per element).
#include <vector>

#include "tyche/distributions/transform.h"

namespace tyche::dist {

// y = x on real (or on real with event_dim dims, for real_vector etc.).
class IdentityTransform : public TransformImpl {
 public:
  explicit IdentityTransform(int event_dim = 0) : event_dim_(event_dim) {}
  std::string name() const override { return "IdentityTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;  // 0
  Constraint domain() const override;
  Constraint codomain() const override;
 private:
  int event_dim_;
};

// y = exp(x): real -> positive; log|J| = x.
class ExpTransform : public TransformImpl {
 public:
  std::string name() const override { return "ExpTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
};

// y = loc + scale * x (loc, scale broadcast against x; scale != 0):
// real -> real (independent(real, event_dim) for event_dim > 0);
// log|J| = log|scale|, broadcast to x's shape and summed over the rightmost
// event_dim dims.
// Given a domain (the map restricted to that set), codomain() is its image:
// positive / greater_than(c) -> greater_than(loc + scale c) (less_than for
// scale < 0), less_than(c) -> less_than(loc + scale c) (greater_than for
// scale < 0), unit_interval / interval(a, b) -> interval(loc + scale a,
// loc + scale b) (ends swapped for scale < 0), real -> real; event_dim is
// the domain's. Throws naming the domain when scale's elements differ in
// sign or the domain is of another kind.
class AffineTransform : public TransformImpl {
 public:
  AffineTransform(Tensor loc, Tensor scale, int event_dim = 0);
  AffineTransform(double loc, double scale, int event_dim = 0);
  AffineTransform(Tensor loc, Tensor scale, const Constraint& domain);
  AffineTransform(double loc, double scale, const Constraint& domain);
  std::string name() const override { return "AffineTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
  const Tensor& loc() const { return loc_; }
  const Tensor& scale() const { return scale_; }
 private:
  Tensor loc_, scale_;
  int event_dim_;
  Constraint domain_;
  bool negative_ = false;  // scale < 0 (meaningful for bounded domains only)
};

// y = 1 / (1 + exp(-x)): real -> unit_interval; log|J| = -softplus(-x) - softplus(x).
class SigmoidTransform : public TransformImpl {
 public:
  std::string name() const override { return "SigmoidTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
};

// y = log(1 + exp(x)): real -> positive; log|J| = -softplus(-x).
class SoftplusTransform : public TransformImpl {
 public:
  std::string name() const override { return "SoftplusTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
};

// y = tanh(x): real -> interval(-1, 1); log|J| = 2 (log 2 - x - softplus(-2x)).
class TanhTransform : public TransformImpl {
 public:
  std::string name() const override { return "TanhTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
};

// [..., k-1] real vector -> [..., k] simplex by stick breaking (offset so
// that x = 0 maps to the uniform simplex point, as torch/Pyro).
class StickBreakingTransform : public TransformImpl {
 public:
  std::string name() const override { return "StickBreakingTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;    // real_vector
  Constraint codomain() const override;  // simplex
  Shape forward_shape(IntList x_shape) const override;
  Shape inverse_shape(IntList y_shape) const override;
};

// [..., n(n+1)/2] real vector -> [..., n, n] lower-triangular with positive
// diagonal: the vector fills the lower triangle row by row, diagonal entries
// pass through exp. log|J| = sum of the diagonal's unconstrained values.
class LowerCholeskyTransform : public TransformImpl {
 public:
  std::string name() const override { return "LowerCholeskyTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;    // real_vector
  Constraint codomain() const override;  // lower_cholesky
  Shape forward_shape(IntList x_shape) const override;
  Shape inverse_shape(IntList y_shape) const override;
};

// [..., n(n-1)/2] real vector -> [..., n, n] Cholesky factor of a correlation
// matrix (tanh to partial correlations, then stick breaking on each row's
// squared norm, as LKJ / Stan). log|J| is w.r.t. the strictly lower entries.
class CorrCholeskyTransform : public TransformImpl {
 public:
  std::string name() const override { return "CorrCholeskyTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;    // real_vector
  Constraint codomain() const override;  // corr_cholesky
  Shape forward_shape(IntList x_shape) const override;
  Shape inverse_shape(IntList y_shape) const override;
};

// [..., n(n+1)/2] real vector -> [..., n, n] positive definite L L^T, with L
// from LowerCholeskyTransform. log|J| w.r.t. the lower-triangle entries of y.
class PositiveDefiniteTransform : public TransformImpl {
 public:
  std::string name() const override { return "PositiveDefiniteTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;    // real_vector
  Constraint codomain() const override;  // positive_definite
  Shape forward_shape(IntList x_shape) const override;
  Shape inverse_shape(IntList y_shape) const override;
};

// parts applied left to right: y = parts[n-1](...parts[0](x)); log|J| summed
// (each part's log-det summed down to the largest event_dim). Empty = identity.
class ComposeTransform : public TransformImpl {
 public:
  explicit ComposeTransform(std::vector<Transform> parts);
  std::string name() const override { return "ComposeTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
  Shape forward_shape(IntList x_shape) const override;
  Shape inverse_shape(IntList y_shape) const override;
  const std::vector<Transform>& parts() const { return parts_; }
 private:
  std::vector<Transform> parts_;
};

// base with its rightmost n batch dims treated as event dims: log|J| summed over them.
class IndependentTransform : public TransformImpl {
 public:
  IndependentTransform(Transform base, int reinterpreted_batch_ndims);
  std::string name() const override { return "IndependentTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
  Shape forward_shape(IntList x_shape) const override;
  Shape inverse_shape(IntList y_shape) const override;
 private:
  Transform base_;
  int n_;
};

// The transform from unconstrained space onto c's set (Pyro's biject_to):
// real -> identity, positive -> Exp, interval(a, b) -> Sigmoid then Affine,
// simplex -> StickBreaking, lower_cholesky -> LowerCholesky, ...; throws
// naming c for discrete constraints, which have none.
Transform biject_to(const Constraint& c);

}  // namespace tyche::dist
