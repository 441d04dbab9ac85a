// Binary elementwise ops with NumPy broadcasting and PyTorch type promotion.
// Each op is a functor (scalar form + optional Eigen array form) run by one
// driver, binary_op<P>, for tensor/tensor, tensor/Scalar and in-place calls.
#include <cmath>
#include "tyche/native.h"

#include "cpu/binary_kernel.h"

namespace tyche {

namespace detail {

void check_inplace_dtype(const Tensor& self, DType t, const char* op) {
  TYCHE_CHECK(dtype_category(t) <= dtype_category(self.dtype()), op, "result type ", t,
              " can't be cast to the desired output type ", self.dtype());
}

Tensor unalias(const Tensor& self, const Tensor& src) {
  if (!src.shares_storage(self)) return src;
  if (src.storage_offset() == self.storage_offset() && src.sizes() == self.sizes() &&
      src.strides() == self.strides())
    return src;  // same elements, same order: elementwise reads happen before writes
  return src.clone();
}

namespace {

// One operand: a tensor or a C++ Scalar (broadcast as a 0-dim value).
struct Operand {
  const Tensor* t = nullptr;
  Scalar s;
  Operand(const Tensor& x) : t(&x) {}  // NOLINT
  Operand(Scalar v) : s(v) {}          // NOLINT
  bool is_scalar() const { return t == nullptr; }
};

// 0 = Scalar, 1 = 0-dim tensor, 2 = dimensioned tensor: PyTorch's priority tiers.
int tier(const Operand& o) { return o.is_scalar() ? 0 : o.t->dim() == 0 ? 1 : 2; }
DType kind_of(const Operand& o) { return o.is_scalar() ? o.s.kind() : o.t->dtype(); }

DType promote_operands(const Operand& a, const Operand& b) {
  DType ta = kind_of(a), tb = kind_of(b);
  int ia = tier(a), ib = tier(b);
  if (ia == ib) {
    if (ia == 0) return promote_types(ta, tb) == kFloat64 ? default_dtype() : promote_types(ta, tb);
    return promote_types(ta, tb);
  }
  const DType hi = ia > ib ? ta : tb;  // the higher tier's dtype wins within a category
  const DType lo = ia > ib ? tb : ta;
  const bool lo_scalar = (ia > ib ? ib : ia) == 0;
  if (dtype_category(lo) > dtype_category(hi)) {
    if (lo_scalar) return lo == kFloat64 ? default_dtype() : lo;  // int tensor * 2.5 -> float32
    return lo;
  }
  return hi;
}

// Typed storage for a Scalar operand converted to the compute dtype.
union ScalarBox {
  bool b; int32_t i; int64_t l; float f; double d;
};
const void* box(ScalarBox& box, Scalar s, DType t) {
  switch (t) {
    case kBool: box.b = s.to<bool>(); return &box.b;
    case kInt32: box.i = s.to<int32_t>(); return &box.i;
    case kInt64: box.l = s.to<int64_t>(); return &box.l;
    case kFloat32: box.f = s.to<float>(); return &box.f;
    case kFloat64: box.d = s.to<double>(); return &box.d;
  }
  return nullptr;
}

IntList shape_of(const Operand& o) { return o.is_scalar() ? IntList() : o.t->sizes(); }

void check_operand(const Operand& o, const char* op) {
  TYCHE_CHECK(o.is_scalar() || o.t->defined(), op, "input tensor is undefined");
}

// Runs op over (a, b) into out, with both operands of compute dtype ct.
template <Promote P, class Op>
void run_binary(Tensor& out, const Operand& a, const Operand& b, DType ct, const char* name,
                const Op& op) {
  // Operands already in the compute dtype and not aliasing `out` are used as they are.
  Tensor ta, tb;
  auto prepare = [&](const Operand& o, Tensor& holder) -> const Tensor& {
    if (o.is_scalar()) return out;  // placeholder; replaced by the boxed scalar below
    if (o.t->dtype() == ct && (o.t->is_same(out) || !o.t->shares_storage(out))) return *o.t;
    holder = unalias(out, cast(*o.t, ct));
    return holder;
  };
  const Tensor& pa = prepare(a, ta);
  const Tensor& pb = prepare(b, tb);
  ScalarBox ba, bb;
  std::array<const void*, 3> scalars = {nullptr, a.is_scalar() ? box(ba, a.s, ct) : nullptr,
                                        b.is_scalar() ? box(bb, b.s, ct) : nullptr};
  auto go = [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Out = std::conditional_t<P == Promote::Compare || P == Promote::Logical, bool, T>;
    for_each_element<3>(out.sizes(), {&out, &pa, &pb}, scalars, binary_inner<Out, T>(op));
  };
  if constexpr (P == Promote::Float) dispatch_floating(ct, name, go);
  else if constexpr (P == Promote::Logical) go(TypeTag<bool>{});
  else if constexpr (P == Promote::Compare) dispatch(ct, go);
  else dispatch_numeric(ct, name, go);
}

template <Promote P, class Op>
Tensor binary_op(const Operand& a, const Operand& b, const char* name, const Op& op = {}) {
  check_operand(a, name);
  check_operand(b, name);
  DType ct = compute_dtype(promote_operands(a, b), P);
  IntList sa = shape_of(a), sb = shape_of(b);
  Tensor out = a.is_scalar() || sa == sb ? new_tensor(sb, output_dtype(ct, P))
               : b.is_scalar()           ? new_tensor(sa, output_dtype(ct, P))
                                         : new_tensor(broadcast_shapes(sa, sb, name), output_dtype(ct, P));
  run_binary<P>(out, a, b, ct, name, op);
  return out;
}

template <Promote P, class Op>
Tensor& binary_inplace(Tensor& self, const Operand& b, const char* name, const Op& op = {}) {
  check_operand(self, name);
  check_operand(b, name);
  DType ct = compute_dtype(promote_operands(self, b), P);
  check_inplace_dtype(self, ct, name);
  ct = self.dtype();
  Shape bs = broadcast_shapes(self.sizes(), shape_of(b), name);
  TYCHE_CHECK(IntList(bs) == self.sizes(), name, "output with shape ", self.sizes(),
              " doesn't match the broadcast shape ", IntList(bs));
  run_binary<P>(self, self, b, ct, name, op);
  self.impl()->storage()->bump_version();
  return self;
}

// ---- functors
#define TYCHE_BINARY_FUNCTOR(Name, S, A)                                  \
  struct Name {                                                           \
    template <class T> T operator()(T a, T b) const { return S; }         \
    template <class E, class F> auto array(const E& a, const F& b) const { return A; } \
  };
TYCHE_BINARY_FUNCTOR(Add, T(a + b), a + b)
TYCHE_BINARY_FUNCTOR(Sub, T(a - b), a - b)
TYCHE_BINARY_FUNCTOR(Mul, T(a * b), a * b)
TYCHE_BINARY_FUNCTOR(Div, a / b, a / b)
#undef TYCHE_BINARY_FUNCTOR

// NaN-propagating max/min, as PyTorch's maximum/minimum.
struct Maximum {
  template <class T> T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) if (std::isnan(a) || std::isnan(b)) return a + b;
    return a > b ? a : b;
  }
};
struct Minimum {
  template <class T> T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) if (std::isnan(a) || std::isnan(b)) return a + b;
    return a < b ? a : b;
  }
};
struct Pow {
  template <class T> T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      if (b < 0) return a == 1 ? T(1) : a == -1 ? T(b % 2 ? -1 : 1) : T(0);
      T r = 1;
      for (T e = b; e > 0; e >>= 1, a *= a) if (e & 1) r *= a;
      return r;
    } else {
      return std::pow(a, b);
    }
  }
  template <class E, class F>
    requires std::is_floating_point_v<typename E::Scalar>
  auto array(const E& a, const F& b) const { return a.pow(b); }
};
struct Atan2 {
  template <class T> T operator()(T y, T x) const { return std::atan2(y, x); }
};
// C's fmod: the result has the sign of the dividend (torch.fmod).
struct Fmod {
  template <class T> T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) return b == 0 ? T(0) : T(a % b);
    else return std::fmod(a, b);
  }
};
#define TYCHE_COMPARE_FUNCTOR(Name, EXPR) \
  struct Name { template <class T> bool operator()(T a, T b) const { return EXPR; } };
