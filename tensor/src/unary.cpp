// Elementary unary math: each op is a functor with a scalar form and, where
// Eigen vectorises it, an array form. Special functions live in special.cpp.
#include <cmath>
#include "tyche/native.h"
#include <limits>

#include "cpu/unary_kernel.h"

namespace tyche {

namespace {
using detail::Promote;
using detail::unary_inplace;
using detail::unary_op;

// Defines a float-valued functor Name with scalar form S(x) and array form A(a).
#define TYCHE_UNARY_FUNCTOR(Name, S, A)                       \
  struct Name {                                               \
    template <class T> T operator()(T x) const { return S; }  \
    template <class E> auto array(const E& a) const { return A; } \
  };

TYCHE_UNARY_FUNCTOR(Neg, -x, -a)
TYCHE_UNARY_FUNCTOR(Abs, x < T(0) ? T(-x) : x, a.abs())
TYCHE_UNARY_FUNCTOR(Square, T(x * x), a.square())
TYCHE_UNARY_FUNCTOR(Expm1, std::expm1(x), a.expm1())
TYCHE_UNARY_FUNCTOR(Log, std::log(x), a.log())
TYCHE_UNARY_FUNCTOR(Log1p, std::log1p(x), a.log1p())
TYCHE_UNARY_FUNCTOR(Sqrt, std::sqrt(x), a.sqrt())
TYCHE_UNARY_FUNCTOR(Rsqrt, T(1) / std::sqrt(x), a.rsqrt())
TYCHE_UNARY_FUNCTOR(Reciprocal, T(1) / x, a.inverse())
TYCHE_UNARY_FUNCTOR(Sin, std::sin(x), a.sin())
TYCHE_UNARY_FUNCTOR(Cos, std::cos(x), a.cos())
TYCHE_UNARY_FUNCTOR(Tan, std::tan(x), a.tan())
TYCHE_UNARY_FUNCTOR(Tanh, std::tanh(x), a.tanh())
TYCHE_UNARY_FUNCTOR(Sigmoid, T(1) / (T(1) + std::exp(-x)), a.logistic())
TYCHE_UNARY_FUNCTOR(Floor, std::floor(x), a.floor())
TYCHE_UNARY_FUNCTOR(Ceil, std::ceil(x), a.ceil())
TYCHE_UNARY_FUNCTOR(Round, std::nearbyint(x), a.rint())  // half to even
#undef TYCHE_UNARY_FUNCTOR

// softplus(x) = max(x, 0) + log1p(exp(-|x|)) and log_sigmoid(x) = min(x, 0) -
// log1p(exp(-|x|)): no overflow for large |x|. The dense form writes e =
// exp(-|x|) first, then reads it back, so exp runs once per element.
template <bool Negate>
struct SoftplusLike {
  template <class T> T operator()(T x) const {
    T l = std::log1p(std::exp(-std::abs(x)));
    return Negate ? std::min(x, T(0)) - l : std::max(x, T(0)) + l;
  }
  template <class T> void dense(const T* x, T* out, int64_t n) const {
    detail::ConstArrayMap<T> a(x, n);
    detail::ArrayMap<T> o(out, n);
    o = (-a.abs()).exp();
    if constexpr (Negate) o = a.min(T(0)) - detail::log1p_simd(o);
    else o = a.max(T(0)) + detail::log1p_simd(o);
  }
};
using Softplus = SoftplusLike<false>;
using LogSigmoid = SoftplusLike<true>;

// exp flushes subnormal results to 0. Eigen's vectorised exp clamps its input,
// so exp(-inf) would otherwise come out as a tiny subnormal instead of 0 (and
// differ from the scalar path); `finish` runs over the SIMD path's output.
struct Exp {
  template <class T> static T flush(T r) { return r < std::numeric_limits<T>::min() ? T(0) : r; }
  template <class T> T operator()(T x) const { return flush(std::exp(x)); }
  template <class E> auto array(const E& a) const { return a.exp(); }
  template <class T> void finish(T* out, int64_t n) const {
    for (int64_t i = 0; i < n; ++i) out[i] = flush(out[i]);
  }
};

struct Sign {
  template <class T> T operator()(T x) const { return T((T(0) < x) - (x < T(0))); }
};
struct LogicalNot {
  bool operator()(bool x) const { return !x; }
};
struct IsNan {
  template <class T> bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isnan(x); else return false;
  }
};
struct IsInf {
  template <class T> bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isinf(x); else return false;
  }
};
struct IsFinite {
  template <class T> bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isfinite(x); else return true;
  }
};
}  // namespace

