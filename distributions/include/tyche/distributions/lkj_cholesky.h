#pragma once
// LKJCholesky(dim, concentration eta): the Lewandowski-Kurowicka-Joe (2009)
// distribution of the Cholesky factor L of a d x d correlation matrix C = L L^T,
// whose density in C is proportional to det(C)^(eta - 1). As a density in L
// (w.r.t. Lebesgue measure on the strictly lower entries; the diagonal is
// determined by the unit row norms), with i counted from 0,
//   p(L) = prod_i L_ii^(d - i - 1 + 2 (eta - 1)) / c_d(eta),
//   log c_d(eta) = sum_{k=1}^{d-1} (d - k) [ (2 eta - 2 + d - k) log 2 + log B(b_k, b_k) ],
//   b_k = eta + (d - k - 1) / 2
// (LKJ 2009, eq. 16; the exponent d - i - 1 is the Jacobian of L -> C). The
// normaliser is computed with lgamma in tensor ops, so log_prob is
// differentiable in eta. dim >= 2 (an int), eta > 0 (its shape is the batch
// shape); event_shape [d, d]; support corr_cholesky. The marginal of each
// off-diagonal correlation C_ij is Beta(eta - 1 + d/2, eta - 1 + d/2) on (-1, 1).
//
// Sampling (no reparameterisation: has_rsample() is false) by the onion
// method in Cholesky form: row 0 is e_0; row k (k = 1..d-1) is
// [sqrt(y) u, sqrt(1 - y), 0...] with y ~ Beta(k/2, eta + (d - 1 - k)/2) and u
// uniform on the unit sphere in R^k.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class LKJCholesky : public Cloneable<LKJCholesky> {
 public:
  explicit LKJCholesky(int64_t dim, Arg concentration = 1.0);
  std::string name() const override { return "LKJCholesky"; }
  Constraint support() const override { return constraints::corr_cholesky; }
  const Tensor& concentration() const { return concentration_; }
  int64_t dim() const { return dim_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  // log c_d(eta), shaped like concentration.
  Tensor log_normalizer() const;

  int64_t dim_;
  Tensor concentration_;
};

}  // namespace tyche::dist
