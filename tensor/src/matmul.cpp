// Products: matmul (NumPy's 1-D/2-D/N-D rules, batch dims broadcast), dot and
// outer. Floating matmul is Eigen's GEMM on operands mapped in place, so a
// contiguous or transposed operand is never copied; integer matmul is a plain
// loop (as PyTorch, it works, and wraps around on overflow).
#include <Eigen/Core>
#include "tyche/native.h"

#include <type_traits>

#include "cpu/batch_matrix.h"
#include "dispatch.h"
#include "elementwise.h"

namespace tyche {

namespace detail {
namespace {

// Integer arithmetic that wraps around instead of overflowing (which would be UB).
template <class T> struct WrappingOf { using type = T; };
template <class T> requires std::is_integral_v<T> struct WrappingOf<T> { using type = std::make_unsigned_t<T>; };
template <class T> using Wrapping = typename WrappingOf<T>::type;

void check_product_operands(const Tensor& a, const Tensor& b, const char* op) {
  check_defined(a, op);
  check_defined(b, op);
  TYCHE_CHECK(a.dtype() == b.dtype(), op, "expected both operands to have the same dtype, got ",
              a.dtype(), " and ", b.dtype());
  TYCHE_CHECK(a.dtype() != kBool, op, "not implemented for dtype bool");
}

// When B is the same matrix for every batch item and A's items are stacked
// rows of one matrix, the whole batch is a single [count * m, k] x [k, n]
// product (one big GEMM instead of many small ones).
bool fold_batch_into_rows(MatrixBatch& A, const MatrixBatch& B, MatrixBatch& C, int64_t count) {
  const std::optional<int64_t> a_step = A.offsets.uniform_stride();
  if (count <= 1 || A.order != Order::RowMajor || B.offsets.uniform_stride() != 0 || !a_step) return false;
  if (A.rows == 1 && *a_step >= A.cols) A.rs = *a_step;  // a stack of rows, any row stride
  else if (*a_step != A.rows * A.rs) return false;
  A.rows *= count;
  C.rows *= count;  // C is contiguous: its items are stacked rows too
  A.offsets = C.offsets = BatchOffsets();
  return true;
}

template <class T>
void gemm_batch(const MatrixBatch& A, const MatrixBatch& B, const MatrixBatch& C, int64_t count) {
  const int64_t work = C.rows * C.cols * A.cols;
  visit_order(A, [&](auto oa) {
    visit_order(B, [&](auto ob) {
      for_each_item(count, work, [&](int64_t begin, int64_t end) -> int64_t {
        for (int64_t i = begin; i < end; ++i)
          visit_order(C, [&](auto oc) {
            map_item<T>(C, i, oc).noalias() = map_item<const T>(A, i, oa) * map_item<const T>(B, i, ob);
          });
        return -1;
      });
    });
  });
}

template <class T>
void naive_matmul_batch(const MatrixBatch& A, const MatrixBatch& B, const MatrixBatch& C,
                        int64_t count) {
  using W = Wrapping<T>;
  const int64_t m = C.rows, n = C.cols, k = A.cols;
  for_each_item(count, m * n * k, [&](int64_t begin, int64_t end) -> int64_t {
    for (int64_t i = begin; i < end; ++i) {
      const T* a = A.item<T>(i);
      const T* b = B.item<T>(i);
      T* c = C.item<T>(i);
      for (int64_t r = 0; r < m; ++r) {
        for (int64_t j = 0; j < n; ++j) {
          W acc = 0;
          for (int64_t p = 0; p < k; ++p)
            acc += W(a[r * A.rs + p * A.cs]) * W(b[p * B.rs + j * B.cs]);
          c[r * C.rs + j] = T(acc);
        }
      }
    }
    return -1;
  });
}

}  // namespace
}  // namespace detail

Tensor native::matmul(const Tensor& a, const Tensor& b) {
  using namespace detail;
  check_product_operands(a, b, "matmul");
  TYCHE_CHECK(a.dim() >= 1 && b.dim() >= 1, "matmul", "both arguments need to be at least 1-D, got shapes ",
              a.sizes(), " and ", b.sizes());
  const int64_t k = a.size(-1), kb = b.dim() == 1 ? b.size(0) : b.size(-2);
  TYCHE_CHECK(k == kb, "matmul", "shapes ", a.sizes(), " and ", b.sizes(), " cannot be multiplied (", k,
              " != ", kb, ")");
  if (a.dim() == 1 && b.dim() == 1) return native::dot(a, b);

  // A 1-D operand is a row (left) or a column (right) whose dim is dropped.
  const int64_t a_core = a.dim() == 1 ? 1 : 2, b_core = b.dim() == 1 ? 1 : 2;
  const Shape batch = broadcast_batch(a, a_core, b, b_core, "matmul");
  const int64_t m = a.dim() == 1 ? 1 : a.size(-2), n = b.dim() == 1 ? 1 : b.size(-1);
  Shape out_shape = batch;
  if (a.dim() > 1) out_shape.push_back(m);
  if (b.dim() > 1) out_shape.push_back(n);
  Tensor out = new_tensor(out_shape, a.dtype());
  if (out.numel() == 0) return out;
  if (k == 0) return out.zero_();

  MatrixBatch A = matrix_batch(a, batch, true, a.dim() == 1 ? Vector::AsRow : Vector::None);
  MatrixBatch B = matrix_batch(b, batch, true, b.dim() == 1 ? Vector::AsColumn : Vector::None);
  MatrixBatch C = output_batch(out, m, n);
  int64_t count = numel_of(batch);
  if (fold_batch_into_rows(A, B, C, count)) count = 1;
  if (C.cols == 1) {  // a column: map it column-major, so Eigen writes it as one vector
    C.order = Order::ColMajor;
    C.rs = 1;
    C.cs = C.rows;
  }
  dispatch_numeric(a.dtype(), "matmul", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<T>) gemm_batch<T>(A, B, C, count);
    else naive_matmul_batch<T>(A, B, C, count);
  });
  return out;
}

