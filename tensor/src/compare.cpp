// Whole-tensor comparisons: isclose, allclose, equal.
#include <cmath>

#include "tyche/tensor.h"

namespace tyche {

Tensor isclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  TYCHE_CHECK(rtol >= 0 && atol >= 0, "isclose", "rtol and atol must be >= 0, got ", rtol, ", ", atol);
  DType t = promote_types(result_type(a, b), kFloat64);
  Tensor x = a.to(t), y = b.to(t);
  Tensor close = logical_or(eq(x, y), le(abs(x - y), atol + rtol * abs(y)));
  if (equal_nan) close = logical_or(close, logical_and(isnan(x), isnan(y)));
  return close;
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return all(isclose(a, b, rtol, atol, equal_nan)).item<bool>();
}

bool equal(const Tensor& a, const Tensor& b) {
  if (a.sizes() != b.sizes()) return false;
  return all(eq(a, b)).item<bool>();
}

}  // namespace tyche
