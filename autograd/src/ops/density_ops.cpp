// Log densities recorded as one node: Normal.log_prob sits on the hot path of
// every SVI step and HMC gradient, where its eight elementwise ops would cost
// eight nodes forward and backward.
#include "formula.h"

namespace tyche {

using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

namespace {
constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log(2 pi) / 2
}  // namespace

// With z = (x - loc) / scale: d/dx = -g z / scale, d/dloc = g z / scale,
// d/dscale = g (z^2 - 1) / scale (saved 0 = x, 1 = loc, 2 = scale).
Tensor normal_log_prob(const Tensor& x, const Tensor& loc, const Tensor& scale) {
  Op op("normal_log_prob", x, loc, scale);
  // The parameter-only terms on the parameters' shape, then two full passes.
  Tensor neg_half_precision = native::mul(native::reciprocal(native::square(scale)), -0.5);
  Tensor log_norm = native::add(native::log(scale), kHalfLog2Pi);
  Tensor y = native::sub(native::mul(native::square(native::sub(x, loc)), neg_half_precision), log_norm);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      const Tensor s = n.saved_tensor(2);
      const Tensor z_over_s = (n.saved_tensor(0) - n.saved_tensor(1)) / square(s);  // z / scale
      const Tensor gz = g * z_over_s;
      Tensor gs;
      if (n.needs(2)) gs = g * (square(z_over_s) * s - reciprocal(s));
      return {n.needs(0) ? -gz : Tensor(), n.needs(1) ? gz : Tensor(), gs};
    });
    n.save(x);
    n.save(loc);
    n.save(scale);
  }
  return y;
}

}  // namespace tyche
