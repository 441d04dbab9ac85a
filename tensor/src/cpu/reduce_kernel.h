#pragma once
// Row kernels shared by every reduction: the input is a contiguous
// [rows, cols] block (reduced dims moved last, see ../reduce.h).
//   reduce_rows(in, rows, cols, op, store): one value per row;
//   transform_rows(in, out, rows, cols, f): a row in, a row out (softmax, cumsum).
// A reduction op is a small struct:
//   using Value = T;  using Acc = ...;        element and accumulator types
//   Acc identity() const;                      the result of an empty row
//   Acc block(const T* p, int64_t n, int64_t start) const;  p[0] is column `start`
//   Acc combine(Acc a, Acc b) const;           a's columns precede b's
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "unary_kernel.h"

namespace tyche::detail {

// Columns per block. Rows longer than this are cut into blocks at fixed
// offsets whose partials are folded left to right, so a result never depends
// on the thread count.
inline constexpr int64_t kReduceBlock = 8192;

// Accumulator of sums and products: double for floats; for integers the
// unsigned type of the same width, whose wrap-around is defined and equals
// two's-complement wrap-around once cast back.
template <class T> struct AccType { using type = std::make_unsigned_t<T>; };
template <> struct AccType<float> { using type = double; };
template <> struct AccType<double> { using type = double; };
template <class T> using acc_t = typename AccType<T>::type;

// Calls store(r, acc) with the reduction of row r of the contiguous [rows, cols] `in`.
template <class Op, class Store>
void reduce_rows(const typename Op::Value* in, int64_t rows, int64_t cols, const Op& op,
                 const Store& store) {
  using Acc = typename Op::Acc;
  if (rows == 0) return;
  if (cols == 0) {
    for (int64_t r = 0; r < rows; ++r) store(r, op.identity());
    return;
  }
  const int64_t nb = (cols + kReduceBlock - 1) / kReduceBlock;
  auto block = [&](int64_t r, int64_t b) {
    int64_t start = b * kReduceBlock;
    return op.block(in + r * cols + start, std::min(kReduceBlock, cols - start), start);
  };
  if (nb == 1) {  // short rows: one task per row
    int64_t grain = std::max<int64_t>(1, kElementwiseGrain / cols);
    parallel_for(0, rows, grain, [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) store(r, block(r, 0));
    });
    return;
  }
  // Long rows: blocks of all rows in parallel, then each row's partials in order.
  std::vector<Acc> part(static_cast<size_t>(rows * nb));
  parallel_for(0, rows * nb, std::max<int64_t>(1, kElementwiseGrain / kReduceBlock),
               [&](int64_t t0, int64_t t1) {
                 for (int64_t t = t0; t < t1; ++t) part[static_cast<size_t>(t)] = block(t / nb, t % nb);
               });
  for (int64_t r = 0; r < rows; ++r) {
    const Acc* p = part.data() + r * nb;
    Acc acc = p[0];
    for (int64_t b = 1; b < nb; ++b) acc = op.combine(acc, p[b]);
    store(r, acc);
  }
}

// Calls f(in_row, out_row, cols) for each row of the contiguous [rows, cols] in/out.
template <class In, class Out, class F>
void transform_rows(const In* in, Out* out, int64_t rows, int64_t cols, const F& f) {
  if (rows == 0 || cols == 0) return;
  int64_t grain = std::max<int64_t>(1, kElementwiseGrain / cols);
  parallel_for(0, rows, grain, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) f(in + r * cols, out + r * cols, cols);
  });
}

// ---------------------------------------------------------------- ops

template <class T>
struct SumOp {
  using Value = T;
  using Acc = acc_t<T>;
  Acc identity() const { return Acc(0); }
  Acc block(const T* p, int64_t n, int64_t) const {
    if constexpr (std::is_floating_point_v<T>) {
      return static_cast<Acc>(ConstArrayMap<T>(p, n).sum());
    } else {
      Acc s = 0;
      for (int64_t i = 0; i < n; ++i) s += static_cast<Acc>(p[i]);
      return s;
    }
  }
  Acc combine(Acc a, Acc b) const { return a + b; }
  T finish(Acc a, int64_t) const { return static_cast<T>(a); }
};

template <class T>
struct MeanOp : SumOp<T> {
  T finish(acc_t<T> a, int64_t count) const { return static_cast<T>(a / static_cast<double>(count)); }
};

template <class T>
struct ProdOp {
  using Value = T;
  using Acc = acc_t<T>;
  Acc identity() const { return Acc(1); }
  Acc block(const T* p, int64_t n, int64_t) const {
    if constexpr (std::is_floating_point_v<T>) {
      return static_cast<Acc>(ConstArrayMap<T>(p, n).prod());
    } else {
      Acc s = 1;
      for (int64_t i = 0; i < n; ++i) s *= static_cast<Acc>(p[i]);
      return s;
    }
  }
  Acc combine(Acc a, Acc b) const { return a * b; }
  T finish(Acc a, int64_t) const { return static_cast<T>(a); }
};

// True when v should replace the current extremum cur: strictly better, or the
// first NaN (NaN wins over everything and the earliest one is kept).
template <bool IsMax, class T>
bool prefer(T v, T cur) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(cur)) return false;
    if (std::isnan(v)) return true;
  }
  return IsMax ? v > cur : v < cur;
}

// amax / amin, NaN-propagating.
template <class T, bool IsMax>
struct ExtremumOp {
  using Value = T;
  using Acc = T;
  Acc identity() const {
    // Never stored: callers reject empty reductions (the op has no identity).
    return IsMax ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
  }
  Acc block(const T* p, int64_t n, int64_t) const {
    ConstArrayMap<T> a(p, n);
    if constexpr (std::is_floating_point_v<T>) {
      return IsMax ? a.template maxCoeff<Eigen::PropagateNaN>() : a.template minCoeff<Eigen::PropagateNaN>();
    } else {
      return IsMax ? a.maxCoeff() : a.minCoeff();
    }
  }
  Acc combine(Acc a, Acc b) const { return prefer<IsMax>(b, a) ? b : a; }
  T finish(Acc a, int64_t) const { return a; }
};
template <class T> using MaxOp = ExtremumOp<T, true>;
template <class T> using MinOp = ExtremumOp<T, false>;

// max(dim) / argmax: the extremum and the column of its first occurrence.
template <class T, bool IsMax>
struct ArgExtremumOp {
  struct Acc {
    T value;
    int64_t index;
  };
  using Value = T;
  Acc identity() const { return {ExtremumOp<T, IsMax>{}.identity(), 0}; }  // never stored
  Acc block(const T* p, int64_t n, int64_t start) const {
    Acc best{p[0], 0};
    for (int64_t i = 1; i < n; ++i)
      if (prefer<IsMax>(p[i], best.value)) best = {p[i], i};
    best.index += start;
    return best;
  }
  Acc combine(Acc a, Acc b) const { return prefer<IsMax>(b.value, a.value) ? b : a; }
};

// all / any over bools.
template <bool IsAll>
struct AllAnyOp {
  using Value = bool;
  using Acc = bool;
  Acc identity() const { return IsAll; }
  Acc block(const bool* p, int64_t n, int64_t) const {
    ConstArrayMap<bool> a(p, n);
    return IsAll ? a.all() : a.any();
  }
  Acc combine(Acc a, Acc b) const { return IsAll ? a && b : a || b; }
  bool finish(Acc a, int64_t) const { return a; }
};

}  // namespace tyche::detail
