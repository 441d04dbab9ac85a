#pragma once
// Batched matrices for the linear-algebra ops (matmul.cpp, linalg.cpp): the
// [rows, cols] matrices in a tensor's last two dims, addressed by a linear
// index over broadcast batch dims, and mapped as Eigen matrices in place.
// Operands that are contiguous, transposed-contiguous or row-sliced map
// without a copy; only layouts Eigen cannot describe are copied. Internal to
// tensor/src: include it from .cpp files only.
#include <Eigen/Core>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <type_traits>

#include "../parallel.h"
#include "tyche/tensor.h"

namespace tyche::detail {

// Offset (in elements) of batch item i of one operand, i being a row-major
// linear index over the broadcast batch shape. Broadcast dims have stride 0,
// and dims laid out contiguously with each other are merged, so the common
// cases (no batch, one batch dim, a contiguous batch) cost one multiply.
class BatchOffsets {
 public:
  BatchOffsets() = default;
  // batch: the broadcast batch shape; sizes/strides: the operand's own batch
  // dims, aligned to batch from the right (missing or size-1 dims broadcast).
  BatchOffsets(IntList batch, IntList sizes, IntList strides);

  int64_t operator()(int64_t i) const {
    if (sizes_.empty()) return 0;
    int64_t off = 0;
    for (size_t d = sizes_.size() - 1; d > 0; --d) {
      off += (i % sizes_[d]) * strides_[d];
      i /= sizes_[d];
    }
    return off + i * strides_[0];
  }
  // The stride s when item i starts at i * s for every i (0: all the same item).
  std::optional<int64_t> uniform_stride() const;

 private:
  Shape sizes_, strides_;
};

enum class Order : uint8_t { RowMajor, ColMajor };

// How an operand whose last dim is a vector becomes a matrix: a row [1, n]
// or a column [n, 1] (NumPy's matmul promotion; solve's batches of vectors).
enum class Vector : uint8_t { None, AsRow, AsColumn };

// A batch of [rows, cols] matrices: item i starts at data + offsets(i) and
// element (r, c) lies at r * rs + c * cs. Either cs == 1 (RowMajor, outer
// stride rs) or rs == 1 (ColMajor, outer stride cs).
struct MatrixBatch {
  void* data = nullptr;
  int64_t rows = 0, cols = 0, rs = 1, cs = 1;
  Order order = Order::RowMajor;
  BatchOffsets offsets;
  Tensor owner;  // keeps a contiguous copy alive when the input had to be copied

  int64_t outer() const { return order == Order::RowMajor ? rs : cs; }
  template <class T> T* item(int64_t i) const { return static_cast<T*>(data) + offsets(i); }
};

// The matrices in t's last two dims (or a 1-D t promoted as `how` says) over
// the broadcast batch shape `batch`. ColMajor layouts (transposed views) are
// mapped when allow_col_major, else copied to contiguous like any layout that
// Eigen cannot describe (a stepped or stride-0 inner dim).
MatrixBatch matrix_batch(const Tensor& t, IntList batch, bool allow_col_major = false,
                         Vector how = Vector::None);
// A fresh contiguous output seen as consecutive row-major [rows, cols] items,
// whatever its shape (so a vector result needs no view).
MatrixBatch output_batch(const Tensor& out, int64_t rows, int64_t cols);

// The batch shape of t: all but its last `core` dims.
inline IntList batch_dims(const Tensor& t, int64_t core) {
  return IntList(t.sizes().data(), static_cast<size_t>(std::max<int64_t>(0, t.dim() - core)));
}
// Broadcast of the batch dims of a and b (all but their last a_core / b_core
// dims); throws naming op and both full shapes.
Shape broadcast_batch(const Tensor& a, int64_t a_core, const Tensor& b, int64_t b_core, const char* op);
// sizes with the given trailing dims appended.
Shape with_dims(IntList sizes, std::initializer_list<int64_t> tail);

// ---- argument checks shared by the ops (each names op in its message)
void check_defined(const Tensor& t, const char* op);
// t is a matrix or a batch of square matrices.
void check_square(const Tensor& t, const char* op);
// t has at least two dims.
void check_matrix(const Tensor& t, const char* op);
// a and b have the same dtype, and it is float32 or float64.
void check_same_floating(const Tensor& a, const Tensor& b, const char* op);

// ---- Eigen views of one batch item
template <class T, int O>
using MatrixMap =
    Eigen::Map<std::conditional_t<std::is_const_v<T>,
                                  const Eigen::Matrix<std::remove_const_t<T>, Eigen::Dynamic, Eigen::Dynamic, O>,
                                  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, O>>,
               Eigen::Unaligned, Eigen::OuterStride<>>;
template <int O> using StorageOrder = std::integral_constant<int, O>;
using RowMajorTag = StorageOrder<Eigen::RowMajor>;

// Item i of m as an Eigen matrix of storage order O (which must be m.order);
// T may be const for read-only access.
template <class T, int O = Eigen::RowMajor>
MatrixMap<T, O> map_item(const MatrixBatch& m, int64_t i, StorageOrder<O> = {}) {
  using Plain = std::remove_const_t<T>;
  return MatrixMap<T, O>(m.item<Plain>(i), m.rows, m.cols, Eigen::OuterStride<>(m.outer()));
}

// Calls f(StorageOrder<...>{}) for m's storage order, so that one generic
// body serves both layouts with the order known at compile time.
template <class F>
decltype(auto) visit_order(const MatrixBatch& m, F&& f) {
  if (m.order == Order::RowMajor) return f(StorageOrder<Eigen::RowMajor>{});
  return f(StorageOrder<Eigen::ColMajor>{});
}

// ---- the batch loop
// Eigen threads its products with OpenMP, as many threads as the calling
// thread's omp_get_max_threads(): keep that in step with set_num_threads().
inline void follow_thread_setting() {
  const int n = num_threads();
  if (omp_get_max_threads() != n) omp_set_num_threads(n);
}

// Work (about flops) below which an item is cheap enough to share a thread
// with others; items at or above kBigItem run one after the other on the
// calling thread so that Eigen can thread each of them itself.
inline constexpr int64_t kBatchChunkWork = int64_t{1} << 15;
inline constexpr int64_t kBigItem = int64_t{1} << 18;

// Runs chunk(begin, end) over batch items [0, count), spread over threads
// when items are cheap (Eigen then stays single-threaded inside each).
// chunk returns the first item it failed on, or -1, and must not throw; the
// smallest failed item over all chunks is returned (-1 when none), so that
// callers throw after the parallel region.
template <class Chunk>
int64_t for_each_item(int64_t count, int64_t item_work, const Chunk& chunk) {
  if (count <= 0) return -1;
  if (item_work >= kBigItem) {
    follow_thread_setting();
    return chunk(int64_t{0}, count);
  }
  std::atomic<int64_t> first_bad{count};
  const int64_t grain = std::max<int64_t>(1, kBatchChunkWork / std::max<int64_t>(1, item_work));
  parallel_for(0, count, grain, [&](int64_t b, int64_t e) {
    const int64_t bad = chunk(b, e);
    int64_t cur = first_bad.load();
    while (bad >= 0 && bad < cur && !first_bad.compare_exchange_weak(cur, bad)) {
    }
  });
  const int64_t bad = first_bad.load();
  return bad < count ? bad : -1;
}

}  // namespace tyche::detail
