#pragma once
// Parameter-free noise for the reparameterised continuous families (private
// to distributions/src/families). Each family maps these draws through its
// inverse cdf, so the map and not the noise carries the gradient.
#include <cfloat>

#include "tyche/tensor.h"

namespace tyche::dist::detail {

// U(0, 1) draws of dtype dt in the open interval: rand()'s [0, 1) with 0
// raised to the smallest positive normal of dt, so log(u) is always finite.
inline Tensor open_uniform(const Shape& shape, Generator& gen, DType dt) {
  return clamp(rand(shape, gen, dt), dt == kFloat32 ? FLT_MIN : DBL_MIN);
}

// Standard exponential draws (rate 1), strictly positive and finite.
inline Tensor standard_exponential(const Shape& shape, Generator& gen, DType dt) {
  return -log(open_uniform(shape, gen, dt));
}

}  // namespace tyche::dist::detail
