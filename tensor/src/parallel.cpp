#include "parallel.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "tyche/error.h"
#include "tyche/tensor.h"

namespace tyche {

namespace {
std::atomic<int> g_threads{0};  // 0 = not set: hardware concurrency
}

void set_num_threads(int n) {
  TYCHE_CHECK(n >= 1, "set_num_threads", "expected n >= 1, got ", n);
  g_threads.store(n);
}

int get_num_threads() { return detail::num_threads(); }

namespace detail {

int num_threads() {
  int n = g_threads.load(std::memory_order_relaxed);
  if (n > 0) return n;
  static const int hw = std::max(1u, std::thread::hardware_concurrency());
  return hw;
}

bool in_parallel_region() { return omp_in_parallel(); }

void parallel_for_impl(int64_t begin, int64_t end, int64_t grain,
                       void (*fn)(void*, int64_t, int64_t), void* ctx) {
  int64_t range = end - begin;
  int64_t chunks = std::min<int64_t>(num_threads(), (range + grain - 1) / grain);
  int64_t per = (range + chunks - 1) / chunks;
#pragma omp parallel for num_threads(static_cast<int>(chunks)) schedule(static, 1)
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t b = begin + c * per, e = std::min(end, b + per);
    if (b < e) fn(ctx, b, e);
  }
}

}  // namespace detail
}  // namespace tyche
