#pragma once
// RefCounted<T> + IntrusivePtr<T>: a thread-safe intrusive refcount. The count
// lives in the object, so a handle copy is one atomic increment and a handle
// is one pointer wide. T provides `static void destroy(T*)`.
#include <atomic>
#include <cstdint>
#include <utility>

namespace tyche {

template <class T>
class RefCounted {
 public:
  void incref() const { refcount_.fetch_add(1, std::memory_order_relaxed); }
  void decref() const {
    if (refcount_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      T::destroy(static_cast<T*>(const_cast<RefCounted*>(this)));
  }
  int32_t use_count() const { return refcount_.load(std::memory_order_relaxed); }

 protected:
  RefCounted() = default;
  RefCounted(const RefCounted&) = delete;
  RefCounted& operator=(const RefCounted&) = delete;

 private:
  mutable std::atomic<int32_t> refcount_{1};
};

template <class T>
class IntrusivePtr {
 public:
  IntrusivePtr() = default;
  // Adopts p whose count is already 1 (fresh from new/allocate).
  static IntrusivePtr adopt(T* p) { IntrusivePtr r; r.p_ = p; return r; }
  IntrusivePtr(const IntrusivePtr& o) : p_(o.p_) { if (p_) p_->incref(); }
  IntrusivePtr(IntrusivePtr&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  IntrusivePtr& operator=(const IntrusivePtr& o) {
    IntrusivePtr(o).swap(*this);
    return *this;
  }
  IntrusivePtr& operator=(IntrusivePtr&& o) noexcept {
    IntrusivePtr(std::move(o)).swap(*this);
    return *this;
  }
  ~IntrusivePtr() { if (p_) p_->decref(); }

  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  void swap(IntrusivePtr& o) noexcept { std::swap(p_, o.p_); }
  friend bool operator==(const IntrusivePtr& a, const IntrusivePtr& b) { return a.p_ == b.p_; }

 private:
  T* p_ = nullptr;
};

}  // namespace tyche
