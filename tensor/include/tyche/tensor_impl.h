#pragma once
// TensorImpl: what a Tensor handle points to.
// Invariants:
//  - sizes.size() == strides.size() == dim(); strides and offset are in elements;
//  - every element addressed by (sizes, strides, offset) lies inside storage;
//  - numel and contiguous are cached from sizes/strides and refreshed by set_geometry;
//  - autograd_meta is an opaque slot owned by autograd/; tensor/ never reads it.
#include <memory>

#include "tyche/device.h"
#include "tyche/dtype.h"
#include "tyche/shape.h"
#include "tyche/storage.h"

namespace tyche {

// Base for whatever autograd/ attaches to a tensor (grad, grad_fn, requires_grad).
struct AutogradMetaBase {
  virtual ~AutogradMetaBase() = default;
};

class TensorImpl : public RefCounted<TensorImpl> {
 public:
  TensorImpl(IntrusivePtr<StorageImpl> storage, DType dtype, Shape sizes, Shape strides,
             int64_t offset)
      : storage_(std::move(storage)), dtype_(dtype) {
    set_geometry(std::move(sizes), std::move(strides), offset);
  }

  // A fresh contiguous tensor of `sizes` over storage (offset 0).
  TensorImpl(IntrusivePtr<StorageImpl> storage, DType dtype, IntList sizes);

  const IntrusivePtr<StorageImpl>& storage() const { return storage_; }
  DType dtype() const { return dtype_; }
  Device device() const { return storage_->device(); }
  Layout layout() const { return Layout::Strided; }
  const Shape& sizes() const { return sizes_; }
  const Shape& strides() const { return strides_; }
  int64_t offset() const { return offset_; }
  int64_t numel() const { return numel_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  bool is_contiguous() const { return contiguous_; }
  // Address of element 0 of this view (storage data + offset * element size).
  void* data() const {
    return static_cast<char*>(storage_->data()) + offset_ * element_size(dtype_);
  }

  void set_geometry(Shape sizes, Shape strides, int64_t offset);

  AutogradMetaBase* autograd_meta() const { return autograd_meta_.get(); }
  void set_autograd_meta(std::unique_ptr<AutogradMetaBase> m) { autograd_meta_ = std::move(m); }

  static void destroy(TensorImpl* t) { delete t; }
  // TensorImpls come from a per-thread block cache (tensor/src/block_pool.h).
  static void* operator new(size_t bytes);
  static void operator delete(void* p, size_t bytes) noexcept;

 private:
  IntrusivePtr<StorageImpl> storage_;
  Shape sizes_, strides_;
  int64_t offset_ = 0;
  int64_t numel_ = 1;
  DType dtype_;
  bool contiguous_ = true;
  std::unique_ptr<AutogradMetaBase> autograd_meta_;
};

}  // namespace tyche
