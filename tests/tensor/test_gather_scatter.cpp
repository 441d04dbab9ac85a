// index_select, gather, scatter, scatter_add, index_add (PyTorch semantics;
// expected values computed with NumPy's take_along_axis / add.at).
#include <string>

#include "test_util.h"

namespace tyche {
namespace {

using testing::near;
using testing::values;
using S = std::vector<int64_t>;
std::vector<int64_t> shape(const Tensor& t) { return t.sizes().vec(); }
Tensor ints(std::initializer_list<int> v, IntList sizes) { return tensor(v).reshape(sizes); }

Tensor x34() { return arange(12).reshape({3, 4}); }

// ---------------------------------------------------------------- index_select
TEST(IndexSelect, Rows) {
  Tensor r = index_select(x34(), 0, tensor({2, 0, 2}));
  EXPECT_EQ(shape(r), (S{3, 4}));
  EXPECT_TRUE(near(r, {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}));
  EXPECT_EQ(r.dtype(), kInt64);
}

TEST(IndexSelect, ColumnsNegativeDimAndInt32Index) {
  Tensor r = index_select(x34(), -1, tensor({3, 1}).to(kInt32));
  EXPECT_EQ(shape(r), (S{3, 2}));
  EXPECT_TRUE(near(r, {3, 1, 7, 5, 11, 9}));
}

TEST(IndexSelect, NonContiguousAndZeroSize) {
  Tensor xt = x34().t();  // [4, 3]
  EXPECT_TRUE(near(index_select(xt, 0, tensor({1})), {1, 5, 9}));
  Tensor f = arange(6, kFloat32).reshape({2, 3});
  Tensor e = index_select(f, 1, empty({0}, kInt64));
  EXPECT_EQ(shape(e), (S{2, 0}));
  EXPECT_EQ(e.dtype(), kFloat32);
  Tensor one = index_select(f, 0, scalar_tensor(1, kInt64));  // a 0-dim index keeps the dim
  EXPECT_EQ(shape(one), (S{1, 3}));
  EXPECT_TRUE(near(one, {3, 4, 5}));
}

TEST(IndexSelect, Errors) {
  Tensor x = x34();
  EXPECT_ERROR(index_select(x, 0, tensor({3})), "index_select", "index 3", "dimension 0", "size 3");
  EXPECT_ERROR(index_select(x, 0, tensor({-1})), "index_select", "index -1", "size 3");
  EXPECT_ERROR(index_select(x, 0, tensor(std::vector<int64_t>{INT64_MAX})), "index_select", "index 9223372036854775807");
  EXPECT_ERROR(index_select(x, 0, tensor({0.0})), "index_select", "float64");
  EXPECT_ERROR(index_select(x, 0, ints({0, 1}, {1, 2})), "index_select", "[1, 2]");
  EXPECT_ERROR(index_select(x, 2, tensor({0})), "index_select", "dim 2");
}

// Large enough that the offset builder and the gather kernel run on several threads.
TEST(IndexSelect, LargeInputs) {
  const int64_t n = 100000;
  Tensor x = arange(2 * n).reshape({n, 2});
  Tensor rev = arange(n - 1, -1, -1);
  Tensor r = index_select(x, 0, rev);
  EXPECT_EQ(testing::at(r, {0, 0}), 2 * (n - 1));
  EXPECT_EQ(testing::at(r, {n - 1, 1}), 1);
  EXPECT_EQ(testing::at(r, {12345, 1}), 2 * (n - 1 - 12345) + 1);
  Tensor g = gather(x, 1, tensor({1, 0}).expand({n, 2}));  // a stride-0 index swaps the columns
  EXPECT_EQ(testing::at(g, {7, 0}), 15);   // index 1 picks the odd column
  EXPECT_EQ(testing::at(g, {7, 1}), 14);   // index 0 the even one
  Tensor bad = rev.clone();
  bad.index_put_({n - 3}, scalar_tensor(n, kInt64));
  EXPECT_ERROR(index_select(x, 0, bad), "index_select", "index 100000", "size 100000");
}

// ---------------------------------------------------------------- gather
TEST(Gather, AlongEachDim) {
  Tensor g1 = gather(x34(), 1, ints({0, 3, 1, 1, 2, 0}, {3, 2}));
  EXPECT_EQ(shape(g1), (S{3, 2}));
  EXPECT_TRUE(near(g1, {0, 3, 5, 5, 10, 8}));
  Tensor g0 = gather(x34(), 0, ints({2, 0, 1, 2}, {1, 4}));
  EXPECT_TRUE(near(g0, {8, 1, 6, 11}));
  Tensor small = gather(x34(), 0, ints({1, 2}, {2, 1}));  // index smaller than input in dim 1
  EXPECT_EQ(shape(small), (S{2, 1}));
  EXPECT_TRUE(near(small, {4, 8}));
}

TEST(Gather, NonContiguousAndScalar) {
  Tensor g = gather(x34().t(), 1, ints({2, 0, 1, 1, 0, 2, 2, 2}, {4, 2}));
  EXPECT_TRUE(near(g, {8, 0, 5, 5, 2, 10, 11, 11}));
  Tensor s = gather(scalar_tensor(5.0), 0, scalar_tensor(0, kInt64));
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.item<double>(), 5.0);
  EXPECT_EQ(shape(gather(x34(), 1, empty({3, 0}, kInt64))), (S{3, 0}));
}

TEST(Gather, Errors) {
  Tensor x = x34();
  EXPECT_ERROR(gather(x, 1, ints({0, 4}, {1, 2})), "gather", "index 4", "dimension 1", "size 4");
  EXPECT_ERROR(gather(x, 1, ints({-1}, {1, 1})), "gather", "index -1");
  EXPECT_ERROR(gather(x, 1, tensor({0, 1})), "gather", "number of dims", "[2]", "[3, 4]");
  EXPECT_ERROR(gather(x, 1, zeros({4, 1}, kInt64)), "gather", "[4, 1]", "[3, 4]");
  EXPECT_ERROR(gather(x, 0, zeros({1, 1}, kFloat32)), "gather", "float32");
}

// ---------------------------------------------------------------- scatter / scatter_add
TEST(Scatter, WritesSourceElements) {
  Tensor src = arange(15).reshape({3, 5}) * 10;  // only the [2, 2] corner takes part
  Tensor r = scatter(zeros({3, 4}), 1, ints({1, 0, 3, 2}, {2, 2}), src);
  EXPECT_TRUE(near(r, {10, 0, 0, 0, 0, 0, 60, 50, 0, 0, 0, 0}));
  EXPECT_EQ(r.dtype(), kFloat32);  // self's dtype; the int64 source is converted
}

TEST(Scatter, RoundTripsGather) {
  Tensor x = x34();
  Tensor perm = ints({3, 2, 1, 0, 0, 1, 2, 3, 1, 0, 3, 2}, {3, 4});
  Tensor g = gather(x, 1, perm);
  Tensor back = scatter(zeros_like(x), 1, perm, g);
  EXPECT_TRUE(near(back, x));
  Tensor perm0 = ints({2, 0, 1, 1, 1, 2, 0, 2, 0, 1, 2, 0}, {3, 4});
  EXPECT_TRUE(near(scatter(zeros_like(x), 0, perm0, gather(x, 0, perm0)), x));
}

TEST(Scatter, InPlaceBumpsVersionAndHandlesAliasing) {
  Tensor a = tensor({1.0, 2.0, 3.0});
  uint32_t v0 = a.version();
  a.scatter_(0, tensor({2, 0, 1}), a);  // a[idx[i]] = a_old[i]
  EXPECT_TRUE(near(a, {2, 3, 1}));
  EXPECT_GT(a.version(), v0);
  Tensor m = zeros({4, 3});
  m.t().scatter_(1, ints({3, 0}, {1, 2}), ones({1, 2}));  // writes through a transposed view
  EXPECT_TRUE(near(m, {1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}));  // m[0][0] and m[3][0]
  Tensor scalar = scalar_tensor(1.0);
  scalar.scatter_(0, scalar_tensor(0, kInt64), scalar_tensor(4.0));
  EXPECT_EQ(scalar.item<double>(), 4.0);
}

TEST(ScatterAdd, RepeatedIndicesAccumulate) {
  Tensor r = scatter_add(zeros({3}), 0, tensor({0, 0, 2, 0}), tensor({1.0, 2.0, 3.0, 4.0}));
  EXPECT_TRUE(near(r, {7, 0, 3}));
  Tensor two = scatter_add(zeros({2, 3}), 1, ints({0, 1, 0, 2, 2, 2}, {2, 3}), ones({2, 3}));
  EXPECT_TRUE(near(two, {2, 1, 0, 0, 0, 3}));
  Tensor acc = ones({3}, kInt64);
  acc.scatter_add_(0, tensor({1, 1}), tensor({5, 6}));
  EXPECT_TRUE(near(acc, {1, 12, 1}));
}

TEST(Scatter, Errors) {
  Tensor x = zeros({3, 4});
  EXPECT_ERROR(scatter(x, 1, ints({4}, {1, 1}), ones({1, 1})), "scatter", "index 4", "dimension 1", "size 4");
  EXPECT_ERROR(scatter(x, 0, ints({0, 1}, {1, 2}), ones({1, 1})), "scatter", "source", "[1, 2]", "[1, 1]");
  EXPECT_ERROR(scatter(x, 0, ints({0}, {1}), ones({1})), "scatter", "number of dims");
  Tensor i = zeros({3}, kInt64);
  EXPECT_ERROR(i.scatter_add_(0, tensor({0}), tensor({1.5})), "scatter_add_", "float64", "int64");
  EXPECT_ERROR(i.scatter_(0, tensor({0}), Tensor()), "scatter_", "undefined");
  EXPECT_TRUE(near(i, {0, 0, 0}));
}

// ---------------------------------------------------------------- index_add
TEST(IndexAdd, RowsAndColumns) {
  Tensor src = tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  Tensor r = index_add(zeros({3, 2}), 0, tensor({0, 2, 0}), src);
  EXPECT_TRUE(near(r, {6, 8, 0, 0, 3, 4}));
  Tensor c = index_add(zeros({2, 4}), -1, tensor({3, 0, 3}), arange(6, kFloat64).reshape({2, 3}));
  EXPECT_TRUE(near(c, {1, 0, 0, 2, 4, 0, 0, 8}));
}

TEST(IndexAdd, InPlaceNonContiguousRoundTrip) {
  // index_add of index_select with a permutation restores x.
  Tensor x = arange(12, kFloat64).reshape({3, 4}).t();  // [4, 3], non-contiguous
  Tensor perm = tensor({2, 0, 3, 1});
  Tensor out = zeros({4, 3}, kFloat64).t().t();
  uint32_t v0 = out.version();
  out.index_add_(0, perm, index_select(x, 0, perm));
  EXPECT_TRUE(near(out, x));
  EXPECT_GT(out.version(), v0);
}

TEST(IndexAdd, Errors) {
  Tensor x = zeros({3, 2});
  EXPECT_ERROR(index_add(x, 0, tensor({0, 3}), ones({2, 2})), "index_add", "index 3", "size 3");
  EXPECT_ERROR(index_add(x, 0, tensor({0, 1}), ones({3, 2})), "index_add", "[3, 2]", "2 indices");
  EXPECT_ERROR(index_add(x, 0, tensor({0}), ones({1, 3})), "index_add", "[1, 3]", "[3, 2]");
  EXPECT_ERROR(index_add(x, 0, tensor({0.0}), ones({1, 2})), "index_add", "float64");
}

}  // namespace
}  // namespace tyche
