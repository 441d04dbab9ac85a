// matmul, dot and outer against a naive reference that reads operands through
// their strides: every rank combination, broadcast batch dims, non-contiguous
// operands, integer dtypes, empty dims and the error paths.
#include <random>
#include <string>

#include "test_util.h"

using namespace tyche;
using tyche::testing::at;
using tyche::testing::for_each_index;
using tyche::testing::near;
using tyche::testing::random_tensor;
using tyche::testing::values;

namespace {

using tyche::testing::expect_error;


struct Expected {
  std::vector<int64_t> shape;
  std::vector<double> values;
};

// NumPy's matmul, computed element by element in double.
Expected naive_matmul(const Tensor& a, const Tensor& b) {
  std::vector<int64_t> as = a.sizes().vec(), bs = b.sizes().vec();
  const bool a_vec = as.size() == 1, b_vec = bs.size() == 1;
  if (a_vec) as.insert(as.begin(), 1);
  if (b_vec) bs.push_back(1);
  const int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  const std::vector<int64_t> ab(as.begin(), as.end() - 2), bb(bs.begin(), bs.end() - 2);
  std::vector<int64_t> batch(std::max(ab.size(), bb.size()), 1);
  for (size_t i = 1; i <= batch.size(); ++i) {
    if (i <= ab.size()) batch[batch.size() - i] = ab[ab.size() - i];
    if (i <= bb.size() && bb[bb.size() - i] != 1) batch[batch.size() - i] = bb[bb.size() - i];
  }
  // The index of operand dims `own` for broadcast batch index idx.
  auto own_index = [&](const std::vector<int64_t>& own, const std::vector<int64_t>& idx) {
    std::vector<int64_t> r(own.size());
    for (size_t i = 1; i <= own.size(); ++i)
      r[own.size() - i] = own[own.size() - i] == 1 ? 0 : idx[idx.size() - i];
    return r;
  };
  Expected e;
  e.shape = batch;
  if (!a_vec) e.shape.push_back(m);
  if (!b_vec) e.shape.push_back(n);
  for_each_index(batch, [&](const std::vector<int64_t>& idx) {
    for (int64_t r = 0; r < m; ++r) {
      for (int64_t c = 0; c < n; ++c) {
        double acc = 0;
        for (int64_t p = 0; p < k; ++p) {
          std::vector<int64_t> ia = own_index(ab, idx), ib = own_index(bb, idx);
          if (!a_vec) ia.push_back(r);
          ia.push_back(p);
          ib.push_back(p);
          if (!b_vec) ib.push_back(c);
          acc += at(a, ia) * at(b, ib);
        }
        e.values.push_back(acc);
      }
    }
  });
  return e;
}

::testing::AssertionResult matches_naive(const Tensor& a, const Tensor& b, double rtol = 1e-12,
                                         double atol = 1e-12) {
  const Expected e = naive_matmul(a, b);
  const Tensor c = matmul(a, b);
  if (c.sizes().vec() != e.shape)
    return ::testing::AssertionFailure() << "shape " << c.sizes() << ", expected " << IntList(e.shape);
  if (c.dtype() != a.dtype()) return ::testing::AssertionFailure() << "dtype " << c.dtype();
  return near(c, e.values, rtol, atol);
}


const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> kRankCases = {
    {{3}, {3}},                // dot
    {{3}, {3, 4}},             // vector x matrix
    {{2, 3}, {3}},             // matrix x vector
    {{2, 3}, {3, 4}},          // plain
    {{5, 2, 3}, {3}},          // batch x vector
    {{3}, {5, 3, 4}},          // vector x batch
    {{5, 2, 3}, {3, 4}},       // batch x matrix (one GEMM over stacked rows)
    {{2, 3}, {5, 3, 4}},       // matrix x batch
    {{5, 2, 3}, {5, 3, 4}},    // batch x batch
    {{5, 2, 3}, {1, 3, 4}},    // size-1 batch dim broadcast
    {{2, 1, 2, 3}, {4, 3, 2}}, // 4-D x 3-D -> batch [2, 4]
    {{1, 4, 2, 3}, {3, 1, 3, 5}},  // both sides broadcast
    {{3, 1, 3}, {1, 3, 1}},    // size-1 rows and cols
    {{6, 1, 3}, {3, 4}},       // stacked single rows
};

}  // namespace

