#pragma once
// Run-time dtype dispatch at the kernel boundary: dispatch(dtype, f) calls
// f(TypeTag<T>{}) with T the C++ type of dtype. Internal to tensor/.
#include "tyche/dtype.h"
#include "tyche/error.h"

namespace tyche::detail {

template <class T> struct TypeTag { using type = T; };

template <class F>
decltype(auto) dispatch(DType t, F&& f) {
  switch (t) {
    case kBool: return f(TypeTag<bool>{});
    case kInt32: return f(TypeTag<int32_t>{});
    case kInt64: return f(TypeTag<int64_t>{});
    case kFloat32: return f(TypeTag<float>{});
    case kFloat64: break;
  }
  return f(TypeTag<double>{});
}

// Numeric types only (no bool).
template <class F>
decltype(auto) dispatch_numeric(DType t, const char* op, F&& f) {
  switch (t) {
    case kInt32: return f(TypeTag<int32_t>{});
    case kInt64: return f(TypeTag<int64_t>{});
    case kFloat32: return f(TypeTag<float>{});
    case kFloat64: return f(TypeTag<double>{});
    case kBool: break;
  }
  throw Error(concat(op, ": not implemented for dtype bool"));
}

template <class F>
decltype(auto) dispatch_floating(DType t, const char* op, F&& f) {
  if (t == kFloat32) return f(TypeTag<float>{});
  TYCHE_CHECK(t == kFloat64, op, "expected a floating dtype (float32 or float64), got ", t);
  return f(TypeTag<double>{});
}

}  // namespace tyche::detail
