// Derivatives of matmul and the factorizations / solves (batched; formulas
// from Giles 2008, "Collected matrix derivative results", and Murray 2016,
// "Differentiation of the Cholesky decomposition").
#include "formula.h"

namespace tyche {

using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;
using autograd::detail::sum_to;

namespace {

// Records out = compute() with inputs a, b saved (0 = a, 1 = b) and flags in ints.
Node* record2(Op& op, Tensor& y, const Tensor& a, const Tensor& b, autograd::detail::BackwardFn fn,
              std::initializer_list<int64_t> flags = {}) {
  if (!op) return nullptr;
  Node& n = op.finish(y, fn);
  n.save(a);
  n.save(b);
  for (int64_t f : flags) n.ints.push_back(f);
  return &n;
}

// The lower triangle of M with its diagonal halved (Murray's Phi).
Tensor phi(const Tensor& M) { return tril(M) - diag_embed(M.diagonal(0, -2, -1)) * 0.5; }

// Zeroes what a triangular solve did not read of A's gradient.
Tensor used_triangle(const Tensor& gA, bool upper, bool unitriangular) {
  Tensor t = upper ? triu(gA, unitriangular ? 1 : 0) : tril(gA, unitriangular ? -1 : 0);
  return t;
}

}  // namespace

// d (A B) = (g B^T, A^T g), with 1-D operands as a row / column
Tensor matmul(const Tensor& a, const Tensor& b) {
  Op op("matmul", a, b);
  Tensor y = native::matmul(a, b);
  record2(op, y, a, b, [](Node& n, const Tensor& g) -> Grads {
    Tensor a = n.saved_tensor(0), b = n.saved_tensor(1);
    bool a_vec = a.dim() == 1, b_vec = b.dim() == 1;
    Tensor a2 = a_vec ? a.unsqueeze(0) : a, b2 = b_vec ? b.unsqueeze(-1) : b;
    Tensor g2 = g;
    if (a_vec) g2 = g2.unsqueeze(b_vec ? -1 : -2);
    if (b_vec) g2 = g2.unsqueeze(-1);
    if (a_vec && b_vec) g2 = g.reshape({1, 1});
    Tensor ga, gb;
    if (n.needs(0)) ga = sum_to(matmul(g2, b2.mT()), a2.sizes(), "matmul").reshape(a.sizes());
    if (n.needs(1)) gb = sum_to(matmul(a2.mT(), g2), b2.sizes(), "matmul").reshape(b.sizes());
    return {ga, gb};
  });
  return y;
}

// d (a . b) = (g b, g a)
Tensor dot(const Tensor& a, const Tensor& b) {
  Op op("dot", a, b);
  Tensor y = native::dot(a, b);
  record2(op, y, a, b, [](Node& n, const Tensor& g) -> Grads {
    return {n.needs(0) ? g * n.saved_tensor(1) : Tensor(), n.needs(1) ? g * n.saved_tensor(0) : Tensor()};
  });
  return y;
}

// A = L L^T: gA = sym(L^-T Phi(L^T gL) L^-1), sym(X) = (X + X^T) / 2
Tensor cholesky(const Tensor& A, bool upper) {
  Op op("cholesky", A);
  Tensor y = native::cholesky(A, upper);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      bool upper = n.ints[0] != 0;
      Tensor L = upper ? n.saved_tensor(0).mT() : n.saved_tensor(0);
      Tensor gL = upper ? g.mT() : g;
      Tensor P = phi(matmul(L.mT(), gL));
      Tensor S = triangular_solve(L.mT(), P, /*upper=*/true);           // L^-T P
      S = triangular_solve(L, S, /*upper=*/false, /*left=*/false);      // ... L^-1
      return {(S + S.mT()) * 0.5};
    });
    n.ints = {upper};
    n.save_output(y);
  }
  return y;
}

