#pragma once
// StorageImpl: one refcounted block of device memory shared by a tensor and
// all of its views. It also carries the version counter that in-place ops
// bump, so autograd can detect that a saved tensor (or any view of it) changed.
#include <atomic>
#include <cstdint>

#include "tyche/device.h"
#include "tyche/intrusive_ptr.h"

namespace tyche {

class StorageImpl : public RefCounted<StorageImpl> {
 public:
  using Deleter = void (*)(void* data, void* ctx);

  // Allocates nbytes (64-byte aligned) on device; small blocks live inline.
  static IntrusivePtr<StorageImpl> allocate(int64_t nbytes, Device device);
  // Wraps memory owned elsewhere; deleter (may be null) runs on release.
  static IntrusivePtr<StorageImpl> borrow(void* data, int64_t nbytes, Device device,
                                          Deleter deleter = nullptr, void* ctx = nullptr);

  void* data() const { return data_; }
  int64_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  uint32_t version() const { return version_.load(std::memory_order_relaxed); }
  void bump_version() { version_.fetch_add(1, std::memory_order_relaxed); }

  static void destroy(StorageImpl* s);  // called by RefCounted when the count hits 0

 private:
  StorageImpl() = default;
  void* data_ = nullptr;
  int64_t nbytes_ = 0;
  Device device_;
  std::atomic<uint32_t> version_{0};
  Deleter deleter_ = nullptr;
  void* ctx_ = nullptr;
};

}  // namespace tyche
