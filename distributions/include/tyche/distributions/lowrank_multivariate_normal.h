#pragma once
// LowRankMultivariateNormal(loc, cov_factor W, cov_diag D): the normal on R^d
// with covariance Sigma = W W^T + diag(D),
//   p(x) = exp(-(x - loc)^T Sigma^-1 (x - loc) / 2) / sqrt((2 pi)^d det Sigma).
// loc [..., d] real, W [..., d, r] real, D [..., d] > 0; batch_shape =
// broadcast(loc.shape[:-1], W.shape[:-2], D.shape[:-1]), event_shape [d].
// Support real_vector. Reparameterised: x = loc + W eps_r + sqrt(D) eps_d with
// eps_r ~ N(0, I_r), eps_d ~ N(0, I_d) independent.
//
// log_prob and entropy never form a d x d matrix: with the capacitance
// K = I_r + W^T D^-1 W (r x r, Cholesky factor C, computed once here),
//   Woodbury:            (x)^T Sigma^-1 (x) = |x / sqrt(D)|^2 - |C^-1 W^T D^-1 x|^2,
//   determinant lemma:   log det Sigma = log det K + sum log D,
// costing O(d r^2) per batch element. All in differentiable tensor ops.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class LowRankMultivariateNormal : public Cloneable<LowRankMultivariateNormal> {
 public:
  LowRankMultivariateNormal(Arg loc, Arg cov_factor, Arg cov_diag);
  std::string name() const override { return "LowRankMultivariateNormal"; }
  Constraint support() const override { return constraints::real_vector; }
  bool has_rsample() const override { return true; }
  // batch_shape + [d]: loc, and diag Sigma = rowsum(W^2) + D.
  Tensor mean() const override;
  Tensor variance() const override;
  // batch_shape: d (1 + log 2 pi) / 2 + log det Sigma / 2.
  Tensor entropy() const override;

  // The parameters as given (dtype-promoted, not expanded to batch_shape).
  const Tensor& loc() const { return loc_; }
  const Tensor& cov_factor() const { return cov_factor_; }
  const Tensor& cov_diag() const { return cov_diag_; }
  // Dense forms, [..., d, d] (these do form d x d): Sigma, Sigma^-1 (Woodbury)
  // and the Cholesky factor of Sigma.
  Tensor covariance_matrix() const;
  Tensor precision_matrix() const;
  Tensor scale_tril() const;
  int64_t dim() const { return event_shape_[0]; }
  int64_t rank() const { return cov_factor_.size(-1); }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  // log det Sigma, shaped like the broadcast of W's and D's batch dims.
  Tensor log_det() const;

  Tensor loc_, cov_factor_, cov_diag_;
  Tensor wt_dinv_;         // W^T D^-1, [..., r, d]
  Tensor capacitance_tril_;  // Cholesky factor of I_r + W^T D^-1 W, [..., r, r]
};

}  // namespace tyche::dist
