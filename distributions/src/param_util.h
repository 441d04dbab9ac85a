#pragma once
// Helpers shared by the family implementations (private to the layer).
#include <initializer_list>
#include <limits>
#include <string>

#include "tyche/distributions/distribution.h"

namespace tyche::dist::detail {

// Promotes the parameters to one floating dtype (float32 only when every
// dimensioned one is float32; integers and bools -> default_dtype()) and
// returns their broadcast shape, the batch shape. Throws naming dist and
// the shapes when they do not broadcast. Parameters are not expanded.
Shape broadcast_params(const char* dist, std::initializer_list<Tensor*> params);

// t summed over its rightmost n dims (t itself when n <= 0).
Tensor sum_rightmost(const Tensor& t, int64_t n);

// Machine epsilon / smallest normal of a floating dtype (torch.finfo's eps / tiny).
inline double finfo_eps(DType d) {
  return d == kFloat32 ? std::numeric_limits<float>::epsilon() : std::numeric_limits<double>::epsilon();
}
inline double finfo_tiny(DType d) {
  return d == kFloat32 ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
}

// log(2 pi) / 2 and friends.
inline constexpr double kHalfLog2Pi = 0.91893853320467274178;
inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kLog2 = 0.69314718055994530942;
inline constexpr double kEulerGamma = 0.57721566490153286061;

}  // namespace tyche::dist::detail
