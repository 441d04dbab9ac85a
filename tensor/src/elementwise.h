#pragma once
// Internal drivers shared by the elementwise op files: allocation of outputs,
// dtype resolution and the call into the CPU kernels.
#include "tyche/tensor.h"

namespace tyche::detail {

// How an op picks its compute and output dtypes from its inputs.
enum class Promote : uint8_t {
  Same,      // compute and output in the promoted input dtype (add, neg, maximum)
  Float,     // integers/bools promoted to default_dtype() (exp, div, atan2)
  Compare,   // compute in the promoted dtype, output bool (lt, eq, isnan)
  Logical,   // inputs converted to bool, output bool (logical_and, logical_not)
};

// Fresh contiguous tensor of the given sizes/dtype on the CPU.
Tensor new_tensor(IntList sizes, DType dtype);
// The output dtype for a computation in `compute` under rule p.
inline DType output_dtype(DType compute, Promote p) {
  return p == Promote::Compare || p == Promote::Logical ? kBool : compute;
}
// The compute dtype for inputs of (promoted) dtype t under rule p.
inline DType compute_dtype(DType t, Promote p) {
  if (p == Promote::Logical) return kBool;
  if (p == Promote::Float && !is_floating(t)) return default_dtype();
  return t;
}
// x converted to dtype (no copy when it matches).
inline Tensor cast(const Tensor& x, DType t) { return x.dtype() == t ? x : x.to(t); }

// Throws when self cannot hold a result of dtype t in place (float into int, ...).
void check_inplace_dtype(const Tensor& self, DType t, const char* op);
// src, cloned when it overlaps self with a different layout (so in-place ops
// read every input element before it is overwritten).
Tensor unalias(const Tensor& self, const Tensor& src);

}  // namespace tyche::detail
