#pragma once
// Element types. Promotion follows PyTorch/NumPy: bool < integer < floating;
// within a category the wider type wins (f32 + f64 -> f64, i32 + i64 -> i64).
#include <cstdint>
#include <iosfwd>
#include <string_view>

namespace tyche {

enum class DType : uint8_t { Bool, Int32, Int64, Float32, Float64 };

inline constexpr DType kBool = DType::Bool;
inline constexpr DType kInt32 = DType::Int32;
inline constexpr DType kInt64 = DType::Int64;
inline constexpr DType kFloat32 = DType::Float32;
inline constexpr DType kFloat64 = DType::Float64;
inline constexpr DType kFloat = kFloat32;
inline constexpr DType kDouble = kFloat64;
inline constexpr DType kLong = kInt64;

// Size of one element in bytes.
constexpr int64_t element_size(DType t) {
  switch (t) {
    case DType::Bool: return 1;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Float32: return 4;
    case DType::Float64: return 8;
  }
  return 0;
}
constexpr bool is_floating(DType t) { return t == kFloat32 || t == kFloat64; }
constexpr bool is_integral(DType t, bool include_bool = false) {
  return t == kInt32 || t == kInt64 || (include_bool && t == kBool);
}
// 0 = bool, 1 = integer, 2 = floating.
constexpr int dtype_category(DType t) { return t == kBool ? 0 : is_floating(t) ? 2 : 1; }

// The smallest type both a and b convert to without losing their category.
constexpr DType promote_types(DType a, DType b) {
  if (a == b) return a;
  int ca = dtype_category(a), cb = dtype_category(b);
  if (ca != cb) return ca > cb ? a : b;
  return element_size(a) >= element_size(b) ? a : b;
}

std::string_view dtype_name(DType t);  // "float32", "int64", ...
std::ostream& operator<<(std::ostream& os, DType t);

// The C++ type of each dtype, and back.
template <class T> struct dtype_of;
template <> struct dtype_of<bool> { static constexpr DType value = kBool; };
template <> struct dtype_of<int32_t> { static constexpr DType value = kInt32; };
template <> struct dtype_of<int64_t> { static constexpr DType value = kInt64; };
template <> struct dtype_of<float> { static constexpr DType value = kFloat32; };
template <> struct dtype_of<double> { static constexpr DType value = kFloat64; };
template <class T> inline constexpr DType dtype_of_v = dtype_of<T>::value;

// Default floating dtype (float32, as PyTorch) used by randn, zeros, int->float math.
DType default_dtype();
void set_default_dtype(DType t);  // must be floating

}  // namespace tyche