// Integer-preserving ops.
Tensor native::neg(const Tensor& x) { return unary_op<Promote::Same, Neg>(x, "neg"); }
Tensor native::abs(const Tensor& x) { return unary_op<Promote::Same, Abs>(x, "abs"); }
Tensor native::sign(const Tensor& x) { return unary_op<Promote::Same, Sign>(x, "sign"); }
Tensor native::square(const Tensor& x) { return unary_op<Promote::Same, Square>(x, "square"); }
// Integer floor/ceil/round are the identity, as in PyTorch.
Tensor native::floor(const Tensor& x) {
  return is_floating(x.dtype()) ? unary_op<Promote::Float, Floor>(x, "floor") : native::to(x, x.dtype(), /*copy=*/true);
}
Tensor native::ceil(const Tensor& x) {
  return is_floating(x.dtype()) ? unary_op<Promote::Float, Ceil>(x, "ceil") : native::to(x, x.dtype(), /*copy=*/true);
}
Tensor native::round(const Tensor& x) {
  return is_floating(x.dtype()) ? unary_op<Promote::Float, Round>(x, "round") : native::to(x, x.dtype(), /*copy=*/true);
}

// Float-valued ops (integers promote to default_dtype()).
Tensor native::exp(const Tensor& x) { return unary_op<Promote::Float, Exp>(x, "exp"); }
Tensor native::expm1(const Tensor& x) { return unary_op<Promote::Float, Expm1>(x, "expm1"); }
Tensor native::log(const Tensor& x) { return unary_op<Promote::Float, Log>(x, "log"); }
Tensor native::log1p(const Tensor& x) { return unary_op<Promote::Float, Log1p>(x, "log1p"); }
Tensor native::sqrt(const Tensor& x) { return unary_op<Promote::Float, Sqrt>(x, "sqrt"); }
Tensor native::rsqrt(const Tensor& x) { return unary_op<Promote::Float, Rsqrt>(x, "rsqrt"); }
Tensor native::reciprocal(const Tensor& x) { return unary_op<Promote::Float, Reciprocal>(x, "reciprocal"); }
Tensor native::sin(const Tensor& x) { return unary_op<Promote::Float, Sin>(x, "sin"); }
Tensor native::cos(const Tensor& x) { return unary_op<Promote::Float, Cos>(x, "cos"); }
Tensor native::tan(const Tensor& x) { return unary_op<Promote::Float, Tan>(x, "tan"); }
Tensor native::tanh(const Tensor& x) { return unary_op<Promote::Float, Tanh>(x, "tanh"); }
Tensor native::sigmoid(const Tensor& x) { return unary_op<Promote::Float, Sigmoid>(x, "sigmoid"); }
Tensor native::softplus(const Tensor& x) { return unary_op<Promote::Float, Softplus>(x, "softplus"); }
Tensor native::log_sigmoid(const Tensor& x) { return unary_op<Promote::Float, LogSigmoid>(x, "log_sigmoid"); }

// Predicates.
Tensor logical_not(const Tensor& x) { return unary_op<Promote::Logical, LogicalNot>(x, "logical_not"); }
Tensor isnan(const Tensor& x) { return unary_op<Promote::Compare, IsNan>(x, "isnan"); }
Tensor isinf(const Tensor& x) { return unary_op<Promote::Compare, IsInf>(x, "isinf"); }
Tensor isfinite(const Tensor& x) { return unary_op<Promote::Compare, IsFinite>(x, "isfinite"); }

// In-place forms.
Tensor& native::neg_(Tensor& self) { return unary_inplace<Promote::Same, Neg>(self, "neg_"); }
Tensor& native::abs_(Tensor& self) { return unary_inplace<Promote::Same, Abs>(self, "abs_"); }
Tensor& native::exp_(Tensor& self) { return unary_inplace<Promote::Float, Exp>(self, "exp_"); }
Tensor& native::log_(Tensor& self) { return unary_inplace<Promote::Float, Log>(self, "log_"); }
Tensor& native::sqrt_(Tensor& self) { return unary_inplace<Promote::Float, Sqrt>(self, "sqrt_"); }

}  // namespace tyche
