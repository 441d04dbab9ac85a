#include "block_pool.h"

#include <cstdlib>
#include <new>

namespace tyche::detail {

namespace {

// Blocks kept per size class and thread; beyond this, frees go to malloc.
constexpr int kCap = 64;

struct Node {
  Node* next;
};

// Plain (constant-initialised) thread-locals: access is a single TLS load.
struct FreeList {
  Node* head;
  int count;
};
[[gnu::tls_model("initial-exec")]] thread_local FreeList t_lists[2] = {{nullptr, 0}, {nullptr, 0}};
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

int size_class(size_t bytes) { return bytes <= kPoolSmall ? 0 : bytes <= kPoolLarge ? 1 : -1; }

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
    bytes = c == 0 ? kPoolSmall : kPoolLarge;
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

}  // namespace tyche::detail
