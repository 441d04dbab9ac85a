// clamp: x limited to [lo, hi]; NaN in x stays NaN (PyTorch semantics).
#include <cmath>
#include "tyche/native.h"

#include "cpu/unary_kernel.h"

namespace tyche {

namespace {
struct Clamp {
  double lo, hi;  // +-inf when absent
  template <class T> T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) return x;
    }
    double v = static_cast<double>(x);
    return v < lo ? static_cast<T>(lo) : v > hi ? static_cast<T>(hi) : x;
  }
};

DType clamp_dtype(const Tensor& x, const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) {
  DType t = x.dtype();
  if (lo) t = promote_types(t, result_type(x, *lo));
  if (hi) t = promote_types(t, result_type(x, *hi));
  return t;
}

Clamp make_clamp(const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) {
  TYCHE_CHECK(lo || hi, "clamp", "at least one of min and max must be given");
  return {lo ? lo->to_double() : -INFINITY, hi ? hi->to_double() : INFINITY};
}
}  // namespace

Tensor native::clamp(const Tensor& x, std::optional<Scalar> lo, std::optional<Scalar> hi) {
  Clamp op = make_clamp(lo, hi);
  return detail::unary_op<detail::Promote::Same>(detail::cast(x, clamp_dtype(x, lo, hi)), "clamp", op);
}

Tensor native::clamp(const Tensor& x, const Tensor& lo, const Tensor& hi) {
  return native::minimum(native::maximum(x, lo), hi);
}

Tensor& native::clamp_(Tensor& self, std::optional<Scalar> lo, std::optional<Scalar> hi) {
  Clamp op = make_clamp(lo, hi);
  detail::check_inplace_dtype(self, clamp_dtype(self, lo, hi), "clamp_");
  return detail::unary_inplace<detail::Promote::Same>(self, "clamp_", op);
}

}  // namespace tyche
