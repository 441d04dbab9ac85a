// Non-template parts of batch_matrix.h: batch offsets, layout classification
// and the argument checks shared by the linear-algebra ops.
#include "batch_matrix.h"

namespace tyche::detail {

BatchOffsets::BatchOffsets(IntList batch, IntList sizes, IntList strides) {
  const int64_t lead = static_cast<int64_t>(batch.size()) - static_cast<int64_t>(sizes.size());
  for (size_t d = 0; d < batch.size(); ++d) {
    const int64_t n = batch[d];
    if (n == 1) continue;  // index always 0: contributes nothing
    const int64_t od = static_cast<int64_t>(d) - lead;
    const bool own = od >= 0 && sizes[static_cast<size_t>(od)] != 1;
    const int64_t stride = own ? strides[static_cast<size_t>(od)] : 0;
    if (!sizes_.empty() && strides_.back() == n * stride) {
      sizes_.back() *= n;  // the outer dim steps over whole inner dims: merge
      strides_.back() = stride;
    } else {
      sizes_.push_back(n);
      strides_.push_back(stride);
    }
  }
}

std::optional<int64_t> BatchOffsets::uniform_stride() const {
  if (sizes_.size() > 1) return std::nullopt;
  return sizes_.empty() ? 0 : strides_[0];
}

namespace {

// The matrix dims of one operand as sizes and element strides.
struct MatrixDims {
  int64_t rows, cols, rs, cs;
  IntList batch_sizes, batch_strides;
};

MatrixDims matrix_dims(const Tensor& t, Vector how) {
  const IntList sz = t.sizes(), st = t.strides();
  const size_t nd = sz.size();
  if (how == Vector::None) {
    return {sz[nd - 2], sz[nd - 1], st[nd - 2], st[nd - 1], IntList(sz.data(), nd - 2),
            IntList(st.data(), nd - 2)};
  }
  // A vector's missing dim has size 1, so its stride is never used.
  const int64_t n = sz[nd - 1], s = st[nd - 1];
  const IntList bs(sz.data(), nd - 1), bst(st.data(), nd - 1);
  if (how == Vector::AsRow) return {1, n, n * s, s, bs, bst};
  return {n, 1, s, 1, bs, bst};
}

// Fills m's layout from d when Eigen can map it (inner stride 1, outer
// stride covering the inner dim); size-1 and empty dims accept any stride.
bool set_layout(MatrixBatch& m, const MatrixDims& d, bool allow_col_major) {
  m.rows = d.rows;
  m.cols = d.cols;
  const bool empty = d.rows == 0 || d.cols == 0;
  if ((d.cols <= 1 || d.cs == 1) && (d.rows <= 1 || d.rs >= d.cols)) {
    m.order = Order::RowMajor;
    m.cs = 1;
    m.rs = d.rows <= 1 || empty ? std::max<int64_t>(d.cols, 1) : d.rs;
    return true;
  }
  if (allow_col_major && (d.rows <= 1 || d.rs == 1) && (d.cols <= 1 || d.cs >= d.rows)) {
    m.order = Order::ColMajor;
    m.rs = 1;
    m.cs = d.cols <= 1 || empty ? std::max<int64_t>(d.rows, 1) : d.cs;
    return true;
  }
  return false;
}

}  // namespace

MatrixBatch matrix_batch(const Tensor& t, IntList batch, bool allow_col_major, Vector how) {
  MatrixBatch m;
  MatrixDims d = matrix_dims(t, how);
  if (set_layout(m, d, allow_col_major)) {
    m.data = t.data_ptr();
  } else {
    m.owner = t.clone();  // contiguous: always row-major mappable
    d = matrix_dims(m.owner, how);
    TYCHE_CHECK(set_layout(m, d, false), "matrix_batch", "internal error: contiguous copy of shape ",
                t.sizes(), " is not mappable");
    m.data = m.owner.data_ptr();
  }
  m.offsets = BatchOffsets(batch, d.batch_sizes, d.batch_strides);
  return m;
}

MatrixBatch output_batch(const Tensor& out, int64_t rows, int64_t cols) {
  MatrixBatch m;
  m.data = out.data_ptr();
  m.rows = rows;
  m.cols = cols;
  m.rs = std::max<int64_t>(cols, 1);
  const int64_t item = rows * cols, count = item == 0 ? 0 : out.numel() / item;
  m.offsets = BatchOffsets(IntList{count}, IntList{count}, IntList{item});
  return m;
}

Shape broadcast_batch(const Tensor& a, int64_t a_core, const Tensor& b, int64_t b_core, const char* op) {
  const IntList ba = batch_dims(a, a_core), bb = batch_dims(b, b_core);
  for (size_t i = 1; i <= std::min(ba.size(), bb.size()); ++i) {
    const int64_t x = ba[ba.size() - i], y = bb[bb.size() - i];
    TYCHE_CHECK(x == y || x == 1 || y == 1, op, "batch dimensions of shapes ", a.sizes(), " and ",
                b.sizes(), " cannot be broadcast");
  }
  return broadcast_shapes(ba, bb, op);
}

Shape with_dims(IntList sizes, std::initializer_list<int64_t> tail) {
  Shape s = sizes.shape();
  for (int64_t n : tail) s.push_back(n);
  return s;
}

void check_defined(const Tensor& t, const char* op) {
  TYCHE_CHECK(t.defined(), op, "input tensor is undefined");
}

void check_matrix(const Tensor& t, const char* op) {
  check_defined(t, op);
  TYCHE_CHECK(t.dim() >= 2, op, "expected a matrix or a batch of matrices, got shape ", t.sizes());
}

void check_square(const Tensor& t, const char* op) {
  check_matrix(t, op);
  TYCHE_CHECK(t.size(-1) == t.size(-2), op,
              "expected a square matrix or a batch of square matrices, got shape ", t.sizes());
}

void check_same_floating(const Tensor& a, const Tensor& b, const char* op) {
  TYCHE_CHECK(a.dtype() == b.dtype(), op, "expected both inputs to have the same dtype, got ",
              a.dtype(), " and ", b.dtype());
  TYCHE_CHECK(is_floating(a.dtype()), op, "expected a floating dtype (float32 or float64), got ",
              a.dtype());
}

}  // namespace tyche::detail
