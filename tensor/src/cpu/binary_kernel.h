#pragma once
// binary_inner(op): the inner loop of out[i] = op(a[i], b[i]) for for_each_element<3>.
// An op has a scalar form Out operator()(In a, In b) and optionally an Eigen
// array form array(A, B); the array form runs when the output and both inputs
// are dense, or one input is a broadcast scalar (stride 0).
#include "unary_kernel.h"

namespace tyche::detail {

template <class Op, class In>
concept HasBinaryArrayForm =
    requires(const Op& op, ConstArrayMap<In> a) { op.array(a, a); };

template <class Out, class In, class Op>
auto binary_inner(const Op& op) {
  return [&op](char* const* p, const int64_t* s, int64_t n) {
    constexpr int64_t so = sizeof(Out), si = sizeof(In);
    auto* o = reinterpret_cast<Out*>(p[0]);
    auto* a = reinterpret_cast<const In*>(p[1]);
    auto* b = reinterpret_cast<const In*>(p[2]);
    if (s[0] == so && (s[1] == si || s[1] == 0) && (s[2] == si || s[2] == 0)) {
      if constexpr (HasBinaryArrayForm<Op, In>) {
        using Arr = Eigen::Array<In, Eigen::Dynamic, 1>;
        ArrayMap<Out> out(o, n);
        if (s[1] == si && s[2] == si) out = op.array(ConstArrayMap<In>(a, n), ConstArrayMap<In>(b, n));
        else if (s[1] == si) out = op.array(ConstArrayMap<In>(a, n), Arr::Constant(n, *b));
        else if (s[2] == si) out = op.array(Arr::Constant(n, *a), ConstArrayMap<In>(b, n));
        else out = op.array(Arr::Constant(n, *a), Arr::Constant(n, *b));
        return;
      }
      if (s[1] == si && s[2] == si) {
        for (int64_t i = 0; i < n; ++i) o[i] = op(a[i], b[i]);
        return;
      }
    }
    char* po = p[0];
    const char* pa = p[1];
    const char* pb = p[2];
    for (int64_t i = 0; i < n; ++i, po += s[0], pa += s[1], pb += s[2])
      *reinterpret_cast<Out*>(po) =
          op(*reinterpret_cast<const In*>(pa), *reinterpret_cast<const In*>(pb));
  };
}

template <class Out, class In, class Op>
void binary_kernel(const StridedIter<3>& it, const Op& op) {
  it.run(binary_inner<Out, In>(op));
}

}  // namespace tyche::detail
