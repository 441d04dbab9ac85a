#pragma once
// parallel_for(begin, end, grain, f): calls f(b, e) on disjoint chunks of
// [begin, end), on several threads when the range exceeds grain. Chunks are
// fixed by (range, threads) so results are deterministic for a thread count.
#include <cstdint>

namespace tyche::detail {

int num_threads();
bool in_parallel_region();
void parallel_for_impl(int64_t begin, int64_t end, int64_t grain,
                       void (*fn)(void*, int64_t, int64_t), void* ctx);

template <class F>
void parallel_for(int64_t begin, int64_t end, int64_t grain, const F& f) {
  if (end - begin <= grain || num_threads() == 1 || in_parallel_region()) {
    if (end > begin) f(begin, end);
    return;
  }
  parallel_for_impl(
      begin, end, grain,
      [](void* c, int64_t b, int64_t e) { (*static_cast<const F*>(c))(b, e); },
      const_cast<F*>(&f));
}

// Elements per chunk below which an elementwise op stays on one thread.
inline constexpr int64_t kElementwiseGrain = 32768;

}  // namespace tyche::detail
