#include "tyche/storage.h"

#include <cstdlib>
#include <new>

#include "block_pool.h"
#include "tyche/error.h"

namespace tyche {

namespace {
constexpr int64_t kAlign = 64;
// Blocks up to this size share one malloc with their StorageImpl header (one
// allocation per small tensor, served from malloc's per-thread cache). Their
// data is 16-byte aligned; Eigen maps use unaligned loads, so that suffices.
constexpr int64_t kInlineBytes = 512;
constexpr size_t kHeader = (sizeof(StorageImpl) + 15) / 16 * 16;

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
    s->deleter_ = inline_deleter;
    s->ctx_ = mem;  // marks the block as malloc'ed together with its header
    return IntrusivePtr<StorageImpl>::adopt(s);
  }
  size_t rounded = static_cast<size_t>((nbytes + kAlign - 1) / kAlign * kAlign);
  void* data = std::aligned_alloc(kAlign, rounded);
  if (!data) throw Error(detail::concat("allocate: out of memory allocating ", nbytes, " bytes"));
  void* mem = ::operator new(sizeof(StorageImpl), std::align_val_t(kAlign));
  auto* s = new (mem) StorageImpl();
  s->data_ = data;
  s->nbytes_ = nbytes;
  s->device_ = device;
  s->deleter_ = [](void* d, void*) { std::free(d); };
  s->ctx_ = nullptr;
  return IntrusivePtr<StorageImpl>::adopt(s);
}

IntrusivePtr<StorageImpl> StorageImpl::borrow(void* data, int64_t nbytes, Device device,
                                              Deleter deleter, void* ctx) {
  void* mem = ::operator new(sizeof(StorageImpl), std::align_val_t(kAlign));
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
  ::operator delete(s, std::align_val_t(kAlign));
}

}  // namespace tyche
