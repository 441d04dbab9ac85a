#pragma once
// Helpers shared by the discrete families (private to the layer): conversions
// between probabilities and logits, and products that treat 0 * log 0 as 0.
// All are public tyche ops, so autograd records them.
#include "tyche/tensor.h"
#include "xlogy.h"

namespace tyche::dist::detail {

// log-odds of p: log p - log(1 - p) (+-inf at 0 and 1).
inline Tensor probs_to_logits_binary(const Tensor& p) { return log(p) - log1p(-p); }

// x * log_p for log_p already a log (e.g. logits that may be -inf), 0 where
// x == 0. Derivative w.r.t. log_p: x (0 where x == 0).
inline Tensor x_times_log(const Tensor& x, const Tensor& log_p) { return x * where(x == 0.0, 0.0, log_p); }

// A floating copy of value (values of integer or bool dtype take dtype).
inline Tensor as_floating(const Tensor& value, DType dtype) {
  return is_floating(value.dtype()) ? value : value.to(dtype);
}

}  // namespace tyche::dist::detail
