#pragma once
// Kernels shared by every reduction (layouts: see ../reduce.h).
//   reduce_rows(in, rows, cols, op, store): contiguous [rows, cols], one value per row;
//   reduce_columns(in, outer, count, inner, op, store): contiguous [outer, count, inner],
//     reduced over the middle dim (a sum over dim 0 without transposing first);
//   scan_columns(in, out, outer, count, inner, op): inclusive scan over the middle dim (cumsum);
//   transform_rows(in, out, rows, cols, f): a row in, a row out (softmax).
// A reduction op is a small struct:
//   using Value = T;  using Acc = ...;        element and accumulator types
//   Acc identity() const;                      the result of an empty reduction
//   Acc lift(T v, int64_t i) const;            one element, at position i of its group
//   Acc block(const T* p, int64_t n, int64_t start) const;  p[0] is at position `start`
//   Acc combine(Acc a, Acc b) const;           a's positions precede b's
//   T finish(Acc a, int64_t count) const;      the result (ops whose result is one value)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>

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
  // (Not std::vector: vector<bool> packs bits, which threads can't write apart.)
  auto part = std::make_unique<Acc[]>(static_cast<size_t>(rows * nb));
  parallel_for(0, rows * nb, std::max<int64_t>(1, kElementwiseGrain / kReduceBlock),
               [&](int64_t t0, int64_t t1) {
                 for (int64_t t = t0; t < t1; ++t) part[t] = block(t / nb, t % nb);
               });
  for (int64_t r = 0; r < rows; ++r) {
    const Acc* p = part.get() + r * nb;
    Acc acc = p[0];
    for (int64_t b = 1; b < nb; ++b) acc = op.combine(acc, p[b]);
    store(r, acc);
  }
}

// Columns per tile of a column kernel: their accumulators stay in L1 while
// rows stream past.
inline constexpr int64_t kColumnTile = 256;

// Calls f(a, k0, n) for each tile of columns k0 .. k0 + n - 1 (n <= kColumnTile)
// of each a of the contiguous [outer, count, inner] block; tiles in parallel.
template <class F>
void for_each_column_tile(int64_t outer, int64_t count, int64_t inner, const F& f) {
  if (outer == 0 || inner == 0) return;
  const int64_t tiles = (inner + kColumnTile - 1) / kColumnTile;
  const int64_t work = std::max<int64_t>(1, count * std::min(inner, kColumnTile));
  parallel_for(0, outer * tiles, std::max<int64_t>(1, kElementwiseGrain / work), [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      const int64_t k0 = (t % tiles) * kColumnTile;
      f(t / tiles, k0, std::min(kColumnTile, inner - k0));
    }
  });
}

// Calls store(a * inner + k, acc) with the reduction of in[a, :, k] of the
// contiguous [outer, count, inner] `in`. Each result folds its count elements
// in order, so results don't depend on the thread count.
template <class Op, class Store>
void reduce_columns(const typename Op::Value* in, int64_t outer, int64_t count, int64_t inner,
                    const Op& op, const Store& store) {
  using Acc = typename Op::Acc;
  if (count == 0) {
    for (int64_t i = 0; i < outer * inner; ++i) store(i, op.identity());
    return;
  }
  for_each_column_tile(outer, count, inner, [&](int64_t a, int64_t k0, int64_t n) {
    Acc acc[kColumnTile];
    const typename Op::Value* base = in + a * count * inner + k0;
    for (int64_t k = 0; k < n; ++k) acc[k] = op.lift(base[k], 0);
    for (int64_t r = 1; r < count; ++r) {
      const typename Op::Value* row = base + r * inner;
      for (int64_t k = 0; k < n; ++k) acc[k] = op.combine(acc[k], op.lift(row[k], r));
    }
    for (int64_t k = 0; k < n; ++k) store(a * inner + k0 + k, acc[k]);
  });
}

// Inclusive scan over the middle dim of the contiguous [outer, count, inner]
// in/out: out[a, r, k] = op.finish(fold of in[a, 0..r, k]), vectorised across
// the columns of a tile.
template <class Op>
void scan_columns(const typename Op::Value* in, typename Op::Value* out, int64_t outer, int64_t count,
                  int64_t inner, const Op& op) {
  using Acc = typename Op::Acc;
  for_each_column_tile(outer, count, inner, [&](int64_t a, int64_t k0, int64_t n) {
    const int64_t base = a * count * inner + k0;
    if (inner == 1) {  // a plain row: keep the accumulator in a register
      Acc acc = op.identity();
      for (int64_t r = 0; r < count; ++r) {
        acc = op.combine(acc, op.lift(in[base + r], r));
        out[base + r] = op.finish(acc, r + 1);
      }
      return;
    }
    Acc acc[kColumnTile];
    for (int64_t k = 0; k < n; ++k) acc[k] = op.identity();
    for (int64_t r = 0; r < count; ++r) {
      const int64_t row = base + r * inner;
      for (int64_t k = 0; k < n; ++k) {
        acc[k] = op.combine(acc[k], op.lift(in[row + k], r));
        out[row + k] = op.finish(acc[k], r + 1);
      }
    }
  });
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
  Acc lift(T v, int64_t) const { return static_cast<Acc>(v); }
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
  Acc lift(T v, int64_t) const { return static_cast<Acc>(v); }
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
  Acc lift(T v, int64_t) const { return v; }
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
  Acc lift(T v, int64_t i) const { return {v, i}; }
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
  Acc lift(bool v, int64_t) const { return v; }
  Acc block(const bool* p, int64_t n, int64_t) const {
    ConstArrayMap<bool> a(p, n);
    return IsAll ? a.all() : a.any();
  }
  Acc combine(Acc a, Acc b) const { return IsAll ? a && b : a || b; }
  bool finish(Acc a, int64_t) const { return a; }
};

}  // namespace tyche::detail
