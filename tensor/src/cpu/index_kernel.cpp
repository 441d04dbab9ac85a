// Kernels and index normalisation shared by the indexing ops (see index_kernel.h).
#include "index_kernel.h"

#include <atomic>
#include <cstring>

#include "../dispatch.h"
#include "../elementwise.h"
#include "loops.h"

namespace tyche::detail {

Tensor restride(const Tensor& t, Shape sizes, Shape strides) {
  return Tensor(IntrusivePtr<TensorImpl>::adopt(
      new TensorImpl(t.impl()->storage(), t.dtype(), std::move(sizes), std::move(strides), t.storage_offset())));
}

void check_index_dtype(const Tensor& index, const char* op) {
  TYCHE_CHECK(index.defined(), op, "index tensor is undefined");
  TYCHE_CHECK(index.dtype() == kInt64 || index.dtype() == kInt32, op,
              "index tensors must be int64 or int32, got ", index.dtype(), " (shape ", index.sizes(), ")");
}

namespace {

template <class F>
void dispatch_index(DType t, F&& f) {
  if (t == kInt32) f(TypeTag<int32_t>{});
  else f(TypeTag<int64_t>{});
}

// Only reached once a kernel has flagged a bad index: finds the first one for the message.
[[noreturn]] void throw_bad_index(const Tensor& index, const IndexCheck& chk) {
  for (int64_t v : index.contiguous().to_vector<int64_t>()) {
    bool ok = v < chk.size && (v >= 0 || (chk.wrap_negative && v >= -chk.size));
    TYCHE_CHECK(ok, chk.op, "index ", v, " is out of bounds for dimension ", chk.dim, " with size ", chk.size);
  }
  throw Error(concat(chk.op, ": index out of bounds for dimension ", chk.dim, " with size ", chk.size));
}

}  // namespace

Tensor index_offsets(const Tensor& index, int64_t stride, const IndexCheck& chk) {
  check_index_dtype(index, chk.op);
  Tensor out = new_tensor(index.sizes(), kInt64);
  StridedIter<2> it(out.sizes(), {&out, &index});
  std::atomic<bool> bad{false};
  dispatch_index(index.dtype(), [&](auto tag) {
    using I = typename decltype(tag)::type;
    it.run([&](char* const* p, const int64_t* s, int64_t n) {
      char* o = p[0];
      const char* q = p[1];
      bool ok = true;
      for (int64_t i = 0; i < n; ++i, o += s[0], q += s[1]) {
        int64_t v = *reinterpret_cast<const I*>(q);
        if (v < 0 && chk.wrap_negative) v += chk.size;
        bool in_range = v >= 0 && v < chk.size;
        ok = ok && in_range;
        *reinterpret_cast<int64_t*>(o) = in_range ? v * stride : 0;  // a wild index must not overflow
      }
      if (!ok) bad.store(true, std::memory_order_relaxed);
    });
  });
  if (bad.load()) throw_bad_index(index, chk);
  return out;
}

void index_gather(const Tensor& out, const Tensor& data, const Tensor& offsets) {
  StridedIter<3> it(out.sizes(), {&out, &data, &offsets});
  dispatch(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    it.run([](char* const* p, const int64_t* s, int64_t n) {
      char* o = p[0];
      const char* d = p[1];
      const char* off = p[2];
      // A dense row that shares one offset (index_select, leading advanced index) is one memcpy.
      if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == 0) {
        std::memcpy(o, d + *reinterpret_cast<const int64_t*>(off) * int64_t{sizeof(T)}, n * sizeof(T));
        return;
      }
      for (int64_t i = 0; i < n; ++i, o += s[0], d += s[1], off += s[2])
        *reinterpret_cast<T*>(o) =
            *reinterpret_cast<const T*>(d + *reinterpret_cast<const int64_t*>(off) * int64_t{sizeof(T)});
    });
  });
}

namespace {
template <class T, bool Accumulate>
void scatter_rows(const StridedIter<3>& it) {
  it.walk(0, it.numel(), [](char* const* p, const int64_t* s, int64_t n) {
    char* d = p[0];
    const char* v = p[1];
    const char* off = p[2];
    for (int64_t i = 0; i < n; ++i, d += s[0], v += s[1], off += s[2]) {
      T* dst = reinterpret_cast<T*>(d + *reinterpret_cast<const int64_t*>(off) * int64_t{sizeof(T)});
      T x = *reinterpret_cast<const T*>(v);
      if constexpr (Accumulate) *dst = static_cast<T>(*dst + x);
      else *dst = x;
    }
  });
}
}  // namespace

void index_scatter(const Tensor& data, const Tensor& src, const Tensor& offsets, bool accumulate) {
  StridedIter<3> it(data.sizes(), {&data, &src, &offsets});
  if (it.numel() == 0) return;
  dispatch(data.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (accumulate) scatter_rows<T, true>(it);
    else scatter_rows<T, false>(it);
  });
}

}  // namespace tyche::detail
