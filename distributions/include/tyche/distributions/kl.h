#pragma once
// kl_divergence(p, q) = E_p[log p(x) - log q(x)], shape: the broadcast batch
// shape. Analytic pairs: Normal, MultivariateNormal, Gamma (and Chi2),
// Beta, Dirichlet, Bernoulli, Categorical, Poisson, Exponential, each with
// itself; Independent(p) vs Independent(q) with the same reinterpreted dims
// (summed over them) and expanded distributions of registered pairs. Any other
// pair throws naming both distributions. Differentiable in both parameter sets.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

Tensor kl_divergence(const Distribution& p, const Distribution& q);
// True when kl_divergence(p, q) has an analytic form (TraceMeanFieldELBO uses it).
bool has_kl(const Distribution& p, const Distribution& q);

}  // namespace tyche::dist
