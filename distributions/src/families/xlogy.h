#pragma once
// xlogy(a, x) = a log(x), defined as 0 where a == 0 and x == 0, so that a
// density term x^(a-1) with a = 1 stays finite on a support boundary (Beta and
// Dirichlet at 0 or 1). Private to the distributions layer.
#include "tyche/tensor.h"

namespace tyche::dist::detail {

// Differentiable: log is taken of 1 where the term is dropped, so the
// unselected branch of where() has a finite gradient (no 0 * inf = NaN).
inline Tensor xlogy(const Tensor& a, const Tensor& x) {
  Tensor drop = logical_and(a == 0.0, x == 0.0);
  return where(drop, 0.0, a * log(where(drop, 1.0, x)));
}

// xlog1py(a, y) = a log1p(y), 0 where a == 0 and y == -1 (log1p keeps log(1 - x) exact for small x).
inline Tensor xlog1py(const Tensor& a, const Tensor& y) {
  Tensor drop = logical_and(a == 0.0, y == -1.0);
  return where(drop, 0.0, a * log1p(where(drop, 0.0, y)));
}

}  // namespace tyche::dist::detail
