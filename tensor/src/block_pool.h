#pragma once
// Per-thread caches of small fixed-size memory blocks for TensorImpl, small
// storages and autograd's graph nodes. A small op allocates two such blocks and frees two; serving them
// from a thread-local free list instead of malloc is a large share of the
// per-op overhead that HMC on small models pays thousands of times.
#include <cstddef>

namespace tyche::detail {

// Block sizes served from the cache; larger requests go to malloc.
inline constexpr size_t kPoolSmall = 128;
inline constexpr size_t kPoolLarge = 256;
inline constexpr size_t kPoolHuge = 1024;

// A block of at least `bytes` (64-byte aligned up to kPoolHuge bytes, else
// malloc's 16); pair with pool_free(p, bytes).
void* pool_alloc(size_t bytes);
void pool_free(void* p, size_t bytes) noexcept;

// Large blocks (64-byte aligned). Freed blocks are kept (up to a total of
// kLargeCacheBytes) and handed out again for the same size: a loop of large
// ops then reuses warm memory instead of returning it to the OS and taking
// page faults on every iteration.
inline constexpr size_t kLargeCacheBytes = size_t{512} << 20;
void* large_alloc(size_t bytes);
void large_free(void* p, size_t bytes) noexcept;
// Frees every cached large block; returns the bytes released.
size_t release_large_cache();

}  // namespace tyche::detail