TEST(Matmul, HandComputed2x2) {
  Tensor a = tensor({{1.0, 2.0}, {3.0, 4.0}}), b = tensor({{5.0, 6.0}, {7.0, 8.0}});
  EXPECT_TRUE(near(matmul(a, b), {19, 22, 43, 50}));
  EXPECT_TRUE(near(a.matmul(b), {19, 22, 43, 50}));
  EXPECT_TRUE(near(matmul(b, a), {23, 34, 31, 46}));
}

TEST(Matmul, EveryRankCombinationFloat64) {
  uint64_t seed = 1;
  for (const auto& [sa, sb] : kRankCases) {
    SCOPED_TRACE(to_string(IntList(sa)) + " x " + to_string(IntList(sb)));
    EXPECT_TRUE(matches_naive(random_tensor(sa, seed), random_tensor(sb, seed + 100)));
    ++seed;
  }
}

TEST(Matmul, EveryRankCombinationFloat32) {
  uint64_t seed = 20;
  for (const auto& [sa, sb] : kRankCases) {
    SCOPED_TRACE(to_string(IntList(sa)) + " x " + to_string(IntList(sb)));
    EXPECT_TRUE(matches_naive(random_tensor(sa, seed, kFloat32), random_tensor(sb, seed + 100, kFloat32),
                              1e-5, 1e-5));
    ++seed;
  }
}

TEST(Matmul, EveryRankCombinationInt64AndInt32) {
  uint64_t seed = 40;
  for (DType t : {kInt64, kInt32}) {
    for (const auto& [sa, sb] : kRankCases) {
      SCOPED_TRACE(to_string(IntList(sa)) + " x " + to_string(IntList(sb)));
      EXPECT_TRUE(matches_naive(random_tensor(sa, seed, t), random_tensor(sb, seed + 100, t), 0, 0));
      ++seed;
    }
  }
}

