// Factorizations and solvers: cholesky, cholesky_solve, triangular_solve,
// solve, inverse, det, slogdet, logdet, batched over broadcast leading dims
// in float32/float64 with Eigen. Each item is factorized in place in the
// output, or in stack storage for LU of small matrices, so that a small
// contiguous input costs no heap allocation beyond the output. Failures (not
// positive-definite, singular) are collected by the batch loop and thrown
// after it, naming the item.
#include <Eigen/Cholesky>
#include "tyche/native.h"
#include <Eigen/Core>
#include <Eigen/LU>

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "cpu/batch_matrix.h"
#include "dispatch.h"
#include "elementwise.h"

namespace tyche {

namespace detail {
namespace {

template <class T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// LU factorizations of matrices up to this size keep their storage (the
// factors and the permutation) on the stack.
constexpr int kStackLu = 32;
template <class T>
using StackLu = Eigen::PartialPivLU<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor, kStackLu, kStackLu>>;
template <class T>
using HeapLu = Eigen::PartialPivLU<RowMatrix<T>>;

// " (batch element i)" when t holds a batch of matrices, else "".
std::string batch_element(const Tensor& t, int64_t i) {
  return t.dim() > 2 ? concat(" (batch element ", i, ")") : std::string();
}

// An exact zero pivot, as LAPACK's getrf reports (info > 0).
template <class Lu>
bool is_singular(const Lu& lu) {
  return (lu.matrixLU().diagonal().array() == typename Lu::Scalar(0)).any();
}

// Calls per_item(i, lu) for every batch item i < count, with lu the LU
// factorization of A's item i; items that share A's matrix (broadcast A)
// share one factorization. When singular_fails, stops at the first item whose
// matrix is singular. Returns that item, or -1.
template <class T, class PerItem>
int64_t for_each_lu(const MatrixBatch& A, int64_t count, int64_t extra_work, bool singular_fails,
                    const PerItem& per_item) {
  const int64_t n = A.rows;
  auto run = [&](auto& lu, int64_t begin, int64_t end) -> int64_t {
    const T* factored = nullptr;
    bool singular = false;
    for (int64_t i = begin; i < end; ++i) {
      const T* a = A.item<T>(i);
      if (a != factored) {
        lu.compute(map_item<const T>(A, i));
        factored = a;
        singular = singular_fails && is_singular(lu);
      }
      if (singular) return i;
      per_item(i, lu);
    }
    return -1;
  };
  return for_each_item(count, n * n * n + extra_work, [&](int64_t begin, int64_t end) -> int64_t {
    if (n <= kStackLu) {
      StackLu<T> lu(n);
      return run(lu, begin, end);
    }
    HeapLu<T> lu(n);
    return run(lu, begin, end);
  });
}

// Runs per_item(TypeTag<T>, i, lu) over the LU factorizations of the
// matrices of A, for the ops that give one value per matrix.
template <class PerItem>
void for_each_matrix_lu(const Tensor& A, const char* op, const PerItem& per_item) {
  dispatch_floating(A.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const IntList batch = batch_dims(A, 2);
    for_each_lu<T>(matrix_batch(A, batch), numel_of(batch), 0, false,
                   [&](int64_t i, const auto& lu) { per_item(tag, i, lu); });
  });
}

// sign(det) and log|det| from an LU factorization (0 and -inf when singular).
template <class T, class Lu>
std::pair<T, T> sign_logabs(const Lu& lu) {
  T sign = T(lu.permutationP().determinant()), logabs = 0;
  for (int64_t d = 0; d < lu.rows(); ++d) {
    const T u = lu.matrixLU()(d, d);
    if (u == T(0)) return {T(0), -std::numeric_limits<T>::infinity()};
    if (u < 0) sign = -sign;
    logabs += std::log(std::abs(u));
  }
  return {sign, logabs};
}

// Solves A X = B (left) or X A = B (right) in place in x, reading only the
// Mode triangle of A.
template <int Mode, class Tri, class X>
void solve_triangular_in_place(const Tri& A, X& x, bool left) {
  if (left) A.template triangularView<Mode>().solveInPlace(x);
  else A.template triangularView<Mode>().template solveInPlace<Eigen::OnTheRight>(x);
}

template <class Tri, class X>
void solve_triangular_in_place(const Tri& A, X& x, bool upper, bool unit, bool left) {
  if (upper && unit) solve_triangular_in_place<Eigen::UnitUpper>(A, x, left);
  else if (upper) solve_triangular_in_place<Eigen::Upper>(A, x, left);
  else if (unit) solve_triangular_in_place<Eigen::UnitLower>(A, x, left);
  else solve_triangular_in_place<Eigen::Lower>(A, x, left);
}

// The checks shared by the two-operand solvers: A square, A and B of one
// floating dtype, and B's dim b_dim (its rows or columns) of A's size.
void check_solve_shapes(const Tensor& A, const Tensor& B, int64_t b_dim, const char* op) {
  check_square(A, op);
  check_defined(B, op);
  TYCHE_CHECK(B.dim() >= 1, op, "expected B to have at least one dimension, got shape ", B.sizes());
  check_same_floating(A, B, op);
  TYCHE_CHECK(B.size(b_dim) == A.size(-1), op, "shapes ", A.sizes(), " and ", B.sizes(),
              " are incompatible (A is ", A.size(-1), " x ", A.size(-1), ", B has ", B.size(b_dim),
              b_dim == -1 ? " columns)" : " rows)");
}

}  // namespace
}  // namespace detail