// X = A^-1 B (left) or B A^-1: gB = A^-T g (or g A^-T), gA = -gB X^T (or -X^T gB),
// restricted to the triangle the solve read
Tensor triangular_solve(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular) {
  Op op("triangular_solve", A, B);
  Tensor y = native::triangular_solve(A, B, upper, left, unitriangular);
  if (Node* n = record2(op, y, A, B, [](Node& n, const Tensor& g) -> Grads {
        Tensor A = n.saved_tensor(0), X = n.saved_tensor(2);
        bool upper = n.ints[0], left = n.ints[1], unit = n.ints[2];
        Tensor gB = triangular_solve(A.mT(), g, !upper, left, unit);
        Tensor gA;
        if (n.needs(0)) gA = used_triangle(left ? -matmul(gB, X.mT()) : -matmul(X.mT(), gB), upper, unit);
        return {gA, n.needs(1) ? gB : Tensor()};
      }, {upper, left, unitriangular}))
    n->save_output(y);
  return y;
}

// X = (L L^T)^-1 B: gB = cholesky_solve(g, L), gL = -tril((gB X^T + X gB^T) L)
Tensor cholesky_solve(const Tensor& B, const Tensor& L, bool upper) {
  Op op("cholesky_solve", B, L);
  Tensor y = native::cholesky_solve(B, L, upper);
  if (Node* n = record2(op, y, B, L, [](Node& n, const Tensor& g) -> Grads {
        Tensor L = n.saved_tensor(1), X = n.saved_tensor(2);
        bool upper = n.ints[0];
        Tensor gB = cholesky_solve(g, L, upper);
        Tensor gL;
        if (n.needs(1)) {
          Tensor common = matmul(gB, X.mT());
          common = common + common.mT();
          gL = upper ? -triu(matmul(L, common)) : -tril(matmul(common, L));
        }
        return {n.needs(0) ? gB : Tensor(), gL};
      }, {upper}))
    n->save_output(y);
  return y;
}

// X = A^-1 B: gB = A^-T g, gA = -gB X^T (B a vector: as one column)
Tensor solve(const Tensor& A, const Tensor& B) {
  Op op("solve", A, B);
  Tensor y = native::solve(A, B);
  if (Node* n = record2(op, y, A, B, [](Node& n, const Tensor& g) -> Grads {
        Tensor A = n.saved_tensor(0), X = n.saved_tensor(2);
        // B is a (batch of) vector(s) exactly when the forward treated it so.
        Tensor B = n.saved_tensor(1);
        bool vec = B.dim() == 1 || (B.dim() == A.dim() - 1 && B.sizes() == IntList(A.sizes().data(), static_cast<size_t>(A.dim() - 1)));
        Tensor gB = solve(A.mT(), g);
        Tensor gA;
        if (n.needs(0)) gA = vec ? -matmul(gB.unsqueeze(-1), X.unsqueeze(-2)) : -matmul(gB, X.mT());
        return {gA, n.needs(1) ? gB : Tensor()};
      }))
    n->save_output(y);
  return y;
}

// Y = A^-1: gA = -Y^T g Y^T
Tensor inverse(const Tensor& A) {
  Op op("inverse", A);
  Tensor y = native::inverse(A);
  if (op) {
    op.finish(y, [](Node& n, const Tensor& g) -> Grads {
        Tensor Yt = n.saved_tensor(0).mT();
        return {-matmul(matmul(Yt, g), Yt)};
      }).save_output(y);
  }
  return y;
}

namespace {
// g (per matrix) times A^-T: the gradient of log|det A| for cotangent g.
Tensor g_times_inverse_t(const Tensor& g, const Tensor& A) {
  return g.unsqueeze(-1).unsqueeze(-1) * inverse(A).mT();
}
}  // namespace

// d det(A) = g det(A) A^-T
Tensor det(const Tensor& A) {
  Op op("det", A);
  Tensor y = native::det(A);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      return {g_times_inverse_t(g * n.saved_tensor(1), n.saved_tensor(0))};
    });
    n.save(A);
    n.save_output(y);
  }
  return y;
}

// d log|det A| = g A^-T (the sign is piecewise constant)
std::tuple<Tensor, Tensor> slogdet(const Tensor& A) {
  Op op("slogdet", A);
  auto [sign, logabs] = native::slogdet(A);
  if (op) op.finish(logabs, [](Node& n, const Tensor& g) -> Grads { return {g_times_inverse_t(g, n.saved_tensor(0))}; }).save(A);
  return {sign, logabs};
}
Tensor logdet(const Tensor& A) {
  Op op("logdet", A);
  Tensor y = native::logdet(A);
  if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {g_times_inverse_t(g, n.saved_tensor(0))}; }).save(A);
  return y;
}

}  // namespace tyche
