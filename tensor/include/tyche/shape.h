#pragma once
// Shape (an owning small vector of sizes or strides) and IntList (a borrowed
// view of int64 values that accepts {1, 2}, std::vector and Shape), used for
// every sizes/dims argument.
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <vector>

#include "tyche/small_vector.h"

namespace tyche {

using Shape = SmallVector<int64_t, 6>;

// IntList borrows its values; an IntList made from {1, 2} lives for the full
// expression of the call, which is all an argument needs.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
class IntList {
 public:
  IntList() = default;
  IntList(std::initializer_list<int64_t> il) : data_(il.begin()), size_(il.size()) {}
  IntList(const std::vector<int64_t>& v) : data_(v.data()), size_(v.size()) {}
  IntList(const Shape& s) : data_(s.data()), size_(s.size()) {}
  IntList(const int64_t* p, size_t n) : data_(p), size_(n) {}

  const int64_t* begin() const { return data_; }
  const int64_t* end() const { return data_ + size_; }
  const int64_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t operator[](size_t i) const { return data_[i]; }
  Shape shape() const { return Shape(begin(), end()); }
  std::vector<int64_t> vec() const { return {begin(), end()}; }
  friend bool operator==(IntList a, IntList b) {
    if (a.size_ != b.size_) return false;
    for (size_t i = 0; i < a.size_; ++i)
      if (a.data_[i] != b.data_[i]) return false;
    return true;
  }

 private:
  const int64_t* data_ = nullptr;
  size_t size_ = 0;
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

std::string to_string(IntList s);                 // "[2, 3]"
std::ostream& operator<<(std::ostream& os, IntList s);
int64_t numel_of(IntList sizes);                  // product of sizes (1 for [])
// Contiguous (row-major) strides for sizes, in elements.
Shape contiguous_strides(IntList sizes);
// Wraps a possibly negative dim into [0, ndim); throws naming op otherwise.
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);
// NumPy broadcast of two shapes; throws naming op and both shapes.
Shape broadcast_shapes(IntList a, IntList b, const char* op = "broadcast");

}  // namespace tyche