TYCHE_COMPARE_FUNCTOR(Eq, a == b)
TYCHE_COMPARE_FUNCTOR(Ne, a != b)
TYCHE_COMPARE_FUNCTOR(Lt, a < b)
TYCHE_COMPARE_FUNCTOR(Le, a <= b)
TYCHE_COMPARE_FUNCTOR(Gt, a > b)
TYCHE_COMPARE_FUNCTOR(Ge, a >= b)
TYCHE_COMPARE_FUNCTOR(And, a && b)
TYCHE_COMPARE_FUNCTOR(Or, a || b)
TYCHE_COMPARE_FUNCTOR(Xor, a != b)
#undef TYCHE_COMPARE_FUNCTOR

}  // namespace
}  // namespace detail

using detail::binary_inplace;
using detail::binary_op;
using detail::Promote;
namespace d = detail;

DType result_type(const Tensor& a, const Tensor& b) { return d::promote_operands(a, b); }
DType result_type(const Tensor& a, Scalar b) { return d::promote_operands(a, b); }

Tensor native::add(const Tensor& a, const Tensor& b, Scalar alpha) {
  if (alpha.to_double() == 1 && !alpha.is_floating()) return binary_op<Promote::Same, d::Add>(a, b, "add");
  return binary_op<Promote::Same, d::Add>(a, b * alpha, "add");
}
Tensor native::sub(const Tensor& a, const Tensor& b, Scalar alpha) {
  if (alpha.to_double() == 1 && !alpha.is_floating()) return binary_op<Promote::Same, d::Sub>(a, b, "sub");
  return binary_op<Promote::Same, d::Sub>(a, b * alpha, "sub");
}
Tensor native::mul(const Tensor& a, const Tensor& b) { return binary_op<Promote::Same, d::Mul>(a, b, "mul"); }
Tensor native::div(const Tensor& a, const Tensor& b) { return binary_op<Promote::Float, d::Div>(a, b, "div"); }
Tensor native::pow(const Tensor& a, const Tensor& b) { return binary_op<Promote::Same, d::Pow>(a, b, "pow"); }
Tensor native::pow(const Tensor& a, Scalar b) {
  // Common exponents get exact, faster forms.
  if (is_floating(a.dtype())) {
    double e = b.to_double();
    if (e == 1) return a.clone();
    if (e == 2) return native::square(a);
    if (e == 0.5 && is_floating(a.dtype())) return native::sqrt(a);
  }
  return binary_op<Promote::Same, d::Pow>(a, b, "pow");
}
Tensor native::pow(Scalar a, const Tensor& b) { return binary_op<Promote::Same, d::Pow>(a, b, "pow"); }
Tensor native::maximum(const Tensor& a, const Tensor& b) { return binary_op<Promote::Same, d::Maximum>(a, b, "maximum"); }
Tensor native::minimum(const Tensor& a, const Tensor& b) { return binary_op<Promote::Same, d::Minimum>(a, b, "minimum"); }
Tensor native::atan2(const Tensor& y, const Tensor& x) { return binary_op<Promote::Float, d::Atan2>(y, x, "atan2"); }
Tensor native::fmod(const Tensor& a, const Tensor& b) { return binary_op<Promote::Same, d::Fmod>(a, b, "fmod"); }
Tensor eq(const Tensor& a, const Tensor& b) { return binary_op<Promote::Compare, d::Eq>(a, b, "eq"); }
Tensor ne(const Tensor& a, const Tensor& b) { return binary_op<Promote::Compare, d::Ne>(a, b, "ne"); }
Tensor lt(const Tensor& a, const Tensor& b) { return binary_op<Promote::Compare, d::Lt>(a, b, "lt"); }
Tensor le(const Tensor& a, const Tensor& b) { return binary_op<Promote::Compare, d::Le>(a, b, "le"); }
Tensor gt(const Tensor& a, const Tensor& b) { return binary_op<Promote::Compare, d::Gt>(a, b, "gt"); }
Tensor ge(const Tensor& a, const Tensor& b) { return binary_op<Promote::Compare, d::Ge>(a, b, "ge"); }
Tensor logical_and(const Tensor& a, const Tensor& b) { return binary_op<Promote::Logical, d::And>(a, b, "logical_and"); }
Tensor logical_or(const Tensor& a, const Tensor& b) { return binary_op<Promote::Logical, d::Or>(a, b, "logical_or"); }
Tensor logical_xor(const Tensor& a, const Tensor& b) { return binary_op<Promote::Logical, d::Xor>(a, b, "logical_xor"); }

