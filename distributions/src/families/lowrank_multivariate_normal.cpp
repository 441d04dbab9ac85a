#include "tyche/distributions/lowrank_multivariate_normal.h"

#include <string>

#include "../param_util.h"

namespace tyche::dist {

namespace {

Shape leading(const Tensor& t, int64_t n) { return IntList(t.sizes().begin(), static_cast<size_t>(t.dim() - n)).shape(); }

Shape append(Shape s, IntList tail) {
  for (int64_t v : tail) s.push_back(v);
  return s;
}

}  // namespace

LowRankMultivariateNormal::LowRankMultivariateNormal(Arg loc, Arg cov_factor, Arg cov_diag)
    : Cloneable({}, {}), loc_(loc.tensor()), cov_factor_(cov_factor.tensor()), cov_diag_(cov_diag.tensor()) {
  TYCHE_CHECK(loc_.defined() && cov_factor_.defined() && cov_diag_.defined(), name(),
              "a parameter tensor is undefined");
  TYCHE_CHECK(loc_.dim() >= 1, name(), "loc must be a vector [..., d], got shape ", loc_.sizes());
  TYCHE_CHECK(cov_factor_.dim() >= 2, name(), "cov_factor must be a matrix [..., d, r], got shape ",
              cov_factor_.sizes());
  TYCHE_CHECK(cov_diag_.dim() >= 1, name(), "cov_diag must be a vector [..., d], got shape ", cov_diag_.sizes());
  const int64_t d = loc_.size(-1);
  TYCHE_CHECK(cov_factor_.size(-2) == d && cov_diag_.size(-1) == d, name(), "loc of shape ", loc_.sizes(),
              ", cov_factor of shape ", cov_factor_.sizes(), " and cov_diag of shape ", cov_diag_.sizes(),
              " disagree on d (expected [..., d], [..., d, r], [..., d])");
  const std::string what = name() + ": batch dims of loc, cov_factor and cov_diag";
  batch_shape_ = broadcast_shapes(broadcast_shapes(leading(loc_, 1), leading(cov_factor_, 2), what.c_str()),
                                  leading(cov_diag_, 1), what.c_str());
  event_shape_ = {d};
  // Promote to one dtype; as columns [..., d, 1] the three always broadcast here.
  Tensor loc_col = loc_.unsqueeze(-1), diag_col = cov_diag_.unsqueeze(-1);
  detail::broadcast_params("LowRankMultivariateNormal", {&loc_col, &cov_factor_, &diag_col});
  loc_ = loc_col.squeeze(-1);
  cov_diag_ = diag_col.squeeze(-1);
  validate_param("loc", loc_, constraints::real_vector);
  validate_param("cov_factor", cov_factor_, constraints::independent(constraints::real, 2));
  validate_param("cov_diag", cov_diag_, constraints::independent(constraints::positive, 1));

  wt_dinv_ = cov_factor_.mT() / cov_diag_.unsqueeze(-2);
  Tensor I = eye(rank(), std::nullopt, cov_factor_.dtype());
  capacitance_tril_ = cholesky(matmul(wt_dinv_, cov_factor_) + I);
}

Tensor LowRankMultivariateNormal::log_det() const {
  return 2.0 * log(capacitance_tril_.diagonal(0, -2, -1)).sum({-1}) + log(cov_diag_).sum({-1});
}

Tensor LowRankMultivariateNormal::mean() const { return loc_.expand(append(batch_shape_, event_shape_)); }

Tensor LowRankMultivariateNormal::variance() const {
  return ((cov_factor_ * cov_factor_).sum({-1}) + cov_diag_).expand(append(batch_shape_, event_shape_));
}

Tensor LowRankMultivariateNormal::entropy() const {
  return (0.5 * log_det() + static_cast<double>(dim()) * (0.5 + detail::kHalfLog2Pi)).expand(batch_shape_);
}

Tensor LowRankMultivariateNormal::covariance_matrix() const {
  return matmul(cov_factor_, cov_factor_.mT()) + diag_embed(cov_diag_);
}

// Sigma^-1 = D^-1 - D^-1 W K^-1 W^T D^-1 = D^-1 - A^T A with A = C^-1 W^T D^-1.
Tensor LowRankMultivariateNormal::precision_matrix() const {
  Tensor A = triangular_solve(capacitance_tril_, wt_dinv_, /*upper=*/false);
  return diag_embed(1.0 / cov_diag_) - matmul(A.mT(), A);
}

Tensor LowRankMultivariateNormal::scale_tril() const { return cholesky(covariance_matrix()); }

Tensor LowRankMultivariateNormal::rsample_impl(Generator& gen, IntList sample_shape) const {
  Shape s = sample_shape.shape();
  for (int64_t v : batch_shape_) s.push_back(v);
  Tensor eps_r = randn(append(s, {rank()}), gen, loc_.dtype());
  Tensor eps_d = randn(append(s, {dim()}), gen, loc_.dtype());
  return loc_ + matmul(cov_factor_, eps_r.unsqueeze(-1)).squeeze(-1) + sqrt(cov_diag_) * eps_d;
}

Tensor LowRankMultivariateNormal::log_prob_impl(const Tensor& value) const {
  Tensor diff = value - loc_;
  Tensor wt_dinv = wt_dinv_, C = capacitance_tril_, D = cov_diag_;
  if (diff.dtype() != D.dtype()) {
    const DType t = promote_types(diff.dtype(), D.dtype());
    diff = diff.to(t);
    wt_dinv = wt_dinv.to(t);
    C = C.to(t);
    D = D.to(t);
  }
  // Woodbury: diff^T Sigma^-1 diff = sum(diff^2 / D) - |C^-1 W^T D^-1 diff|^2.
  Tensor y = matmul(wt_dinv, diff.unsqueeze(-1));                        // [..., r, 1]
  Tensor z = triangular_solve(C, y, /*upper=*/false).squeeze(-1);       // [..., r]
  Tensor maha = (diff * diff / D).sum({-1}) - (z * z).sum({-1});
  Tensor ld = 2.0 * log(C.diagonal(0, -2, -1)).sum({-1}) + log(D).sum({-1});
  return -0.5 * (maha + ld) - static_cast<double>(dim()) * detail::kHalfLog2Pi;
}

}  // namespace tyche::dist