Tensor native::cholesky(const Tensor& A, bool upper) {
  using namespace detail;
  check_square(A, "cholesky");
  Tensor out = new_tensor(A.sizes(), A.dtype());
  const int64_t n = A.size(-1);
  const IntList batch = batch_dims(A, 2);
  const int64_t bad = dispatch_floating(A.dtype(), "cholesky", [&](auto tag) -> int64_t {
    using T = typename decltype(tag)::type;
    if (out.numel() == 0) return -1;
    const MatrixBatch a = matrix_batch(A, batch), L = output_batch(out, n, n);
    return for_each_item(numel_of(batch), n * n * n, [&](int64_t begin, int64_t end) -> int64_t {
      for (int64_t i = begin; i < end; ++i) {
        // Factorized in place in the output, reading only the lower triangle
        // of A (upper: of A^T, i.e. A's upper triangle, as LAPACK's potrf).
        auto l = map_item<T>(L, i);
        if (upper) l = map_item<const T>(a, i).transpose();
        else l = map_item<const T>(a, i);
        Eigen::LLT<Eigen::Ref<RowMatrix<T>>> llt(l);
        if (llt.info() != Eigen::Success) return i;
        if (upper) {
          l.transposeInPlace();  // U = L^T
          l.template triangularView<Eigen::StrictlyLower>().setZero();
        } else {
          l.template triangularView<Eigen::StrictlyUpper>().setZero();
        }
      }
      return -1;
    });
  });
  TYCHE_CHECK(bad < 0, "cholesky",
              "the factorization could not be completed because the input is not positive-definite",
              batch_element(A, bad));
  return out;
}

Tensor native::cholesky_solve(const Tensor& B, const Tensor& L, bool upper) {
  using namespace detail;
  check_matrix(B, "cholesky_solve");
  check_solve_shapes(L, B, -2, "cholesky_solve");
  const int64_t n = L.size(-1), k = B.size(-1);
  const Shape batch = broadcast_batch(L, 2, B, 2, "cholesky_solve");
  Tensor out = new_tensor(with_dims(batch, {n, k}), B.dtype());
  if (out.numel() == 0) return out;
  dispatch_floating(B.dtype(), "cholesky_solve", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const MatrixBatch l = matrix_batch(L, batch), b = matrix_batch(B, batch), x = output_batch(out, n, k);
    for_each_item(numel_of(batch), 2 * n * n * k, [&](int64_t begin, int64_t end) -> int64_t {
      for (int64_t i = begin; i < end; ++i) {
        auto X = map_item<T>(x, i);
        X = map_item<const T>(b, i);
        const auto f = map_item<const T>(l, i);
        // A = L L^T = U^T U: two triangular solves.
        if (upper) {
          solve_triangular_in_place<Eigen::Lower>(f.transpose(), X, true);
          solve_triangular_in_place<Eigen::Upper>(f, X, true);
        } else {
          solve_triangular_in_place<Eigen::Lower>(f, X, true);
          solve_triangular_in_place<Eigen::Upper>(f.transpose(), X, true);
        }
      }
      return -1;
    });
  });
  return out;
}

Tensor native::triangular_solve(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular) {
  using namespace detail;
  check_matrix(B, "triangular_solve");
  check_solve_shapes(A, B, left ? -2 : -1, "triangular_solve");
  const int64_t rows = B.size(-2), cols = B.size(-1);
  const Shape batch = broadcast_batch(A, 2, B, 2, "triangular_solve");
  Tensor out = new_tensor(with_dims(batch, {rows, cols}), B.dtype());
  if (out.numel() == 0) return out;
  dispatch_floating(B.dtype(), "triangular_solve", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const MatrixBatch a = matrix_batch(A, batch), b = matrix_batch(B, batch), x = output_batch(out, rows, cols);
    for_each_item(numel_of(batch), a.rows * rows * cols, [&](int64_t begin, int64_t end) -> int64_t {
      for (int64_t i = begin; i < end; ++i) {
        auto X = map_item<T>(x, i);
        X = map_item<const T>(b, i);
        solve_triangular_in_place(map_item<const T>(a, i), X, upper, unitriangular, left);
      }
      return -1;
    });
  });
  return out;
}

