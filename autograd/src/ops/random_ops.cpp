// Derivatives of the random ops that are differentiable in their parameters.
//
// gamma(alpha, gen): implicit reparameterisation (Figurnov, Mohamed & Mnih
// 2018, "Implicit Reparameterization Gradients"). A draw x is held at its CDF
// value u = P(alpha, x), so differentiating P(alpha, x(alpha)) = u gives
//   dx/dalpha = -(dP(alpha, x)/dalpha) / p(x; alpha),
// computed by native::standard_gamma_grad (Boost.Math, float64). That factor
// is computed on raw numbers, so it is not itself differentiable: with
// create_graph the recorded gradient depends on the incoming gradient only
// (no second derivatives in alpha).
#include "formula.h"

namespace tyche {

using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

// d gamma(alpha) = g dx/dalpha (saved 0 = alpha, 1 = x)
Tensor gamma(const Tensor& concentration, Generator& gen) {
  Op op("gamma", concentration);
  Tensor x = native::gamma(concentration, gen);
  if (op) {
    Node& n = op.finish(x, [](Node& n, const Tensor& g) -> Grads {
      return {g * native::standard_gamma_grad(n.saved_tensor(0), n.saved_tensor(1))};
    });
    n.save(concentration);
    n.save_output(x);
  }
  return x;
}

}  // namespace tyche
