#pragma once
// The concrete transforms. Each states its map, domain -> codomain and
// log|det J|. Elementwise ones have event_dim 0 (one log-det per element) and
// broadcast; vector and matrix ones act on the rightmost dims and treat every
// leading dim as a batch dim. All are written in differentiable tyche ops
// (gradients of any order), and float32 inputs give float32 results.
// Sources: distributions/src/transforms/<name>.cpp.
#include <vector>

#include "tyche/distributions/transform.h"

namespace tyche::dist {

// y = x: real -> real (independent(real, event_dim) for event_dim > 0, e.g.
// real_vector); log|J| = 0, of x's shape without its event_dim rightmost dims.
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

// y = exp(x): real -> positive; x = log(y); log|J| = x.
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
// As torch, y is clamped to [tiny, 1 - eps] (finfo of its dtype) so it is never
// exactly 0 or 1, and the inverse log(y) - log1p(-y) clamps y the same way.
class SigmoidTransform : public TransformImpl {
 public:
  std::string name() const override { return "SigmoidTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
};

// y = softplus(x) = log(1 + exp(x)): real -> positive; x = y + log(-expm1(-y));
// log|J| = log_sigmoid(x) = -softplus(-x).
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
// x = atanh(y) = (log1p(y) - log1p(-y)) / 2 with y clamped to [-1 + eps, 1 - eps].
class TanhTransform : public TransformImpl {
 public:
  std::string name() const override { return "TanhTransform"; }
  Tensor forward(const Tensor& x) const override;
  Tensor inverse(const Tensor& y) const override;
  Tensor log_abs_det_jacobian(const Tensor& x, const Tensor& y) const override;
  Constraint domain() const override;
  Constraint codomain() const override;
};

// [..., k-1] real_vector -> [..., k] simplex by stick breaking (torch/Pyro):
// with D = k - 1, z_i = sigmoid(x_i - log(D - i)) (i = 0..D-1),
//   y_i = z_i prod_{j<i} (1 - z_j),  y_D = prod_{j<D} (1 - z_j);
// the offset makes x = 0 the uniform point. Computed in log space, so tiny
// entries keep full precision. log|J| (w.r.t. y_0..y_{D-1}) =
// sum_i [log y_i + log(1 - z_i)]. Inverse: x_i = log y_i - log(y_{i+1} + ... + y_D)
// + log(D - i).
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

// [..., n(n+1)/2] real_vector -> [..., n, n] lower_cholesky: the vector fills
// the lower triangle row by row, x = (L00, L10, L11, L20, L21, L22, ...), with
// the diagonal passed through exp (L_ii = exp x_(i,i)); entries above are 0.
// log|J| (w.r.t. the lower-triangle entries) = sum_i x_(i,i). A length that is
// no n(n+1)/2 throws naming the transform and the length.
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

// [..., n(n-1)/2] real_vector -> [..., n, n] corr_cholesky (Cholesky factor of
// a correlation matrix, as LKJ / Stan / torch). The vector fills the strictly
// lower triangle row by row, x = (x10, x20, x21, x30, ...); r_ij = tanh(x_ij) are
// partial correlations and each row breaks the unit squared norm:
//   y_ij = r_ij s_ij (j < i),  y_ii = s_ii,  s_ij = prod_{l<j} sqrt(1 - r_il^2).
// log|J| (w.r.t. the strictly lower entries of y) = sum_{l<i} (i + 1 - l) a_il
// with a_il = log sqrt(1 - r_il^2) = log 2 - x_il - softplus(-2 x_il).
// Inverse: x_ij = asinh(y_ij / sqrt(sum_{l>j} y_il^2)) (= atanh r_ij, exact even
// where r_ij rounds to +-1). A length that is no n(n-1)/2 throws.
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

// [..., n(n+1)/2] real_vector -> [..., n, n] positive_definite y = L L^T, with L
// from LowerCholeskyTransform (same vector layout); inverse through cholesky(y).
// log|J| w.r.t. the lower-triangle entries of y: n log 2 + sum_i (n - i) log L_ii
// (0-based i) for L -> L L^T, plus sum_i log L_ii for x -> L, i.e.
// n log 2 + sum_i (n + 1 - i) x_(i,i).
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
// (each part's log-det summed down to the largest event_dim). Domain: parts[0]'s,
// codomain: the last part's, each reinterpreted to as many event dims as the
// composition needs (torch's rule). Empty = the identity on real.
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

// base with its rightmost n batch dims treated as event dims: same map,
// domain/codomain independent(base's, n), log|J| summed over those n dims.
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
  const Transform& base() const { return base_; }
 private:
  Transform base_;
  int n_;
};

// The transform from unconstrained space onto c's set (Pyro's biject_to):
//   real -> Identity;  independent(c, n) -> Independent(biject_to(c), n)
//     (real_vector -> Independent(Identity, 1));
//   positive, nonnegative -> Exp;
//   greater_than(a), greater_than_eq(a) -> Compose(Exp, Affine(a, 1 on positive));
//   less_than(b) -> Compose(Exp, Affine(b, -1 on positive));
//   unit_interval -> Sigmoid;  interval(a, b) -> Compose(Sigmoid, Affine(a, b - a on unit_interval));
//   simplex -> StickBreaking;  lower_cholesky -> LowerCholesky;
//   corr_cholesky -> CorrCholesky;  positive_definite -> PositiveDefinite.
// The Affine parts carry their domain, so codomain() names the target set
// (greater_than(a) for greater_than_eq(a): the boundary is never reached).
// Discrete constraints have none: "biject_to: no bijection onto the discrete
// support integer_interval(0, 3)".
Transform biject_to(const Constraint& c);

}  // namespace tyche::dist