// Operators with a Scalar on either side.
#define TYCHE_SCALAR_OPERATORS(OP, P, F, NAME)                                                   \
  Tensor operator OP(const Tensor& a, Scalar b) { return binary_op<Promote::P, d::F>(a, b, NAME); } \
  Tensor operator OP(Scalar a, const Tensor& b) { return binary_op<Promote::P, d::F>(a, b, NAME); }
TYCHE_SCALAR_OPERATORS(==, Compare, Eq, "eq")
TYCHE_SCALAR_OPERATORS(!=, Compare, Ne, "ne")
TYCHE_SCALAR_OPERATORS(<, Compare, Lt, "lt")
TYCHE_SCALAR_OPERATORS(<=, Compare, Le, "le")
TYCHE_SCALAR_OPERATORS(>, Compare, Gt, "gt")
TYCHE_SCALAR_OPERATORS(>=, Compare, Ge, "ge")
#undef TYCHE_SCALAR_OPERATORS

// Arithmetic with a Scalar on either side (the public operators record autograd).
#define TYCHE_SCALAR_NATIVES(NAME, P, F)                                                            \
  Tensor native::NAME(const Tensor& a, Scalar b) { return binary_op<Promote::P, d::F>(a, b, #NAME); } \
  Tensor native::NAME(Scalar a, const Tensor& b) { return binary_op<Promote::P, d::F>(a, b, #NAME); }
TYCHE_SCALAR_NATIVES(add, Same, Add)
TYCHE_SCALAR_NATIVES(sub, Same, Sub)
TYCHE_SCALAR_NATIVES(mul, Same, Mul)
TYCHE_SCALAR_NATIVES(div, Float, Div)
#undef TYCHE_SCALAR_NATIVES

// In-place arithmetic.
Tensor& native::add_(Tensor& self, const Tensor& o, Scalar alpha) {
  if (alpha.to_double() == 1 && !alpha.is_floating()) return binary_inplace<Promote::Same, d::Add>(self, o, "add_");
  return binary_inplace<Promote::Same, d::Add>(self, o * alpha, "add_");
}
Tensor& native::sub_(Tensor& self, const Tensor& o, Scalar alpha) {
  if (alpha.to_double() == 1 && !alpha.is_floating()) return binary_inplace<Promote::Same, d::Sub>(self, o, "sub_");
  return binary_inplace<Promote::Same, d::Sub>(self, o * alpha, "sub_");
}
Tensor& native::add_(Tensor& self, Scalar o) { return binary_inplace<Promote::Same, d::Add>(self, o, "add_"); }
Tensor& native::sub_(Tensor& self, Scalar o) { return binary_inplace<Promote::Same, d::Sub>(self, o, "sub_"); }
Tensor& native::mul_(Tensor& self, const Tensor& o) { return binary_inplace<Promote::Same, d::Mul>(self, o, "mul_"); }
Tensor& native::mul_(Tensor& self, Scalar o) { return binary_inplace<Promote::Same, d::Mul>(self, o, "mul_"); }
Tensor& native::div_(Tensor& self, const Tensor& o) { return binary_inplace<Promote::Float, d::Div>(self, o, "div_"); }
Tensor& native::div_(Tensor& self, Scalar o) { return binary_inplace<Promote::Float, d::Div>(self, o, "div_"); }
Tensor& native::pow_(Tensor& self, Scalar e) { return binary_inplace<Promote::Same, d::Pow>(self, e, "pow_"); }

}  // namespace tyche
