#include "tyche/distributions/multivariate_normal.h"

#include <string>

#include "../param_util.h"

namespace tyche::dist {

namespace {

// t.shape[:-n].
Shape leading(const Tensor& t, int64_t n) { return IntList(t.sizes().begin(), static_cast<size_t>(t.dim() - n)).shape(); }

Shape append(Shape s, IntList tail) {
  for (int64_t v : tail) s.push_back(v);
  return s;
}

// Lower-triangular L with L L^T = P^-1, for P symmetric positive definite.
// With J the reversal permutation, chol(J P J) = Lf gives P = U U^T for the
// upper-triangular U = J Lf J, so P^-1 = U^-T U^-1 and L = U^-T, found by one
// triangular solve against I (no inverse of P, no Cholesky of an inverse).
Tensor scale_tril_from_precision(const Tensor& P) {
  Tensor U = flip(cholesky(flip(P, {-2, -1})), {-2, -1});
  Tensor I = eye(P.size(-1), std::nullopt, P.dtype());
  return triangular_solve(U.mT(), I, /*upper=*/false);
}

}  // namespace

MultivariateNormal::MultivariateNormal(Arg loc, ScaleTril scale_tril)
    : MultivariateNormal(loc.tensor(), std::move(scale_tril.value), Given::ScaleTril) {}
MultivariateNormal::MultivariateNormal(Arg loc, Covariance covariance)
    : MultivariateNormal(loc.tensor(), std::move(covariance.value), Given::Covariance) {}
MultivariateNormal::MultivariateNormal(Arg loc, Precision precision)
    : MultivariateNormal(loc.tensor(), std::move(precision.value), Given::Precision) {}
MultivariateNormal::MultivariateNormal(Arg loc, Tensor covariance)
    : MultivariateNormal(loc.tensor(), std::move(covariance), Given::Covariance) {}

MultivariateNormal::MultivariateNormal(Tensor loc, Tensor matrix, Given given) : Cloneable({}, {}) {
  const std::string mname = given == Given::ScaleTril    ? "scale_tril"
                            : given == Given::Covariance ? "covariance_matrix"
                                                         : "precision_matrix";
  TYCHE_CHECK(loc.defined() && matrix.defined(), name(), "a parameter tensor is undefined");
  TYCHE_CHECK(loc.dim() >= 1, name(), "loc must be a vector [..., d], got shape ", loc.sizes());
  TYCHE_CHECK(matrix.dim() >= 2 && matrix.size(-1) == matrix.size(-2), name(), mname,
              " must be square matrices [..., d, d], got shape ", matrix.sizes());
  TYCHE_CHECK(loc.size(-1) == matrix.size(-1), name(), "loc of shape ", loc.sizes(), " and ", mname,
              " of shape ", matrix.sizes(), " disagree on d");
  const std::string what = name() + ": batch dims of loc and " + mname;
  batch_shape_ = broadcast_shapes(leading(loc, 1), leading(matrix, 2), what.c_str());
  event_shape_ = {loc.size(-1)};
  // Promote to one dtype ([..., d, 1] against [..., d, d] always broadcasts here).
  Tensor loc_col = loc.unsqueeze(-1);
  detail::broadcast_params("MultivariateNormal", {&loc_col, &matrix});
  loc_ = loc_col.squeeze(-1);
  validate_param("loc", loc_, constraints::real_vector);
  switch (given) {
    case Given::ScaleTril:
      validate_param("scale_tril", matrix, constraints::lower_cholesky);
      scale_tril_ = matrix;
      break;
    case Given::Covariance:
      validate_param("covariance_matrix", matrix, constraints::positive_definite);
      covariance_ = matrix;
      scale_tril_ = cholesky(matrix);
      break;
    case Given::Precision:
      validate_param("precision_matrix", matrix, constraints::positive_definite);
      precision_ = matrix;
      scale_tril_ = scale_tril_from_precision(matrix);
      break;
  }
}

Tensor MultivariateNormal::covariance_matrix() const {
  return covariance_.defined() ? covariance_ : matmul(scale_tril_, scale_tril_.mT());
}

Tensor MultivariateNormal::precision_matrix() const {
  if (precision_.defined()) return precision_;
  Tensor I = eye(dim(), std::nullopt, scale_tril_.dtype());
  return cholesky_solve(I, scale_tril_);
}

Tensor MultivariateNormal::mean() const { return loc_.expand(append(batch_shape_, event_shape_)); }

Tensor MultivariateNormal::variance() const {
  return (scale_tril_ * scale_tril_).sum({-1}).expand(append(batch_shape_, event_shape_));
}

Tensor MultivariateNormal::entropy() const {
  Tensor half_log_det = log(scale_tril_.diagonal(0, -2, -1)).sum({-1});
  return (half_log_det + static_cast<double>(dim()) * (0.5 + detail::kHalfLog2Pi)).expand(batch_shape_);
}

Tensor MultivariateNormal::rsample_impl(Generator& gen, IntList sample_shape) const {
  Tensor eps = randn(shape(sample_shape), gen, loc_.dtype());
  return loc_ + matmul(scale_tril_, eps.unsqueeze(-1)).squeeze(-1);
}

Tensor MultivariateNormal::log_prob_impl(const Tensor& value) const {
  Tensor diff = value - loc_;
  Tensor L = scale_tril_;
  if (diff.dtype() != L.dtype()) {
    const DType t = promote_types(diff.dtype(), L.dtype());
    diff = diff.to(t);
    L = L.to(t);
  }
  // z = L^-1 (x - loc): |z|^2 is the Mahalanobis distance. With one L for all
  // values, one solve with the values as the columns of a [d, n] right-hand
  // side (a blocked triangular solve) instead of n broadcast d x d solves.
  Tensor maha;
  if (L.dim() == 2) {
    const int64_t d = dim();
    Tensor z = triangular_solve(L, diff.reshape({-1, d}).mT(), /*upper=*/false);
    Shape batch(diff.sizes().begin(), diff.sizes().end() - 1);
    maha = (z * z).sum({0}).reshape(batch);
  } else {
    Tensor z = triangular_solve(L, diff.unsqueeze(-1), /*upper=*/false).squeeze(-1);
    maha = (z * z).sum({-1});
  }
  Tensor half_log_det = log(L.diagonal(0, -2, -1)).sum({-1});
  return -0.5 * maha - (half_log_det + static_cast<double>(dim()) * detail::kHalfLog2Pi);
}

}  // namespace tyche::dist
