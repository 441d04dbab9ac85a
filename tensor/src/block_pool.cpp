#include "block_pool.h"

#include "tyche/tensor.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace tyche::detail {

namespace {

// Blocks kept per size class and thread; beyond this, frees go to malloc.
// Under AddressSanitizer nothing is cached, so every free is visible to it.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kCap = 0;
constexpr bool kCacheLarge = false;
#else
constexpr int kCap = 1024;  // a backward pass frees a whole graph at once
constexpr bool kCacheLarge = true;
#endif

struct Node {
  Node* next;
};

// Plain (constant-initialised) thread-locals: access is a single TLS load.
struct FreeList {
  Node* head;
  int count;
};
[[gnu::tls_model("initial-exec")]] thread_local FreeList t_lists[3] = {{nullptr, 0}, {nullptr, 0}, {nullptr, 0}};
[[gnu::tls_model("initial-exec")]] thread_local bool t_cleanup_registered = false;

// Returns a thread's cached blocks to malloc when the thread exits.
struct Cleanup {
  ~Cleanup() {
    for (FreeList& l : t_lists) {
      while (l.head) {
        Node* n = l.head;
        l.head = n->next;
        std::free(n);
      }
      l.count = 0;
    }
  }
};

void register_cleanup() {
  thread_local Cleanup cleanup;
  (void)cleanup;
  t_cleanup_registered = true;
}

int size_class(size_t bytes) {
  return bytes <= kPoolSmall ? 0 : bytes <= kPoolLarge ? 1 : bytes <= kPoolHuge ? 2 : -1;
}
constexpr size_t kClassBytes[3] = {kPoolSmall, kPoolLarge, kPoolHuge};

}  // namespace

void* pool_alloc(size_t bytes) {
  int c = size_class(bytes);
  if (c >= 0) {
    FreeList& l = t_lists[c];
    if (Node* n = l.head) {
      l.head = n->next;
      --l.count;
      return n;
    }
    // 64-byte aligned, as large blocks: inline storage data then starts on a
    // SIMD-packet boundary (see storage.cpp).
    void* p = std::aligned_alloc(64, kClassBytes[c]);
    if (!p) throw std::bad_alloc();
    return p;
  }
  void* p = std::malloc(bytes);
  if (!p) throw std::bad_alloc();
  return p;
}

void pool_free(void* p, size_t bytes) noexcept {
  int c = size_class(bytes);
  if (c >= 0) {
    FreeList& l = t_lists[c];
    if (l.count < kCap) {
      if (!t_cleanup_registered) register_cleanup();
      auto* n = static_cast<Node*>(p);
      n->next = l.head;
      l.head = n;
      ++l.count;
      return;
    }
  }
  std::free(p);
}

namespace {
// Blocks are cached by exact (64-rounded) size: loops repeat the same sizes.
struct LargeCache {
  std::mutex mu;
  std::unordered_map<size_t, std::vector<void*>> free_blocks;
  size_t cached = 0;
};
LargeCache& large_cache() {
  static auto* cache = new LargeCache;  // never destroyed: safe during static teardown
  return *cache;
}
size_t round64(size_t bytes) { return (bytes + 63) / 64 * 64; }
}  // namespace

void* large_alloc(size_t bytes) {
  bytes = round64(bytes);
  LargeCache& c = large_cache();
  {
    std::lock_guard<std::mutex> lock(c.mu);
    auto it = c.free_blocks.find(bytes);
    if (it != c.free_blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.cached -= bytes;
      return p;
    }
  }
  void* p = std::aligned_alloc(64, bytes);
  if (!p) throw std::bad_alloc();
  return p;
}

void large_free(void* p, size_t bytes) noexcept {
  bytes = round64(bytes);
  LargeCache& c = large_cache();
  {
    std::lock_guard<std::mutex> lock(c.mu);
    if (kCacheLarge && c.cached + bytes <= kLargeCacheBytes) {
      try {
        c.free_blocks[bytes].push_back(p);
        c.cached += bytes;
        return;
      } catch (...) {  // bookkeeping allocation failed: just free the block
      }
    }
  }
  std::free(p);
}

size_t release_large_cache() {
  LargeCache& c = large_cache();
  std::lock_guard<std::mutex> lock(c.mu);
  size_t released = c.cached;
  for (auto& [bytes, blocks] : c.free_blocks)
    for (void* p : blocks) std::free(p);
  c.free_blocks.clear();
  c.cached = 0;
  return released;
}

}  // namespace tyche::detail

int64_t tyche::release_cached_memory() { return static_cast<int64_t>(detail::release_large_cache()); }
