#pragma once
// Scalar: a C++ number passed to a tensor op (a * 2.0, full(shape, 3)).
// It remembers whether it was bool, integral or floating, because a Scalar
// never upcasts a tensor within a category (float32 * 2.0 stays float32),
// but an int tensor times 2.5 becomes floating, as in PyTorch.
#include <cstdint>
#include <type_traits>

#include "tyche/dtype.h"

namespace tyche {

class Scalar {
 public:
  Scalar() = default;
  template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  Scalar(T v) {  // NOLINT: implicit on purpose
    if constexpr (std::is_same_v<T, bool>) {
      kind_ = kBool;
      i_ = v;
      d_ = v;
    } else if constexpr (std::is_integral_v<T>) {
      kind_ = kInt64;
      i_ = static_cast<int64_t>(v);
      d_ = static_cast<double>(v);
    } else {
      kind_ = kFloat64;
      d_ = static_cast<double>(v);
      i_ = static_cast<int64_t>(d_ == d_ && d_ < 9.2e18 && d_ > -9.2e18 ? d_ : 0);
    }
  }
  // kBool, kInt64 or kFloat64: the category the value came from.
  DType kind() const { return kind_; }
  bool is_floating() const { return kind_ == kFloat64; }
  double to_double() const { return d_; }
  int64_t to_int() const { return i_; }
  template <class T> T to() const {
    if constexpr (std::is_floating_point_v<T>) return static_cast<T>(d_);
    else if constexpr (std::is_same_v<T, bool>) return kind_ == kFloat64 ? d_ != 0 : i_ != 0;
    else return kind_ == kFloat64 ? static_cast<T>(d_) : static_cast<T>(i_);
  }

 private:
  DType kind_ = kInt64;
  double d_ = 0;
  int64_t i_ = 0;
};

}  // namespace tyche