Tensor native::solve(const Tensor& A, const Tensor& B) {
  using namespace detail;
  check_square(A, "solve");
  check_defined(B, "solve");
  // B is a vector (or a batch of them) when 1-D or shaped like A minus a dim, as torch.linalg.solve.
  const bool vector = B.dim() == 1 || (B.dim() == A.dim() - 1 && B.sizes() == batch_dims(A, 1));
  check_solve_shapes(A, B, vector ? -1 : -2, "solve");
  const int64_t n = A.size(-1), k = vector ? 1 : B.size(-1);
  const Shape batch = broadcast_batch(A, 2, B, vector ? 1 : 2, "solve");
  Tensor out = new_tensor(vector ? with_dims(batch, {n}) : with_dims(batch, {n, k}), B.dtype());
  if (out.numel() == 0) return out;
  const int64_t bad = dispatch_floating(B.dtype(), "solve", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const MatrixBatch a = matrix_batch(A, batch), x = output_batch(out, n, k);
    const MatrixBatch b = matrix_batch(B, batch, false, vector ? Vector::AsColumn : Vector::None);
    return for_each_lu<T>(a, numel_of(batch), 2 * n * n * k, true, [&](int64_t i, const auto& lu) {
      map_item<T>(x, i).noalias() = lu.solve(map_item<const T>(b, i));
    });
  });
  TYCHE_CHECK(bad < 0, "solve", "the solver failed because the input matrix is singular",
              batch_element(A, bad));
  return out;
}

Tensor native::inverse(const Tensor& A) {
  using namespace detail;
  check_square(A, "inverse");
  Tensor out = new_tensor(A.sizes(), A.dtype());
  const int64_t n = A.size(-1);
  const IntList batch = batch_dims(A, 2);
  const int64_t bad = dispatch_floating(A.dtype(), "inverse", [&](auto tag) -> int64_t {
    using T = typename decltype(tag)::type;
    if (out.numel() == 0) return -1;
    const MatrixBatch x = output_batch(out, n, n);
    return for_each_lu<T>(matrix_batch(A, batch), numel_of(batch), 2 * n * n * n, true,
                          [&](int64_t i, const auto& lu) { map_item<T>(x, i).noalias() = lu.inverse(); });
  });
  TYCHE_CHECK(bad < 0, "inverse", "the inversion could not be completed because the input matrix is singular",
              batch_element(A, bad));
  return out;
}

Tensor native::det(const Tensor& A) {
  using namespace detail;
  check_square(A, "det");
  Tensor out = new_tensor(batch_dims(A, 2), A.dtype());
  for_each_matrix_lu(A, "det", [&](auto tag, int64_t i, const auto& lu) {
    using T = typename decltype(tag)::type;
    static_cast<T*>(out.data_ptr())[i] = lu.determinant();
  });
  return out;
}

std::tuple<Tensor, Tensor> native::slogdet(const Tensor& A) {
  using namespace detail;
  check_square(A, "slogdet");
  Tensor sign = new_tensor(batch_dims(A, 2), A.dtype()), logabs = new_tensor(batch_dims(A, 2), A.dtype());
  for_each_matrix_lu(A, "slogdet", [&](auto tag, int64_t i, const auto& lu) {
    using T = typename decltype(tag)::type;
    const auto [s, l] = sign_logabs<T>(lu);
    static_cast<T*>(sign.data_ptr())[i] = s;
    static_cast<T*>(logabs.data_ptr())[i] = l;
  });
  return {sign, logabs};
}

Tensor native::logdet(const Tensor& A) {
  using namespace detail;
  check_square(A, "logdet");
  Tensor out = new_tensor(batch_dims(A, 2), A.dtype());
  for_each_matrix_lu(A, "logdet", [&](auto tag, int64_t i, const auto& lu) {
    using T = typename decltype(tag)::type;
    const auto [s, l] = sign_logabs<T>(lu);
    // The log of a negative determinant is NaN; of a zero one, -inf (as PyTorch).
    static_cast<T*>(out.data_ptr())[i] = s < 0 ? std::numeric_limits<T>::quiet_NaN() : l;
  });
  return out;
}

}  // namespace tyche
