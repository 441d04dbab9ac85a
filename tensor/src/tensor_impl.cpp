#include "tyche/tensor_impl.h"

#include "block_pool.h"

namespace tyche {

namespace {
[[gnu::tls_model("initial-exec")]] thread_local int64_t live_impls = 0;
}

void* TensorImpl::operator new(size_t bytes) {
  ++live_impls;
  return detail::pool_alloc(bytes);
}
void TensorImpl::operator delete(void* p, size_t bytes) noexcept {
  --live_impls;
  detail::pool_free(p, bytes);
}

int64_t live_tensor_impls() { return live_impls; }

TensorImpl::TensorImpl(IntrusivePtr<StorageImpl> storage, DType dtype, IntList sizes)
    : storage_(std::move(storage)), sizes_(sizes.begin(), sizes.end()), dtype_(dtype) {
  strides_.resize(sizes.size());
  int64_t acc = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides_[i] = acc;
    acc *= sizes[i] > 0 ? sizes[i] : 1;
  }
  numel_ = numel_of(sizes);
}

void TensorImpl::set_geometry(Shape sizes, Shape strides, int64_t offset) {
  sizes_ = std::move(sizes);
  strides_ = std::move(strides);
  offset_ = offset;
  numel_ = numel_of(sizes_);
  // Contiguous = row-major order; dims of size 1 may carry any stride.
  contiguous_ = true;
  int64_t expected = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (sizes_[i] == 1) continue;
    if (strides_[i] != expected) { contiguous_ = numel_ == 0; break; }
    expected *= sizes_[i];
  }
}

}  // namespace tyche
