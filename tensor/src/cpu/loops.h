#pragma once
// StridedIter<N>: walks N operands (operand 0 is the output) over one
// broadcast shape. Strides are in bytes (0 on broadcast dims); dims that are
// contiguous in every operand are merged first, so a fully contiguous op is a
// single inner loop. The inner callback sees base pointers, inner-dim byte
// strides and a count; the kernel picks its SIMD path when strides are dense.
#include <array>
#include <cstdint>

#include "../parallel.h"
#include "tyche/shape.h"
#include "tyche/tensor.h"

namespace tyche::detail {

template <int N>
class StridedIter {
 public:
  // shape: the iteration shape; ts[k] must broadcast to it (operand 0 must equal it).
  StridedIter(IntList shape, const std::array<const Tensor*, N>& ts) {
    numel_ = numel_of(shape);
    size_t nd = shape.size();
    sizes_.assign(shape.begin(), shape.end());
    for (int k = 0; k < N; ++k) {
      const Tensor& t = *ts[k];
      base_[k] = static_cast<char*>(t.data_ptr());
      int64_t es = t.element_size();
      strides_[k].assign(nd, 0);
      size_t off = nd - static_cast<size_t>(t.dim());
      for (size_t d = 0; d < static_cast<size_t>(t.dim()); ++d)
        strides_[k][off + d] = t.sizes()[d] == 1 ? 0 : t.strides()[d] * es;
    }
    coalesce();
  }
  // Operand k given as a raw pointer with all-zero strides (a broadcast scalar).
  void set_scalar(int k, const void* p) {
    base_[k] = static_cast<char*>(const_cast<void*>(p));
    for (auto& s : strides_[k]) s = 0;
  }

  int64_t numel() const { return numel_; }
  int ndim() const { return static_cast<int>(sizes_.size()); }

  // f(char* const* ptrs, const int64_t* inner_strides, int64_t n) over all elements,
  // threaded when numel > grain.
  template <class F>
  void run(const F& f, int64_t grain = kElementwiseGrain) const {
    if (numel_ == 0) return;
    parallel_for(0, numel_, grain, [&](int64_t b, int64_t e) { walk(b, e, f); });
  }

  // Single-threaded walk over linear elements [b, e).
  template <class F>
  void walk(int64_t b, int64_t e, const F& f) const {
    int nd = ndim();
    if (nd == 0) {
      std::array<char*, N> p = base_;
      std::array<int64_t, N> s{};
      f(p.data(), s.data(), int64_t{1});
      return;
    }
    int64_t inner = sizes_[nd - 1];
    std::array<int64_t, N> inner_strides;
    for (int k = 0; k < N; ++k) inner_strides[k] = strides_[k][nd - 1];
    // multi-index of b
    Shape idx(nd, 0);
    int64_t rem = b;
    for (int d = nd - 1; d >= 0; --d) {
      idx[d] = rem % sizes_[d];
      rem /= sizes_[d];
    }
    std::array<char*, N> p;
    for (int k = 0; k < N; ++k) {
      char* q = base_[k];
      for (int d = 0; d < nd; ++d) q += idx[d] * strides_[k][d];
      p[k] = q;
    }
    int64_t pos = b;
    while (pos < e) {
      int64_t n = std::min(inner - idx[nd - 1], e - pos);
      f(p.data(), inner_strides.data(), n);
      pos += n;
      if (pos >= e) break;
      // advance to the start of the next row
      for (int k = 0; k < N; ++k) p[k] += (inner - idx[nd - 1]) * inner_strides[k] - inner * inner_strides[k];
      idx[nd - 1] = 0;
      for (int d = nd - 2; d >= 0; --d) {
        if (++idx[d] < sizes_[d]) {
          for (int k = 0; k < N; ++k) p[k] += strides_[k][d];
          break;
        }
        idx[d] = 0;
        for (int k = 0; k < N; ++k) p[k] -= (sizes_[d] - 1) * strides_[k][d];
      }
    }
  }

 private:
  void coalesce() {
    // Drop size-1 dims, then merge neighbours d, d+1 when stride[d] == stride[d+1] * size[d+1].
    Shape sz;
    std::array<Shape, N> st;
    for (size_t d = 0; d < sizes_.size(); ++d) {
      if (sizes_[d] == 1) continue;
      if (!sz.empty()) {
        bool merge = true;
        for (int k = 0; k < N; ++k)
          merge = merge && st[k].back() == strides_[k][d] * sizes_[d];
        if (merge) {
          sz.back() *= sizes_[d];
          for (int k = 0; k < N; ++k) st[k].back() = strides_[k][d];
          continue;
        }
      }
      sz.push_back(sizes_[d]);
      for (int k = 0; k < N; ++k) st[k].push_back(strides_[k][d]);
    }
    if (sz.empty() && numel_ == 1) {
      sz.push_back(1);
      for (int k = 0; k < N; ++k) st[k].push_back(0);
    }
    if (numel_ == 0) return;
    sizes_ = sz;
    strides_ = st;
  }

  int64_t numel_ = 0;
  Shape sizes_;
  std::array<Shape, N> strides_;
  std::array<char*, N> base_{};
};

// Runs inner(ptrs, strides, n) over every element of `shape` for operands ts
// (operand 0 is the output). scalars[k], when set, replaces operand k by a
// broadcast value. When every tensor operand is contiguous with exactly
// `shape` (the common case), this is one flat loop and builds no StridedIter.
template <int N, class F>
void for_each_element(IntList shape, const std::array<const Tensor*, N>& ts,
                      const std::array<const void*, N>& scalars, const F& inner,
                      int64_t grain = kElementwiseGrain) {
  bool dense = true;
  for (int k = 0; k < N && dense; ++k)
    dense = scalars[k] || (ts[k]->is_contiguous() && ts[k]->sizes() == shape);
  if (!dense) {
    StridedIter<N> it(shape, ts);
    for (int k = 0; k < N; ++k)
      if (scalars[k]) it.set_scalar(k, scalars[k]);
    it.run(inner, grain);
    return;
  }
  int64_t n = ts[0]->numel();
  std::array<char*, N> base;
  std::array<int64_t, N> st;
  for (int k = 0; k < N; ++k) {
    base[k] = static_cast<char*>(scalars[k] ? const_cast<void*>(scalars[k]) : ts[k]->data_ptr());
    st[k] = scalars[k] ? 0 : ts[k]->element_size();
  }
  if (n <= grain) {
    if (n > 0) inner(base.data(), st.data(), n);
    return;
  }
  parallel_for(0, n, grain, [&](int64_t b, int64_t e) {
    std::array<char*, N> p;
    for (int k = 0; k < N; ++k) p[k] = base[k] + b * st[k];
    inner(p.data(), st.data(), e - b);
  });
}

}  // namespace tyche::detail
