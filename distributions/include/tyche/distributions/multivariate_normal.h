#pragma once
// MultivariateNormal(loc, Sigma) on R^d:
//   p(x) = exp(-(x - loc)^T Sigma^-1 (x - loc) / 2) / sqrt((2 pi)^d det Sigma).
// Sigma is given by exactly one of
//   scale_tril L     (lower triangular, positive diagonal; Sigma = L L^T),
//   covariance Sigma (symmetric positive definite),
//   precision P      (symmetric positive definite; Sigma = P^-1),
// with loc [..., d] and the matrix [..., d, d]; their batch dims broadcast:
// batch_shape = broadcast(loc.shape[:-1], matrix.shape[:-2]), event_shape [d].
// Support real_vector. Reparameterised: x = loc + L eps, eps ~ N(0, I_d).
//
// Invariants: the Cholesky factor L is stored (from a covariance by cholesky;
// from a precision P by the Cholesky factor of P with rows and columns
// reversed, whose transposed inverse is L: no explicit inverse of P is formed).
// log_prob uses one triangular solve, -(d log 2 pi + |L^-1 (x - loc)|^2)/2 -
// sum log diag L, and broadcasts the value's batch dims against batch_shape.
// Everything is computed with differentiable tensor ops, so gradients reach
// loc and whichever matrix was given.
//
//   dist::MultivariateNormal(loc, cov);                      // covariance, torch's order
//   dist::MultivariateNormal(loc, dist::ScaleTril(L));
//   dist::MultivariateNormal(loc, dist::Covariance(cov));
//   dist::MultivariateNormal(loc, dist::Precision(P));
#include <cstdint>

#include "tyche/distributions/distribution.h"

namespace tyche::dist {

// Tags naming how a MultivariateNormal's matrix parameter is meant.
struct ScaleTril {
  explicit ScaleTril(Arg a) : value(a.tensor()) {}
  Tensor value;
};
struct Covariance {
  explicit Covariance(Arg a) : value(a.tensor()) {}
  Tensor value;
};
struct Precision {
  explicit Precision(Arg a) : value(a.tensor()) {}
  Tensor value;
};

class MultivariateNormal : public Cloneable<MultivariateNormal> {
 public:
  MultivariateNormal(Arg loc, ScaleTril scale_tril);
  MultivariateNormal(Arg loc, Covariance covariance);
  MultivariateNormal(Arg loc, Precision precision);
  MultivariateNormal(Arg loc, Tensor covariance);   // torch's positional form

  std::string name() const override { return "MultivariateNormal"; }
  Constraint support() const override { return constraints::real_vector; }
  bool has_rsample() const override { return true; }
  // batch_shape + [d]: loc, and the diagonal of Sigma.
  Tensor mean() const override;
  Tensor variance() const override;
  // batch_shape: d (1 + log 2 pi) / 2 + sum log diag L.
  Tensor entropy() const override;

  // The parameters as given (dtype-promoted, not expanded to batch_shape):
  // loc [..., d]; the matrices [..., d, d].
  const Tensor& loc() const { return loc_; }
  const Tensor& scale_tril() const { return scale_tril_; }
  // Sigma (the given one, else L L^T) and Sigma^-1 (the given one, else from L).
  Tensor covariance_matrix() const;
  Tensor precision_matrix() const;
  int64_t dim() const { return event_shape_[0]; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  enum class Given : uint8_t { ScaleTril, Covariance, Precision };
  MultivariateNormal(Tensor loc, Tensor matrix, Given given);

  Tensor loc_, scale_tril_;
  Tensor covariance_, precision_;   // defined only when given
};

}  // namespace tyche::dist
