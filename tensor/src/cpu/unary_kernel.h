#pragma once
// unary_kernel(out, in, op): out[i] = op(in[i]) for tensors of types Out and In.
// An op is a small functor with
//   Out operator()(In x) const               -- the scalar form (always), and
//   auto array(const EigenArrayExpr& x) const  -- optional vectorised form,
// used when both operands are dense (contiguous inner dim), and
//   void finish(Out* out, int64_t n) const     -- optional pass after it, or
//   void dense(const In* in, Out* out, int64_t n) const
//                                              -- optional dense form in several
//                                                 passes, which takes precedence.
#include <Eigen/Core>

#include "loops.h"

namespace tyche::detail {

template <class T>
using ArrayMap = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using ConstArrayMap = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

// log1p(e) for e >= 0 with SIMD (Eigen's log1p is scalar for double, and its
// select() is not vectorised): with u = fl(1 + e), log(u) plus the first-order
// correction (e - (u - 1)) / u for the rounding of u; exact to about an ulp,
// and e itself when u rounds to 1.
template <class E>
auto log1p_simd(const E& e) {
  using T = typename E::Scalar;
  return (e + T(1)).log() - (((e + T(1)) - T(1)) - e) / (e + T(1));
}

template <class Op, class In>
concept HasArrayForm = requires(const Op& op, ConstArrayMap<In> a) { op.array(a); };

// The inner loop of out = op(in): dense SIMD path or strided scalar path.
template <class Out, class In, class Op>
auto unary_inner(const Op& op) {
  return [&op](char* const* p, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(Out) && s[1] == sizeof(In)) {
      auto* o = reinterpret_cast<Out*>(p[0]);
      auto* a = reinterpret_cast<const In*>(p[1]);
      if constexpr (requires { op.dense(a, o, n); }) {
        op.dense(a, o, n);
      } else if constexpr (HasArrayForm<Op, In>) {
        ArrayMap<Out>(o, n) = op.array(ConstArrayMap<In>(a, n));
        // Optional post-pass for SIMD results that need a fix-up (see Exp).
        if constexpr (requires { op.finish(o, n); }) op.finish(o, n);
      } else {
        for (int64_t i = 0; i < n; ++i) o[i] = op(a[i]);
      }
      return;
    }
    char* o = p[0];
    const char* a = p[1];
    for (int64_t i = 0; i < n; ++i, o += s[0], a += s[1])
      *reinterpret_cast<Out*>(o) = op(*reinterpret_cast<const In*>(a));
  };
}

template <class Out, class In, class Op>
void unary_kernel(const StridedIter<2>& it, const Op& op) {
  it.run(unary_inner<Out, In>(op));
}

// out = op(in) elementwise, out and in already of types Out and In.
template <class Out, class In, class Op>
void unary_kernel(const Tensor& out, const Tensor& in, const Op& op) {
  for_each_element<2>(out.sizes(), {&out, &in}, {}, unary_inner<Out, In>(op));
}

}  // namespace tyche::detail

#include "../dispatch.h"
#include "../elementwise.h"

namespace tyche::detail {

// Out-of-place unary op under promotion rule P (see Promote).
template <Promote P, class Op>
Tensor unary_op(const Tensor& x, const char* name, const Op& op = {}) {
  TYCHE_CHECK(x.defined(), name, "input tensor is undefined");
  DType ct = compute_dtype(x.dtype(), P);
  Tensor in = cast(x, ct);
  Tensor out = new_tensor(x.sizes(), output_dtype(ct, P));
  if constexpr (P == Promote::Float) {
    dispatch_floating(ct, name, [&](auto tag) {
      using T = typename decltype(tag)::type;
      unary_kernel<T, T>(out, in, op);
    });
  } else if constexpr (P == Promote::Same) {
    dispatch_numeric(ct, name, [&](auto tag) {
      using T = typename decltype(tag)::type;
      unary_kernel<T, T>(out, in, op);
    });
  } else if constexpr (P == Promote::Compare) {
    dispatch_numeric(ct, name, [&](auto tag) {
      using T = typename decltype(tag)::type;
      unary_kernel<bool, T>(out, in, op);
    });
  } else {
    unary_kernel<bool, bool>(out, in, op);
  }
  return out;
}

// In-place unary op: x = op(x); x must already have the op's compute dtype.
template <Promote P, class Op>
Tensor& unary_inplace(Tensor& x, const char* name, const Op& op = {}) {
  TYCHE_CHECK(x.defined(), name, "input tensor is undefined");
  DType ct = compute_dtype(x.dtype(), P);
  TYCHE_CHECK(ct == x.dtype(), name, "result type ", ct, " can't be cast to the desired output type ",
              x.dtype());
  if constexpr (P == Promote::Float) {
    dispatch_floating(ct, name, [&](auto tag) {
      using T = typename decltype(tag)::type;
      unary_kernel<T, T>(x, x, op);
    });
  } else {
    dispatch_numeric(ct, name, [&](auto tag) {
      using T = typename decltype(tag)::type;
      unary_kernel<T, T>(x, x, op);
    });
  }
  x.impl()->storage()->bump_version();
  return x;
}

}  // namespace tyche::detail
