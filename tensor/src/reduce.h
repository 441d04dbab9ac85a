#pragma once
// The layouts reductions work in. The general one: the input's reduced dims
// are moved last and the data made contiguous, so it reads as [outer, count]
// rows (a copy only when the layout or dtype requires one). The shortcut: a
// contiguous input whose reduced dims are adjacent reads as [outer, count,
// inner] in place (a sum over dim 0 needs no transposing copy). Internal to tensor/.
#include <optional>

#include "elementwise.h"

namespace tyche::detail {

// The dims a reduction call reduces, checked and normalised.
struct ReduceDims {
  Shape out_shape;    // result sizes (reduced dims kept as 1 when keepdim)
  Shape perm;         // x's dims reordered: kept dims first, then reduced dims
  Shape reduced;      // the reduced dims, ascending
  int64_t outer = 1;  // number of results (product of kept sizes)
  int64_t count = 1;  // elements reduced into each result (product of reduced sizes)
};

// Validates dims for x (negative dims wrap; empty means all dims; duplicates
// and out-of-range dims throw naming op) and derives the layouts.
ReduceDims reduce_dims(const Tensor& x, IntList dims, bool keepdim, const char* op);

// x's elements as contiguous rows of dtype t: sizes x.sizes() permuted by rd.perm.
Tensor rows_of(const Tensor& x, const ReduceDims& rd, DType t);

// x as [outer, count, inner] in place, reduced over the middle: when x is
// contiguous, its reduced dims are adjacent and some kept dim follows them.
struct Columns {
  int64_t outer, count, inner;
};
std::optional<Columns> columns_of(const Tensor& x, const ReduceDims& rd);

// Throws naming op when the reduction covers no elements and op has no identity (amax of []).
void check_nonempty(const Tensor& x, const ReduceDims& rd, const char* op);

// Throws naming op unless x is float32 or float64 (mean, var, softmax, ... of integers).
void check_floating(const Tensor& x, const char* op);

}  // namespace tyche::detail