Tensor native::dot(const Tensor& a, const Tensor& b) {
  using namespace detail;
  check_product_operands(a, b, "dot");
  TYCHE_CHECK(a.dim() == 1 && b.dim() == 1, "dot", "expected 1-D tensors, got shapes ", a.sizes(), " and ",
              b.sizes());
  TYCHE_CHECK(a.size(0) == b.size(0), "dot", "shapes ", a.sizes(), " and ", b.sizes(),
              " have different numbers of elements");
  Tensor out = new_tensor({}, a.dtype());
  const int64_t n = a.size(0), sa = a.stride(0), sb = b.stride(0);
  dispatch_numeric(a.dtype(), "dot", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* x = a.data_ptr<T>();
    const T* y = b.data_ptr<T>();
    if constexpr (std::is_floating_point_v<T>) {
      using Vec = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>, Eigen::Unaligned, Eigen::InnerStride<>>;
      *out.data_ptr<T>() = n == 0 ? T(0) : Vec(x, n, Eigen::InnerStride<>(sa)).dot(Vec(y, n, Eigen::InnerStride<>(sb)));
    } else {
      Wrapping<T> acc = 0;
      for (int64_t i = 0; i < n; ++i) acc += Wrapping<T>(x[i * sa]) * Wrapping<T>(y[i * sb]);
      *out.data_ptr<T>() = T(acc);
    }
  });
  return out;
}

Tensor outer(const Tensor& a, const Tensor& b) {
  detail::check_defined(a, "outer");
  detail::check_defined(b, "outer");
  TYCHE_CHECK(a.dim() == 1 && b.dim() == 1, "outer", "expected 1-D tensors, got shapes ", a.sizes(), " and ",
              b.sizes());
  return mul(a.unsqueeze(1), b.unsqueeze(0));  // broadcasting product, with mul's type promotion
}

}  // namespace tyche
