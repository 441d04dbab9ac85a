// Derivatives of the linear-algebra ops against finite differences in float64
// (first and second order; third for cholesky, the solves, inverse and the
// determinants): matmul in every rank combination with batch broadcasting,
// dot, outer, cholesky, the triangular, Cholesky and general solves, inverse,
// det, slogdet, logdet. Matrices that must stay SPD, triangular or
// well-conditioned are built inside fn from a free input, so finite-difference
// perturbations keep them so. Then closed forms: d logdet(A)/dA = A^-T, the
// Hessian of a quadratic form, the Hessian of a Gaussian log density in its
// mean; and agreement between paths that compute the same function.
#include <cmath>
#include <string>
#include <vector>

#include "autograd/grad_check.h"
#include "tyche/functional.h"

using namespace tyche;
using tyche::testing::expect_gradients;
using tyche::testing::near;
using tyche::testing::uniform64;

namespace {

using Xs = std::vector<Tensor>;

void run(const std::vector<tyche::testing::GradCase>& cases, int order = 2) { tyche::testing::expect_cases(cases, order); }

Tensor eye64(int64_t n) { return eye(n, std::nullopt, kFloat64); }

// B B^T + n I: symmetric positive definite for every B (batched over leading dims).
Tensor spd(const Tensor& B) { return matmul(B, B.mT()) + eye64(B.size(-1)) * static_cast<double>(B.size(-1)); }

// A triangle of M with its diagonal shifted by 3 (|M| <= 1: well-conditioned).
Tensor triangle(const Tensor& M, bool upper) {
  return (upper ? triu(M) : tril(M)) + eye64(M.size(-1)) * 3.0;
}

// M + 3 I: diagonally dominant for |M| <= 1 and n <= 3, so invertible with positive det.
Tensor shifted(const Tensor& M) { return M + eye64(M.size(-1)) * 3.0; }

TEST(GradLinalg, Matmul) {
  auto mm = [](const Xs& x) { return matmul(x[0], x[1]); };
  auto u = [](IntList shape, uint64_t seed) { return uniform64(shape, seed); };
  run({
      {"1-D . 1-D", mm, {u({3}, 1), u({3}, 2)}},
      {"2-D . 1-D", mm, {u({2, 3}, 3), u({3}, 4)}},
      {"1-D . 2-D", mm, {u({3}, 5), u({3, 2}, 6)}},
      {"2-D . 2-D", mm, {u({2, 3}, 7), u({3, 2}, 8)}},
      {"3-D . 2-D (batch broadcast)", mm, {u({2, 2, 3}, 9), u({3, 2}, 10)}},
      {"2-D . 3-D (batch broadcast)", mm, {u({2, 3}, 11), u({2, 3, 2}, 12)}},
      {"[1,2,3] . [2,3,2]", mm, {u({1, 2, 3}, 13), u({2, 3, 2}, 14)}},
      {"3-D . 1-D", mm, {u({2, 2, 3}, 15), u({3}, 16)}},
      {"1-D . 3-D", mm, {u({3}, 17), u({2, 3, 2}, 18)}},
      {"4-D . 3-D", mm, {u({2, 1, 2, 2}, 19), u({3, 2, 2}, 20)}},
      {"transposed operands", [](const Xs& x) { return matmul(x[0].t(), x[1].mT()); },
       {u({3, 2}, 21), u({2, 2, 3}, 22)}},
      {"same operand twice", [](const Xs& x) { return matmul(x[0], x[0]); }, {u({3, 3}, 23)}},
  });
}

TEST(GradLinalg, DotOuter) {
  run({
      {"dot", [](const Xs& x) { return dot(x[0], x[1]); }, {uniform64({4}, 1), uniform64({4}, 2)}},
      {"dot self", [](const Xs& x) { return x[0].dot(x[0]); }, {uniform64({3}, 3)}},
      {"outer", [](const Xs& x) { return outer(x[0], x[1]); },
       {uniform64({3}, 4), uniform64({2}, 5)}},
  });
}

TEST(GradLinalg, Cholesky) {
  std::vector<tyche::testing::GradCase> cases = {
      {"lower", [](const Xs& x) { return cholesky(spd(x[0])); }, {uniform64({3, 3}, 1)}},
      {"upper", [](const Xs& x) { return cholesky(spd(x[0]), /*upper=*/true); },
       {uniform64({3, 3}, 2)}},
      {"batched", [](const Xs& x) { return cholesky(spd(x[0])); }, {uniform64({2, 2, 2}, 3)}},
      {"upper batched", [](const Xs& x) { return cholesky(spd(x[0]), true); },
       {uniform64({2, 2, 2}, 6)}},
  };
  run(cases, 2);
  // Third order on a small input (the check differentiates a double backward).
  run({
          {"lower, 3rd order", [](const Xs& x) { return cholesky(spd(x[0])); }, {uniform64({2, 2}, 4)}},
          {"upper, 3rd order", [](const Xs& x) { return cholesky(spd(x[0]), true); },
           {uniform64({2, 2}, 5)}},
      },
      3);
}

TEST(GradLinalg, TriangularSolve) {
  std::vector<tyche::testing::GradCase> cases;
  uint64_t seed = 10;
  for (bool upper : {false, true})
    for (bool left : {true, false})
      for (bool unit : {false, true}) {
        std::string name = std::string(upper ? "upper" : "lower") + (left ? ", left" : ", right") +
                           (unit ? ", unitriangular" : "");
        Tensor B = uniform64(left ? Shape{3, 2} : Shape{2, 3}, seed++);
        cases.push_back({name,
                         [=](const Xs& x) {
                           return triangular_solve(triangle(x[0], upper), x[1], upper, left, unit);
                         },
                         {uniform64({3, 3}, seed++), B}});
      }
  // A full matrix: only its triangle is read, so the rest gets zero gradient.
  cases.push_back({"reads only the triangle",
                   [](const Xs& x) { return triangular_solve(shifted(x[0]), x[1], true); },
                   {uniform64({3, 3}, 40), uniform64({3, 2}, 41)}});
  cases.push_back({"batched A, broadcast B",
                   [](const Xs& x) { return triangular_solve(triangle(x[0], false), x[1], false); },
                   {uniform64({2, 2, 2}, 42), uniform64({2, 3}, 43)}});
  cases.push_back({"right, broadcast A, batched B",
                   [](const Xs& x) {
                     return triangular_solve(triangle(x[0], true), x[1], true, /*left=*/false);
                   },
                   {uniform64({2, 2}, 44), uniform64({2, 3, 2}, 45)}});
  run(cases);
}

TEST(GradLinalg, CholeskySolve) {
  run({
      {"lower", [](const Xs& x) { return cholesky_solve(x[0], triangle(x[1], false)); },
       {uniform64({3, 2}, 1), uniform64({3, 3}, 2)}},
      {"upper", [](const Xs& x) { return cholesky_solve(x[0], triangle(x[1], true), true); },
       {uniform64({3, 2}, 3), uniform64({3, 3}, 4)}},
      {"through cholesky", [](const Xs& x) { return cholesky_solve(x[0], cholesky(spd(x[1]))); },
       {uniform64({3, 1}, 5), uniform64({3, 3}, 6)}},
      {"batched", [](const Xs& x) { return cholesky_solve(x[0], triangle(x[1], false)); },
       {uniform64({2, 2, 2}, 7), uniform64({2, 2, 2}, 8)}},
      {"batched L, broadcast B", [](const Xs& x) { return cholesky_solve(x[0], triangle(x[1], true), true); },
       {uniform64({2, 3}, 9), uniform64({2, 2, 2}, 10)}},
      {"batched B, broadcast L", [](const Xs& x) { return cholesky_solve(x[0], triangle(x[1], false)); },
       {uniform64({2, 2, 1}, 11), uniform64({2, 2}, 12)}},
  });
}

TEST(GradLinalg, Solve) {
  auto sv = [](const Xs& x) { return solve(shifted(x[0]), x[1]); };
  run({
      {"matrix rhs", sv, {uniform64({3, 3}, 1), uniform64({3, 2}, 2)}},
      {"vector rhs", sv, {uniform64({3, 3}, 3), uniform64({3}, 4)}},
      {"batched, matrix rhs", sv, {uniform64({2, 2, 2}, 5), uniform64({2, 2, 3}, 6)}},
      {"batched, vector rhs", sv, {uniform64({2, 3, 3}, 7), uniform64({2, 3}, 8)}},
      {"broadcast A, batched B", sv, {uniform64({2, 2}, 11), uniform64({3, 2, 1}, 12)}},
  });
}

// solve's backward decides "B is a vector" by B.dim() == A.dim() - 1 alone,
// while the forward (as torch.linalg.solve) also needs B.sizes() == A.sizes()[:-1]
// or B 1-D: the two disagree for a 1-D B with a batched A and for a matrix B
// of one dim less than a batched A.
TEST(GradLinalg, SolveBatchedAWithBroadcastB) {
  auto sv = [](const Xs& x) { return solve(shifted(x[0]), x[1]); };
  run({
      {"batched A, 1-D rhs", sv, {uniform64({2, 2, 2}, 13), uniform64({2}, 14)}},
      {"batched A, matrix rhs of one dim less", sv, {uniform64({2, 2, 2}, 9), uniform64({2, 1}, 10)}},
  });
}

// Third order for the other nonlinear ops (each backward is built from ops
// whose own backward must be differentiable again).
TEST(GradLinalg, ThirdOrder) {
  run({
          {"inverse", [](const Xs& x) { return inverse(shifted(x[0])); }, {uniform64({2, 2}, 1)}},
          {"det", [](const Xs& x) { return det(shifted(x[0])); }, {uniform64({2, 2}, 2)}},
          {"logdet", [](const Xs& x) { return logdet(spd(x[0])); }, {uniform64({2, 2}, 3)}},
          {"slogdet", [](const Xs& x) { return std::get<1>(slogdet(shifted(x[0]))); },
           {uniform64({2, 2}, 4)}},
          {"solve", [](const Xs& x) { return solve(shifted(x[0]), x[1]); },
           {uniform64({2, 2}, 5), uniform64({2, 1}, 6)}},
          {"triangular_solve", [](const Xs& x) { return triangular_solve(triangle(x[0], false), x[1], false); },
           {uniform64({2, 2}, 7), uniform64({2, 1}, 8)}},
          {"cholesky_solve", [](const Xs& x) { return cholesky_solve(x[1], triangle(x[0], false)); },
           {uniform64({2, 2}, 9), uniform64({2, 1}, 10)}},
      },
      3);
}

TEST(GradLinalg, InverseDet) {
  auto slog = [](const Xs& x) { return std::get<1>(slogdet(shifted(x[0]))); };
  // Negating the first row makes det < 0: log|det| is still smooth there.
  auto slog_neg = [](const Xs& x) {
    return std::get<1>(slogdet(shifted(x[0]) * tensor({-1.0, 1.0, 1.0}).unsqueeze(-1)));
  };
  run({
      {"inverse", [](const Xs& x) { return inverse(shifted(x[0])); }, {uniform64({3, 3}, 1)}},
      {"inverse batched", [](const Xs& x) { return inverse(shifted(x[0])); },
       {uniform64({2, 2, 2}, 2)}},
      {"det", [](const Xs& x) { return det(shifted(x[0])); }, {uniform64({3, 3}, 3)}},
      {"det of a general matrix", [](const Xs& x) { return det(x[0]); }, {uniform64({3, 3}, 4)}},
      {"det batched", [](const Xs& x) { return det(shifted(x[0])); }, {uniform64({2, 2, 2}, 5)}},
      {"slogdet logabsdet", slog, {uniform64({3, 3}, 6)}},
      {"slogdet logabsdet, det < 0", slog_neg, {uniform64({3, 3}, 7)}},
      {"slogdet batched", slog, {uniform64({2, 2, 2}, 8)}},
      {"logdet", [](const Xs& x) { return logdet(spd(x[0])); }, {uniform64({3, 3}, 9)}},
      {"logdet batched", [](const Xs& x) { return logdet(shifted(x[0])); },
       {uniform64({2, 2, 2}, 10)}},
  });
}

// d logdet(A) / dA = A^-T for a non-symmetric A with det > 0.
TEST(GradLinalg, LogdetGradientIsInverseTranspose) {
  Tensor A = shifted(uniform64({3, 3}, 11)).requires_grad_();
  Tensor g = autograd::grad({logdet(A)}, {A})[0];
  EXPECT_TRUE(near(g, inverse(A.detach()).mT(), 1e-10, 1e-12));
  // slogdet and det agree: d det / dA = det(A) A^-T.
  Tensor gs = autograd::grad({std::get<1>(slogdet(A))}, {A})[0];
  EXPECT_TRUE(near(gs, g, 1e-10, 1e-12));
  Tensor gd = autograd::grad({det(A)}, {A})[0];
  EXPECT_TRUE(near(gd, g * det(A.detach()), 1e-10, 1e-12));
}

// The Hessian of 0.5 x^T A x is the symmetric part of A.
TEST(GradLinalg, HessianOfQuadraticForm) {
  Tensor A = uniform64({3, 3}, 12);
  Tensor H = autograd::hessian([&](const Tensor& x) { return dot(x, matmul(A, x)) * 0.5; }, uniform64({3}, 13));
  EXPECT_TRUE(near(H, (A + A.t()) * 0.5, 1e-12, 1e-12));
}

// The Hessian in mu of log N(y | mu, Sigma) (through cholesky and a triangular
// solve) is -Sigma^-1.
TEST(GradLinalg, HessianOfGaussianLogDensityInMean) {
  Tensor Sigma = spd(uniform64({3, 3}, 14));
  Tensor y = uniform64({3}, 15);
  auto log_density = [&](const Tensor& mu) {
    Tensor L = cholesky(Sigma);
    Tensor z = triangular_solve(L, (y - mu).unsqueeze(-1), /*upper=*/false);
    return z.square().sum() * -0.5 - L.diagonal().log().sum() - 1.5 * std::log(2 * M_PI);
  };
  Tensor H = autograd::hessian(log_density, uniform64({3}, 16));
  EXPECT_TRUE(near(H, -inverse(Sigma), 1e-10, 1e-12));
  // The same through solve and logdet.
  auto via_solve = [&](const Tensor& mu) {
    Tensor r = y - mu;
    return dot(r, solve(Sigma, r)) * -0.5 - logdet(Sigma) * 0.5;
  };
  EXPECT_TRUE(near(autograd::hessian(via_solve, uniform64({3}, 16)), -inverse(Sigma), 1e-10, 1e-12));
}

// Paths that compute the same function have the same first and second derivatives.
TEST(GradLinalg, PathsAgree) {
  Tensor M = uniform64({3, 3}, 17), B = uniform64({3, 2}, 18);
  using Fn = std::function<Tensor(const Tensor& M, const Tensor& B)>;
  struct Pair {
    std::string name;
    Fn a, b;
  };
  std::vector<Pair> pairs = {
      {"solve == inverse @ B", [](const Tensor& m, const Tensor& b) { return solve(shifted(m), b); },
       [](const Tensor& m, const Tensor& b) { return matmul(inverse(shifted(m)), b); }},
      {"cholesky_solve == solve",
       [](const Tensor& m, const Tensor& b) { return cholesky_solve(b, cholesky(spd(m))); },
       [](const Tensor& m, const Tensor& b) { return solve(spd(m), b); }},
      {"triangular_solve == solve",
       [](const Tensor& m, const Tensor& b) { return triangular_solve(triangle(m, true), b, true); },
       [](const Tensor& m, const Tensor& b) { return solve(triangle(m, true), b); }},
      {"logdet == log det", [](const Tensor& m, const Tensor&) { return logdet(shifted(m)); },
       [](const Tensor& m, const Tensor&) { return det(shifted(m)).log(); }},
      {"logdet == 2 sum log diag cholesky", [](const Tensor& m, const Tensor&) { return logdet(spd(m)); },
       [](const Tensor& m, const Tensor&) { return cholesky(spd(m)).diagonal().log().sum() * 2.0; }},
  };
  for (const Pair& p : pairs) {
    SCOPED_TRACE(p.name);
    Tensor m = M.clone().requires_grad_(), b = B.clone().requires_grad_();
    Tensor ya = p.a(m, b), yb = p.b(m, b);
    ASSERT_TRUE(near(ya, yb.detach(), 1e-10, 1e-12));
    Tensor u = ones_like(ya);
    auto ga = autograd::grad({ya}, {m, b}, {u}, true, true, true);
    auto gb = autograd::grad({yb}, {m, b}, {u}, true, true, true);
    ASSERT_TRUE(near(ga[0], gb[0].detach(), 1e-9, 1e-11));
    // Second order: the gradient in m of <d y / d m, m>.
    Tensor ha = autograd::grad({(ga[0] * m).sum()}, {m})[0];
    Tensor hb = autograd::grad({(gb[0] * m).sum()}, {m})[0];
    EXPECT_TRUE(near(ha, hb, 1e-9, 1e-11));
  }
}

}  // namespace
