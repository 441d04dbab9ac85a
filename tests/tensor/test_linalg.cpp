// Factorizations and solvers: hand-computed values, the identities that tie
// them together (A inv(A) = I, L L^T = A, solve(A, A X) = X, det(AB) =
// det(A) det(B), ...), batched results against per-item results, and every
// error path.
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "test_util.h"

using namespace tyche;
using tyche::testing::at;
using tyche::testing::near;
using tyche::testing::random_tensor;
using tyche::testing::values;

namespace {

using tyche::testing::expect_error;


// A well-conditioned general matrix (or batch): random plus 2n on the diagonal.
Tensor well_conditioned(std::vector<int64_t> shape, uint64_t seed, DType dtype = kFloat64) {
  const int64_t n = shape.back();
  return random_tensor(shape, seed, dtype) + eye(n, std::nullopt, dtype) * static_cast<double>(2 * n);
}

// A symmetric positive-definite matrix (or batch): M M^T + n I.
Tensor spd(std::vector<int64_t> shape, uint64_t seed, DType dtype = kFloat64) {
  Tensor m = random_tensor(shape, seed, dtype);
  const int64_t n = shape.back();
  return matmul(m, m.mT()) + eye(n, std::nullopt, dtype) * static_cast<double>(n);
}

// The lower (or upper) triangle of a 2-D t, the rest zero; unit puts ones on the diagonal.
Tensor triangle(const Tensor& t, bool upper, bool unit = false) {
  const int64_t n = t.size(0);
  std::vector<double> v;
  for (int64_t r = 0; r < n; ++r)
    for (int64_t c = 0; c < n; ++c)
      v.push_back(r == c && unit ? 1.0 : (upper ? c >= r : c <= r) ? at(t, {r, c}) : 0.0);
  return tensor(v, {n, n}).to(t.dtype());
}

Tensor identity_like(const Tensor& a) { return eye(a.size(-1), std::nullopt, a.dtype()).expand(a.sizes()); }


constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

// ------------------------------------------------------------------ cholesky

TEST(Cholesky, HandComputed2x2) {
  Tensor a = tensor({{4.0, 2.0}, {2.0, 3.0}});
  EXPECT_TRUE(near(cholesky(a), {2, 0, 1, std::sqrt(2.0)}));
  EXPECT_TRUE(near(cholesky(a, /*upper=*/true), {2, 1, 0, std::sqrt(2.0)}));
}

TEST(Cholesky, ReconstructsInputAndIsTriangular) {
  for (int64_t n : {1, 3, 20, 33, 90}) {
    SCOPED_TRACE(n);
    Tensor a = spd({n, n}, static_cast<uint64_t>(n));
    Tensor l = cholesky(a);
    EXPECT_TRUE(near(matmul(l, l.mT()), a, 1e-12, 1e-12));
    Tensor u = cholesky(a, true);
    EXPECT_TRUE(near(matmul(u.mT(), u), a, 1e-12, 1e-12));
    EXPECT_TRUE(near(u, l.mT(), 1e-12, 1e-12));  // each reads its own triangle of a
    for (int64_t r = 0; r < n; ++r)
      for (int64_t c = r + 1; c < n; ++c) ASSERT_EQ(at(l, {r, c}), 0.0);
  }
}

TEST(Cholesky, ReadsOnlyOneTriangle) {
  Tensor a = spd({4, 4}, 9);
  Tensor lower_only = a.clone(), upper_only = a.clone();
  for (int64_t r = 0; r < 4; ++r) {
    for (int64_t c = r + 1; c < 4; ++c) {
      lower_only.select(0, r).select(0, c).fill_(100.0);  // garbage above the diagonal
      upper_only.select(0, c).select(0, r).fill_(-100.0);  // garbage below it
    }
  }
  EXPECT_TRUE(near(cholesky(lower_only), cholesky(a), 1e-14, 1e-15));
  EXPECT_TRUE(near(cholesky(upper_only, true), cholesky(a, true), 1e-14, 1e-15));
}

TEST(Cholesky, Float32) {
  Tensor a = spd({6, 6}, 3, kFloat32);
  Tensor l = cholesky(a);
  EXPECT_EQ(l.dtype(), kFloat32);
  EXPECT_TRUE(near(matmul(l, l.mT()), a, 1e-5, 1e-5));
}

TEST(Cholesky, BatchedEqualsPerItemAndAcceptsViews) {
  Tensor a = spd({2, 3, 4, 4}, 4);
  Tensor l = cholesky(a);
  EXPECT_EQ(l.sizes(), IntList({2, 3, 4, 4}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_TRUE(near(l.select(0, i).select(0, j), cholesky(a.select(0, i).select(0, j)), 1e-14, 1e-15));
  EXPECT_TRUE(near(cholesky(a.mT()), l, 1e-14, 1e-14));               // transposed (copied) input
  Tensor one = spd({5, 5}, 5);
  EXPECT_TRUE(near(cholesky(one.expand({3, 5, 5})).select(0, 2), cholesky(one), 1e-14, 1e-15));  // stride-0 batch
  Tensor many = spd({500, 3, 3}, 6);                                   // spread over threads
  Tensor lm = cholesky(many);
  EXPECT_TRUE(near(matmul(lm, lm.mT()), many, 1e-12, 1e-12));
}

TEST(Cholesky, NotPositiveDefiniteNamesBatchElement) {
  expect_error([] { cholesky(tensor({{1.0, 2.0}, {2.0, 1.0}})); }, {"cholesky", "not positive-definite"});
  Tensor a = spd({5, 3, 3}, 7);
  Tensor bad = a.clone();
  bad.select(0, 3).fill_(-1.0);  // item 3 only
  expect_error([&] { cholesky(bad); }, {"cholesky", "positive-definite", "(batch element 3)"});
  Tensor many = spd({400, 2, 2}, 8).clone();
  many.select(0, 250).select(0, 0).fill_(-1.0);
  many.select(0, 399).fill_(0.0);
  expect_error([&] { cholesky(many); }, {"(batch element 250)"});  // the first failure, over threads
}

TEST(Cholesky, EmptyAndErrors) {
  EXPECT_EQ(cholesky(zeros({0, 0}, kFloat64)).sizes(), IntList({0, 0}));
  EXPECT_EQ(cholesky(zeros({0, 3, 3}, kFloat64)).sizes(), IntList({0, 3, 3}));
  expect_error([] { cholesky(zeros({2, 3}, kFloat64)); }, {"cholesky", "square", "[2, 3]"});
  expect_error([] { cholesky(zeros({3}, kFloat64)); }, {"cholesky", "[3]"});
  expect_error([] { cholesky(eye(2, std::nullopt, kInt64)); }, {"cholesky", "int64"});
  EXPECT_THROW(cholesky(Tensor()), Error);
}

// ------------------------------------------------------------ cholesky_solve

TEST(CholeskySolve, MatchesSolveLowerAndUpper) {
  Tensor a = spd({5, 5}, 10), b = random_tensor({5, 3}, 11);
  Tensor expected = solve(a, b);
  EXPECT_TRUE(near(cholesky_solve(b, cholesky(a)), expected, 1e-12, 1e-12));
  EXPECT_TRUE(near(cholesky_solve(b, cholesky(a, true), true), expected, 1e-12, 1e-12));
  Tensor af = a.to(kFloat32), bf = b.to(kFloat32);
  EXPECT_TRUE(near(cholesky_solve(bf, cholesky(af)), expected, 1e-4, 1e-4));
}

TEST(CholeskySolve, BroadcastBatch) {
  Tensor a = spd({2, 1, 4, 4}, 12), b = random_tensor({3, 4, 2}, 13);
  Tensor x = cholesky_solve(b, cholesky(a));
  EXPECT_EQ(x.sizes(), IntList({2, 3, 4, 2}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      EXPECT_TRUE(near(x.select(0, i).select(0, j), solve(a.select(0, i).select(0, 0), b.select(0, j)), 1e-12, 1e-12));
}

TEST(CholeskySolve, Errors) {
  Tensor l = cholesky(spd({3, 3}, 14));
  expect_error([&] { cholesky_solve(zeros({4, 2}, kFloat64), l); }, {"cholesky_solve", "[3, 3]", "[4, 2]"});
  expect_error([&] { cholesky_solve(zeros({3}, kFloat64), l); }, {"cholesky_solve", "[3]"});
  expect_error([&] { cholesky_solve(zeros({3, 2}, kFloat64), zeros({3, 2}, kFloat64)); }, {"cholesky_solve", "square"});
  expect_error([&] { cholesky_solve(zeros({3, 2}, kFloat32), l); }, {"cholesky_solve", "float32", "float64"});
  expect_error([&] { cholesky_solve(zeros({3, 2}, kInt64), l.to(kInt64)); }, {"cholesky_solve", "int64"});
  expect_error([&] { cholesky_solve(zeros({2, 3, 1}, kFloat64), l.expand({3, 3, 3})); }, {"cholesky_solve", "[2, 3, 1]"});
}

// ---------------------------------------------------------- triangular_solve

TEST(TriangularSolve, HandComputed) {
  Tensor a = tensor({{2.0, 0.0}, {1.0, 4.0}}), b = tensor(std::vector<double>{2.0, 9.0}, {2, 1});
  EXPECT_TRUE(near(triangular_solve(a, b, /*upper=*/false), {1, 2}));  // 2x = 2, x + 4y = 9
  EXPECT_TRUE(near(triangular_solve(a, b, false, true, /*unitriangular=*/true), {2, 7}));
}

TEST(TriangularSolve, EveryModeMatchesSolve) {
  const int64_t n = 6;
  Tensor full = well_conditioned({n, n}, 20);  // the other triangle must be ignored
  Tensor b_left = random_tensor({n, 3}, 21), b_right = random_tensor({3, n}, 22);
  for (bool upper : {false, true}) {
    for (bool unit : {false, true}) {
      SCOPED_TRACE(std::string(upper ? "upper" : "lower") + (unit ? " unit" : ""));
      Tensor tri = triangle(full, upper, unit);
      EXPECT_TRUE(near(triangular_solve(full, b_left, upper, true, unit), solve(tri, b_left), 1e-12, 1e-12));
      // X A = B  <=>  A^T X^T = B^T
      Tensor right = triangular_solve(full, b_right, upper, false, unit);
      EXPECT_TRUE(near(right, solve(tri.mT(), b_right.mT()).mT(), 1e-12, 1e-12));
      EXPECT_TRUE(near(matmul(right, tri), b_right, 1e-12, 1e-12));
      Tensor f32 = triangular_solve(full.to(kFloat32), b_left.to(kFloat32), upper, true, unit);
      EXPECT_TRUE(near(f32, solve(tri, b_left), 1e-4, 1e-4));
    }
  }
}

TEST(TriangularSolve, BatchedAndLarge) {
  Tensor a = well_conditioned({4, 50, 50}, 23), b = random_tensor({50, 7}, 24);
  Tensor x = triangular_solve(a, b, true);
  EXPECT_EQ(x.sizes(), IntList({4, 50, 7}));
  for (int64_t i = 0; i < 4; ++i) EXPECT_TRUE(near(x.select(0, i), triangular_solve(a.select(0, i), b, true), 1e-14, 1e-15));
  EXPECT_TRUE(near(matmul(triangle(a.select(0, 1), true), x.select(0, 1)), b, 1e-10, 1e-10));
}

TEST(TriangularSolve, Errors) {
  expect_error([] { triangular_solve(zeros({3, 3}, kFloat64), zeros({4, 2}, kFloat64), false); }, {"triangular_solve", "[3, 3]", "[4, 2]"});
  expect_error([] { triangular_solve(zeros({3, 3}, kFloat64), zeros({3, 2}, kFloat64), false, /*left=*/false); },
               {"triangular_solve", "columns"});
  expect_error([] { triangular_solve(zeros({3, 2}, kFloat64), zeros({3, 2}, kFloat64), false); }, {"triangular_solve", "square"});
  expect_error([] { triangular_solve(eye(3, std::nullopt, kInt64), zeros({3, 2}, kInt64), false); },
               {"triangular_solve", "int64"});
  expect_error([] { triangular_solve(zeros({3, 3}, kFloat64), zeros({3}, kFloat64), false); }, {"triangular_solve", "[3]"});
}

// --------------------------------------------------------------------- solve

TEST(Solve, HandComputed) {
  Tensor a = tensor({{3.0, 1.0}, {1.0, 2.0}});
  EXPECT_TRUE(near(solve(a, tensor({9.0, 8.0})), {2, 3}));
  EXPECT_TRUE(near(solve(a, tensor({{9.0, 1.0}, {8.0, 2.0}})), {2, 0, 3, 1}));
}

TEST(Solve, RecoversXFromAX) {
  for (int64_t n : {1, 2, 5, 32, 33, 80}) {
    SCOPED_TRACE(n);
    Tensor a = well_conditioned({n, n}, static_cast<uint64_t>(n)), x = random_tensor({n, 4}, 100 + n);
    EXPECT_TRUE(near(solve(a, matmul(a, x)), x, 1e-10, 1e-10));
    Tensor xf = solve(a.to(kFloat32), matmul(a, x).to(kFloat32));
    EXPECT_EQ(xf.dtype(), kFloat32);
    EXPECT_TRUE(near(xf, x, 1e-3, 1e-3));
  }
}

TEST(Solve, VectorAndBatchedRightHandSides) {
  Tensor a = well_conditioned({3, 4, 4}, 30);
  Tensor v = random_tensor({3, 4}, 31);  // shaped like A minus a dim: a batch of vectors
  Tensor x = solve(a, v);
  EXPECT_EQ(x.sizes(), IntList({3, 4}));
  for (int64_t i = 0; i < 3; ++i) EXPECT_TRUE(near(matmul(a.select(0, i), x.select(0, i)), v.select(0, i), 1e-12, 1e-12));
  Tensor one = random_tensor({4}, 32);  // 1-D: one vector for every matrix
  Tensor x1 = solve(a, one);
  EXPECT_EQ(x1.sizes(), IntList({3, 4}));
  EXPECT_TRUE(near(x1.select(0, 2), solve(a.select(0, 2), one), 1e-14, 1e-15));
  Tensor m = random_tensor({4, 3}, 33);  // [n, k] with batched A: broadcast
  EXPECT_EQ(solve(a, m).sizes(), IntList({3, 4, 3}));
  Tensor single = well_conditioned({4, 4}, 34);  // one A, many B: factorized once
  Tensor bs = random_tensor({5, 4, 2}, 35);
  Tensor xs = solve(single, bs);
  for (int64_t i = 0; i < 5; ++i) EXPECT_TRUE(near(xs.select(0, i), solve(single, bs.select(0, i)), 1e-14, 1e-15));
  Tensor ab = well_conditioned({2, 1, 4, 4}, 36), bb = random_tensor({3, 4, 2}, 37);
  EXPECT_EQ(solve(ab, bb).sizes(), IntList({2, 3, 4, 2}));
  EXPECT_TRUE(near(solve(ab, bb).select(0, 1).select(0, 2), solve(ab.select(0, 1).select(0, 0), bb.select(0, 2)), 1e-14, 1e-15));
  Tensor strided = random_tensor({8}, 38).slice(0, 0, std::nullopt, 2);  // stepped vector
  EXPECT_TRUE(near(matmul(single, solve(single, strided)), strided, 1e-12, 1e-12));
}

TEST(Solve, SingularAndErrors) {
  expect_error([] { solve(tensor({{1.0, 2.0}, {2.0, 4.0}}), tensor({1.0, 1.0})); }, {"solve", "singular"});
  expect_error([] { solve(tensor({{1.0, 2.0}, {2.0, 4.0}}).to(kFloat32), tensor({1.0, 1.0}).to(kFloat32)); },
               {"solve", "singular"});
  Tensor a = well_conditioned({4, 3, 3}, 40).clone();
  a.select(0, 2).fill_(1.0);
  expect_error([&] { solve(a, random_tensor({4, 3, 1}, 41)); }, {"solve", "singular", "(batch element 2)"});
  expect_error([] { solve(zeros({3, 3}, kFloat64), zeros({4, 2}, kFloat64)); }, {"solve", "[3, 3]", "[4, 2]"});
  expect_error([] { solve(zeros({2, 3}, kFloat64), zeros({2}, kFloat64)); }, {"solve", "square", "[2, 3]"});
  expect_error([] { solve(eye(2, std::nullopt, kFloat64), zeros({2}, kFloat32)); }, {"solve", "float64", "float32"});
  expect_error([] { solve(eye(2, std::nullopt, kInt64), zeros({2}, kInt64)); }, {"solve", "int64"});
  expect_error([] { solve(eye(2, std::nullopt, kFloat64).expand({3, 2, 2}), zeros({2, 2, 1}, kFloat64)); }, {"solve", "[3, 2, 2]", "[2, 2, 1]"});
  EXPECT_EQ(solve(zeros({0, 0}, kFloat64), zeros({0, 2}, kFloat64)).sizes(), IntList({0, 2}));
}

// ------------------------------------------------------------------- inverse

TEST(Inverse, HandComputedAndIdentity) {
  EXPECT_TRUE(near(inverse(tensor({{4.0, 7.0}, {2.0, 6.0}})), {0.6, -0.7, -0.2, 0.4}, 1e-12, 1e-12));
  for (int64_t n : {1, 3, 16, 40}) {
    SCOPED_TRACE(n);
    Tensor a = well_conditioned({n, n}, static_cast<uint64_t>(n));
    Tensor ai = inverse(a);
    EXPECT_TRUE(near(matmul(a, ai), identity_like(a), 1e-12, 1e-12));
    EXPECT_TRUE(near(matmul(ai, a), identity_like(a), 1e-12, 1e-12));
    Tensor af = a.to(kFloat32);
    EXPECT_TRUE(near(matmul(af, inverse(af)), identity_like(af), 1e-5, 1e-5));
  }
}

TEST(Inverse, BatchedEqualsPerItem) {
  Tensor a = well_conditioned({3, 2, 5, 5}, 50);
  Tensor ai = inverse(a);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 2; ++j) EXPECT_TRUE(near(ai.select(0, i).select(0, j), inverse(a.select(0, i).select(0, j)), 1e-14, 1e-15));
  EXPECT_TRUE(near(inverse(a.mT()), ai.mT(), 1e-12, 1e-12));
  Tensor many = well_conditioned({1000, 2, 2}, 51);
  EXPECT_TRUE(near(matmul(many, inverse(many)), identity_like(many), 1e-12, 1e-12));
}

TEST(Inverse, SingularAndErrors) {
  expect_error([] { inverse(tensor({{1.0, 2.0}, {2.0, 4.0}})); }, {"inverse", "singular"});
  expect_error([] { inverse(zeros({3, 3}, kFloat64)); }, {"inverse", "singular"});
  Tensor many = well_conditioned({600, 3, 3}, 52).clone();
  many.select(0, 417).fill_(0.0);
  expect_error([&] { inverse(many); }, {"inverse", "singular", "(batch element 417)"});
  expect_error([] { inverse(zeros({2, 3}, kFloat64)); }, {"inverse", "square"});
  expect_error([] { inverse(eye(2, std::nullopt, kInt32)); }, {"inverse", "int32"});
  EXPECT_EQ(inverse(zeros({0, 0}, kFloat64)).sizes(), IntList({0, 0}));
}

// ----------------------------------------------------- det, slogdet, logdet

TEST(Det, HandComputed) {
  EXPECT_NEAR(det(tensor({{1.0, 2.0}, {3.0, 4.0}})).item<double>(), -2.0, 1e-14);
  Tensor a3 = tensor({{2.0, -3.0, 1.0}, {2.0, 0.0, -1.0}, {1.0, 4.0, 5.0}});
  EXPECT_NEAR(det(a3).item<double>(), 49.0, 1e-12);  // 2*(0+4) + 3*(10+1) + 1*(8-0)
  EXPECT_NEAR(det(tensor({{0.0, 1.0}, {1.0, 0.0}})).item<double>(), -1.0, 1e-15);  // a pivot swap
  EXPECT_EQ(det(tensor({{1.0, 2.0}, {2.0, 4.0}})).item<double>(), 0.0);
  EXPECT_EQ(det(tensor({{1.0, 2.0}, {3.0, 4.0}})).dim(), 0);
  EXPECT_NEAR(det(tensor({{1.0, 2.0}, {3.0, 4.0}}).to(kFloat32)).item<float>(), -2.0f, 1e-6f);
}

TEST(Det, ProductRuleAndBatches) {
  for (int64_t n : {2, 7, 35}) {
    Tensor a = random_tensor({n, n}, 60 + n), b = random_tensor({n, n}, 70 + n);
    const double da = det(a).item<double>(), db = det(b).item<double>();
    EXPECT_NEAR(det(matmul(a, b)).item<double>(), da * db, 1e-10 * std::abs(da * db) + 1e-14);
  }
  Tensor a = random_tensor({4, 3, 6, 6}, 80);
  Tensor d = det(a);
  EXPECT_EQ(d.sizes(), IntList({4, 3}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(at(d, {i, j}), det(a.select(0, i).select(0, j)).item<double>(), 1e-13 * std::abs(at(d, {i, j})));
  EXPECT_TRUE(near(det(a.mT()), d, 1e-12, 1e-14));  // det(A^T) = det(A)
}

TEST(Slogdet, SignAndLogAbs) {
  auto [s, l] = slogdet(tensor({{1.0, 2.0}, {3.0, 4.0}}));
  EXPECT_EQ(s.item<double>(), -1.0);
  EXPECT_NEAR(l.item<double>(), std::log(2.0), 1e-14);
  Tensor a = random_tensor({20, 5, 5}, 90);
  auto [sb, lb] = slogdet(a);
  Tensor d = det(a);
  int negatives = 0;
  for (int64_t i = 0; i < 20; ++i) {
    const double di = at(d, {i});
    EXPECT_EQ(at(sb, {i}), di < 0 ? -1.0 : 1.0);
    EXPECT_NEAR(at(lb, {i}), std::log(std::abs(di)), 1e-12);
    negatives += di < 0;
  }
  EXPECT_GT(negatives, 0);  // both signs exercised
  EXPECT_LT(negatives, 20);
  auto [s0, l0] = slogdet(tensor({{1.0, 2.0}, {2.0, 4.0}}));
  EXPECT_EQ(s0.item<double>(), 0.0);
  EXPECT_EQ(l0.item<double>(), -kInf);
  // log|det| stays finite where det itself overflows.
  Tensor big = eye(200, std::nullopt, kFloat64) * 100.0;
  EXPECT_EQ(det(big).item<double>(), kInf);
  EXPECT_NEAR(std::get<1>(slogdet(big)).item<double>(), 200 * std::log(100.0), 1e-9);
  auto [sf, lf] = slogdet(tensor({{0.0, 2.0}, {3.0, 0.0}}).to(kFloat32));
  EXPECT_EQ(sf.dtype(), kFloat32);
  EXPECT_EQ(sf.item<float>(), -1.0f);
  EXPECT_NEAR(lf.item<float>(), std::log(6.0f), 1e-6f);
}

TEST(Logdet, PositiveNegativeAndSingular) {
  Tensor a = spd({6, 6}, 100);
  EXPECT_NEAR(logdet(a).item<double>(), std::log(det(a).item<double>()), 1e-12);
  Tensor l = cholesky(a);
  double two_log_diag = 0;
  for (int64_t i = 0; i < 6; ++i) two_log_diag += 2 * std::log(at(l, {i, i}));
  EXPECT_NEAR(logdet(a).item<double>(), two_log_diag, 1e-12);
  EXPECT_TRUE(std::isnan(logdet(tensor({{1.0, 2.0}, {3.0, 4.0}})).item<double>()));
  EXPECT_EQ(logdet(tensor({{1.0, 2.0}, {2.0, 4.0}})).item<double>(), -kInf);
  Tensor batch = tensor(std::vector<double>{2, 0, 0, 3, 1, 2, 3, 4, 1, 2, 2, 4}, {3, 2, 2});
  EXPECT_TRUE(near(logdet(batch), {std::log(6.0), kNaN, -kInf}));
}

TEST(Determinants, EmptyMatricesAndErrors) {
  EXPECT_EQ(det(zeros({0, 0}, kFloat64)).item<double>(), 1.0);
  EXPECT_TRUE(near(det(zeros({3, 0, 0}, kFloat64)), {1, 1, 1}));
  EXPECT_EQ(logdet(zeros({0, 0}, kFloat64)).item<double>(), 0.0);
  EXPECT_EQ(std::get<0>(slogdet(zeros({0, 0}, kFloat64))).item<double>(), 1.0);
  EXPECT_EQ(det(zeros({0, 2, 2}, kFloat64)).sizes(), IntList({0}));
  for (const char* op : {"det", "slogdet", "logdet"}) {
    auto call = [op](const Tensor& t) {
      if (std::string(op) == "det") det(t);
      else if (std::string(op) == "logdet") logdet(t);
      else slogdet(t);
    };
    expect_error([&] { call(zeros({2, 3}, kFloat64)); }, {op, "square", "[2, 3]"});
    expect_error([&] { call(zeros({2}, kFloat64)); }, {op, "[2]"});
    expect_error([&] { call(eye(2, std::nullopt, kInt64)); }, {op, "int64"});
    EXPECT_THROW(call(Tensor()), Error);
  }
}