TEST(Matmul, IntegerValuesExact) {
  Tensor a = tensor(std::vector<int64_t>{1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor b = tensor(std::vector<int64_t>{7, 8, 9, 10, 11, 12}, {3, 2});
  Tensor c = matmul(a, b);
  EXPECT_EQ(c.dtype(), kInt64);
  EXPECT_EQ(c.to_vector<int64_t>(), (std::vector<int64_t>{58, 64, 139, 154}));
  EXPECT_EQ(dot(tensor(std::vector<int64_t>{1, 2, 3}), tensor(std::vector<int64_t>{4, 5, 6})).item<int64_t>(), 32);
}

TEST(Matmul, TransposedOperands) {
  Tensor x = random_tensor({4, 3}, 1), y = random_tensor({5, 4}, 2);
  EXPECT_TRUE(matches_naive(x.t(), y.t()));             // [3, 4] x [4, 5], both column-major
  EXPECT_TRUE(matches_naive(x.t(), random_tensor({4, 2}, 3)));
  EXPECT_TRUE(matches_naive(random_tensor({2, 4}, 4), y.t()));
  Tensor bx = random_tensor({3, 4, 2}, 5), by = random_tensor({3, 6, 4}, 6);
  EXPECT_TRUE(matches_naive(bx.mT(), by.mT()));         // batched transposes
  EXPECT_TRUE(matches_naive(bx.permute({2, 0, 1}), random_tensor({4, 5}, 7)));  // batch dim not outermost
}

TEST(Matmul, SteppedAndExpandedOperands) {
  Tensor big = random_tensor({6, 8}, 8);
  Tensor rows = big.slice(0, 0, std::nullopt, 2);       // [3, 8], row stride 16
  Tensor cols = big.slice(1, 0, std::nullopt, 2);       // [6, 4], column stride 2 (copied)
  EXPECT_TRUE(matches_naive(rows, random_tensor({8, 2}, 9)));
  EXPECT_TRUE(matches_naive(cols, random_tensor({4, 3}, 10)));
  EXPECT_TRUE(matches_naive(random_tensor({2, 6}, 11), cols));
  EXPECT_TRUE(matches_naive(big.narrow(1, 1, 5), random_tensor({5, 3}, 12)));  // offset view
  Tensor m = random_tensor({3, 4}, 13);
  EXPECT_TRUE(matches_naive(m.expand({5, 3, 4}), random_tensor({5, 4, 2}, 14)));  // stride-0 batch
  EXPECT_TRUE(matches_naive(random_tensor({5, 2, 3}, 15), m.unsqueeze(0).expand({5, 3, 4})));
  Tensor v = random_tensor({8}, 16);
  EXPECT_TRUE(matches_naive(v.slice(0, 0, std::nullopt, 2), random_tensor({4, 3}, 17)));  // stepped vector
  EXPECT_TRUE(matches_naive(random_tensor({3, 4}, 18), v.slice(0, 1, std::nullopt, 2)));
  Tensor e = random_tensor({1}, 19).expand({4});          // stride-0 vector
  EXPECT_TRUE(matches_naive(e, random_tensor({4, 3}, 20)));
  EXPECT_TRUE(matches_naive(random_tensor({2, 4}, 21), e));
  Tensor col = random_tensor({3, 1}, 22).expand({3, 4});  // stride-0 inner dim
  EXPECT_TRUE(matches_naive(col, random_tensor({4, 2}, 23)));
  Tensor row = random_tensor({1, 4}, 24).expand({3, 4});  // stride-0 rows
  EXPECT_TRUE(matches_naive(row, random_tensor({4, 2}, 25)));
  EXPECT_TRUE(matches_naive(random_tensor({2, 3}, 26), row));
  Tensor windows = random_tensor({10}, 27).unfold(0, 4, 2);  // [4, 4], overlapping rows
  EXPECT_TRUE(matches_naive(windows, random_tensor({4, 3}, 28)));
  EXPECT_TRUE(matches_naive(windows.t(), windows));
}

TEST(Matmul, StackedRowsFoldIntoOneProduct) {
  // Batched left operand against one right matrix: contiguous, stepped batch, permuted.
  Tensor w = random_tensor({5, 3}, 30);
  EXPECT_TRUE(matches_naive(random_tensor({4, 2, 5}, 31), w));
  EXPECT_TRUE(matches_naive(random_tensor({8, 2, 5}, 32).slice(0, 0, std::nullopt, 2), w));
  EXPECT_TRUE(matches_naive(random_tensor({2, 4, 5}, 33).permute({1, 0, 2}), w));
  EXPECT_TRUE(matches_naive(random_tensor({3, 4, 2, 5}, 34), w.expand({1, 5, 3})));
  EXPECT_TRUE(matches_naive(random_tensor({7, 5}, 35), w));
}

TEST(Matmul, ZeroSizedDims) {
  Tensor c = matmul(zeros({2, 0}), zeros({0, 3}));  // k = 0: a sum over nothing
  EXPECT_EQ(c.sizes(), IntList({2, 3}));
  EXPECT_TRUE(near(c, std::vector<double>(6, 0.0)));
  Tensor ci = matmul(zeros({2, 0}, kInt64), zeros({0, 3}, kInt64));
  EXPECT_EQ(ci.to_vector<int64_t>(), std::vector<int64_t>(6, 0));
  EXPECT_EQ(matmul(zeros({0, 3}), zeros({3, 4})).sizes(), IntList({0, 4}));
  EXPECT_EQ(matmul(zeros({3, 4}), zeros({4, 0})).sizes(), IntList({3, 0}));
  EXPECT_EQ(matmul(zeros({0, 2, 3}), zeros({3, 4})).sizes(), IntList({0, 2, 4}));
  EXPECT_EQ(matmul(zeros({5, 2, 3}), zeros({0, 1, 3, 4})).sizes(), IntList({0, 5, 2, 4}));
  Tensor d = matmul(zeros({0}), zeros({0}));
  EXPECT_EQ(d.dim(), 0);
  EXPECT_EQ(d.item<double>(), 0.0);
  EXPECT_TRUE(near(matmul(zeros({4, 0}), zeros({0})), {0, 0, 0, 0}));
}

TEST(Matmul, LargeProductsUseBlockedAndThreadedPaths) {
  Tensor a = random_tensor({256, 256}, 40, kFloat32), b = random_tensor({256, 256}, 41, kFloat32);
  EXPECT_TRUE(near(matmul(a, b), matmul(a.to(kFloat64), b.to(kFloat64)).to(kFloat32), 1e-4, 1e-4));
  EXPECT_TRUE(matches_naive(random_tensor({70, 90}, 42), random_tensor({90, 65}, 43), 1e-12, 1e-12));
  // Big items: run one after the other, each threaded by Eigen.
  EXPECT_TRUE(matches_naive(random_tensor({2, 70, 80}, 44), random_tensor({2, 80, 60}, 45).mT().mT()));
  EXPECT_TRUE(matches_naive(random_tensor({2, 70, 80}, 46), random_tensor({2, 60, 80}, 47).mT()));
}

TEST(Matmul, ManySmallItemsAcrossThreads) {
  Tensor a = random_tensor({3000, 3, 2}, 50), b = random_tensor({3000, 2, 4}, 51);
  Tensor c = matmul(a, b);
  EXPECT_TRUE(matches_naive(a, b));
  const int threads = get_num_threads();
  Tensor big_a = random_tensor({200, 150}, 52, kFloat32), big_b = random_tensor({150, 180}, 53, kFloat32);
  Tensor big = matmul(big_a, big_b);
  set_num_threads(1);
  Tensor serial = matmul(a, b);
  Tensor big_serial = matmul(big_a, big_b);
  set_num_threads(threads);
  EXPECT_TRUE(near(c, serial, 0, 0));
  EXPECT_TRUE(near(big, big_serial, 1e-5, 1e-5));
  // Batched items equal the per-item products.
  for (int64_t i : {0, 1, 1234, 2999}) EXPECT_TRUE(near(c.select(0, i), matmul(a.select(0, i), b.select(0, i)), 1e-14, 1e-15));
}

TEST(Matmul, Errors) {
  expect_error([] { matmul(zeros({2, 3}), zeros({4, 5})); },
               {"matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)"});
  expect_error([] { matmul(zeros({3}), zeros({4})); }, {"matmul", "[3]", "[4]"});
  expect_error([] { matmul(zeros({2, 3}), zeros({2})); }, {"matmul", "(3 != 2)"});
  expect_error([] { matmul(zeros({2, 2, 3}), zeros({3, 3, 4})); }, {"matmul", "[2, 2, 3]", "[3, 3, 4]"});
  expect_error([] { matmul(zeros({}), zeros({3})); }, {"matmul", "1-D"});
  expect_error([] { matmul(zeros({2, 2}, kFloat64), zeros({2, 2}, kFloat32)); }, {"matmul", "float64", "float32"});
  expect_error([] { matmul(zeros({2, 2}, kBool), zeros({2, 2}, kBool)); }, {"matmul", "bool"});
  EXPECT_THROW(matmul(Tensor(), zeros({2})), Error);
}

TEST(Dot, ValuesAndStrides) {
  EXPECT_DOUBLE_EQ(dot(tensor({1.0, 2.0, 3.0}), tensor({4.0, -5.0, 6.0})).item<double>(), 12.0);
  Tensor d = dot(tensor(std::vector<float>{1, 2}), tensor(std::vector<float>{3, 4}));
  EXPECT_EQ(d.dtype(), kFloat32);
  EXPECT_EQ(d.dim(), 0);
  EXPECT_FLOAT_EQ(d.item<float>(), 11.0f);
  Tensor m = random_tensor({4, 3}, 60);
  double expected = 0;
  for (int64_t i = 0; i < 4; ++i) expected += at(m, {i, 1}) * at(m, {i, 2});
  EXPECT_NEAR(dot(m.select(1, 1), m.select(1, 2)).item<double>(), expected, 1e-14);
  EXPECT_NEAR(m.select(1, 1).dot(m.select(1, 2)).item<double>(), expected, 1e-14);
  EXPECT_EQ(dot(zeros({0}), zeros({0})).item<double>(), 0.0);
}

TEST(Dot, Errors) {
  expect_error([] { dot(zeros({2, 2}), zeros({2})); }, {"dot", "[2, 2]"});
  expect_error([] { dot(zeros({3}), zeros({4})); }, {"dot", "[3]", "[4]"});
  expect_error([] { dot(zeros({3}, kFloat64), zeros({3}, kInt64)); }, {"dot", "float64", "int64"});
  expect_error([] { dot(zeros({3}, kBool), zeros({3}, kBool)); }, {"dot", "bool"});
}

TEST(Outer, ValuesShapesAndPromotion) {
  Tensor o = outer(tensor({1.0, 2.0}), tensor({3.0, 4.0, 5.0}));
  EXPECT_EQ(o.sizes(), IntList({2, 3}));
  EXPECT_TRUE(near(o, {3, 4, 5, 6, 8, 10}));
  Tensor oi = outer(tensor(std::vector<int64_t>{1, 2}), tensor({0.5, 1.0}));
  EXPECT_EQ(oi.dtype(), kFloat64);
  EXPECT_TRUE(near(oi, {0.5, 1, 1, 2}));
  expect_error([] { outer(zeros({2, 2}), zeros({2})); }, {"outer", "[2, 2]"});
}
