#pragma once
// Helpers shared by the transform implementations (private to the layer).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../param_util.h"
#include "tyche/distributions/constraint.h"
#include "tyche/tensor.h"

namespace tyche::dist::detail {

// The floating dtype a transform computes in for x (integers -> default_dtype()).
DType float_dtype(const Tensor& x);


// c with n more rightmost dims reinterpreted as event dims (c itself for n = 0).
Constraint independent_of(const Constraint& c, int n);

// n with n (n + 1) / 2 == m (diag = true) or n (n - 1) / 2 == m (diag = false);
// throws "<who>: vector length <m> is not n(n+1)/2 for any n" otherwise.
int64_t triangle_side(int64_t m, bool diag, const char* who);

// The sizes of x with its last dim replaced by `last` sizes.
Shape replace_last(IntList sizes, IntList last, int64_t drop = 1);

// An int64 index tensor holding v.
Tensor index_tensor(const std::vector<int64_t>& v);

// Row-major positions (i * n + j) of the lower triangle's entries (j <= i,
// or j < i when !diag), in row-by-row order: the vector layout the Cholesky
// transforms use.
std::vector<int64_t> tril_positions(int64_t n, bool diag);

// [..., m] -> [..., n, n]: the vector's entries fill the lower triangle
// (including the diagonal when diag, else strictly below it) row by row;
// the other entries are 0. Differentiable.
Tensor vec_to_tril(const Tensor& v, int64_t n, bool diag);
// [..., n, n] -> [..., m]: the inverse of vec_to_tril (reads only those entries).
Tensor tril_to_vec(const Tensor& y, bool diag);

// Checks that y has shape [..., n, n]; returns n.
int64_t square_side(IntList y_shape, const char* who);

// LowerCholeskyTransform's pieces (lower_cholesky_transform.cpp), shared with
// PositiveDefiniteTransform; `who` names the transform in errors.
// Slot of (i, i) in the row-by-row lower-triangle vector: i (i + 1) / 2 + i.
std::vector<int64_t> tril_diag_slots(int64_t n);
Tensor lower_cholesky_forward(const Tensor& x, const char* who);
Tensor lower_cholesky_inverse(const Tensor& y, const char* who);
// The diagonal's unconstrained values (x at the (i, i) slots), [..., n].
Tensor lower_cholesky_log_diag(const Tensor& x, const char* who);
// [..., m] -> [..., n, n] with m = n(n+1)/2 (diag) or n(n-1)/2, and back.
Shape tril_forward_shape(IntList s, bool diag, const char* who);
Shape tril_inverse_shape(IntList s, bool diag, const char* who);

}  // namespace tyche::dist::detail
