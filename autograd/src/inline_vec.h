#pragma once
// InlineVec<T, N>: the first N elements inline, the rest in a std::vector.
// Graph nodes hold their edges and saved tensors in these: almost every op has
// at most three inputs, so recording one allocates nothing beyond the node.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <utility>
#include <vector>

namespace tyche::autograd::detail {

template <class T, size_t N>
class InlineVec {
 public:
  InlineVec() = default;
  InlineVec(std::initializer_list<T> init) {
    for (const T& v : init) push_back(v);
  }
  void push_back(T v) {
    if (size_ < N) inline_[size_] = std::move(v);
    else extra_.push_back(std::move(v));
    ++size_;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return i < N ? inline_[i] : extra_[i - N]; }
  const T& operator[](size_t i) const { return i < N ? inline_[i] : extra_[i - N]; }
  void clear() {
    for (size_t i = 0; i < N && i < size_; ++i) inline_[i] = T();
    extra_.clear();
    size_ = 0;
  }

 private:
  std::array<T, N> inline_{};
  std::vector<T> extra_;
  size_t size_ = 0;
};

}  // namespace tyche::autograd::detail
