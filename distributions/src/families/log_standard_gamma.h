#pragma once
// log of Gamma(alpha, 1) draws, differentiable in alpha, for the families that
// normalise gammas (Beta, Dirichlet). Private to the distributions layer.
#include "../param_util.h"
#include "tyche/tensor.h"

namespace tyche::dist::detail {

// log G, G ~ Gamma(alpha, 1), one per element of alpha (which has the draw's shape).
// For alpha < 1 the draw is G = Gamma(alpha + 1) * U^(1/alpha) (U uniform on
// (0, 1]), taken in log space: Gamma(0.01) lies below 1e-300 about 0.1% of the
// time, so the draw itself would underflow. Either way the reparameterisation
// is exact: the Gamma(alpha + 1) factor carries tyche::gamma's implicit
// gradient and log(U) / alpha its explicit one.
inline Tensor log_standard_gamma(const Tensor& alpha, Generator& gen) {
  Tensor small = alpha < 1.0;
  Tensor log_g = log(gamma(where(small, alpha + 1.0, alpha), gen));
  Tensor log_u = log(1.0 - rand(alpha.sizes(), gen, alpha.dtype()));
  return log_g + where(small, log_u / alpha, 0.0);
}

// The largest value below 1 of a floating dtype (1 - eps / 2).
inline double below_one_of(DType t) { return 1.0 - finfo_eps(t) / 2; }

}  // namespace tyche::dist::detail
