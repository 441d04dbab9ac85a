#include "tyche/storage.h"

#include <cstdlib>
#include <new>

#include "block_pool.h"
#include "tyche/error.h"

namespace tyche {

namespace {
// Blocks up to this size share one pooled block with their StorageImpl header
// (one allocation per small tensor). Their data is 64-byte aligned, as large
// blocks are: Eigen peels a loop (a sum, an elementwise exp) up to the packet
// alignment of its pointer and runs the head and tail in scalar code, so with
// data aligned by chance the rounding of a result would depend on where malloc
// put it, and a seeded run would not repeat bit for bit.
constexpr int64_t kInlineBytes = 512;
constexpr size_t kHeader = (sizeof(StorageImpl) + 63) / 64 * 64;
static_assert(kHeader + kInlineBytes <= detail::kPoolHuge, "inline storages come from the 64-byte aligned pool");

void inline_deleter(void*, void*) {}
}  // namespace

IntrusivePtr<StorageImpl> StorageImpl::allocate(int64_t nbytes, Device device) {
  TYCHE_CHECK(device.is_cpu(), "allocate", "device ", device,
              " is not available in this build (tyche was built without CUDA)");
  TYCHE_CHECK(nbytes >= 0, "allocate", "negative size ", nbytes);
  if (nbytes <= kInlineBytes) {
    void* mem = detail::pool_alloc(kHeader + static_cast<size_t>(nbytes));
    auto* s = new (mem) StorageImpl();
    s->data_ = static_cast<char*>(mem) + kHeader;
    s->nbytes_ = nbytes;
    s->device_ = device;
    s->deleter_ = inline_deleter;  // marks the data as part of this block
    return IntrusivePtr<StorageImpl>::adopt(s);
  }
  void* data = detail::large_alloc(static_cast<size_t>(nbytes));
  void* mem = detail::pool_alloc(sizeof(StorageImpl));
  auto* s = new (mem) StorageImpl();
  s->data_ = data;
  s->nbytes_ = nbytes;
  s->device_ = device;
  s->deleter_ = [](void* d, void* n) { detail::large_free(d, reinterpret_cast<size_t>(n)); };
  s->ctx_ = reinterpret_cast<void*>(static_cast<size_t>(nbytes));
  return IntrusivePtr<StorageImpl>::adopt(s);
}

IntrusivePtr<StorageImpl> StorageImpl::borrow(void* data, int64_t nbytes, Device device,
                                              Deleter deleter, void* ctx) {
  void* mem = detail::pool_alloc(sizeof(StorageImpl));
  auto* s = new (mem) StorageImpl();
  s->data_ = data;
  s->nbytes_ = nbytes;
  s->device_ = device;
  s->deleter_ = deleter;
  s->ctx_ = ctx;
  return IntrusivePtr<StorageImpl>::adopt(s);
}

void StorageImpl::destroy(StorageImpl* s) {
  if (s->deleter_ == inline_deleter) {
    size_t bytes = kHeader + static_cast<size_t>(s->nbytes_);
    s->~StorageImpl();
    detail::pool_free(s, bytes);
    return;
  }
  if (s->deleter_) s->deleter_(s->data_, s->ctx_);
  s->~StorageImpl();
  detail::pool_free(s, sizeof(StorageImpl));
}

}  // namespace tyche
