// Views share storage and follow PyTorch's shape rules; reshape copies only when it must.
#include "test_util.h"

using namespace tyche;
using tyche::testing::near;
using tyche::testing::values;

namespace {
Tensor grid(IntList shape) { return arange(numel_of(shape), kFloat64).reshape(shape); }
}  // namespace

TEST(View, ReshapeSharesStorageWhenContiguous) {
  Tensor a = grid({2, 3, 4});
  Tensor b = a.reshape({6, 4});
  EXPECT_TRUE(b.shares_storage(a));
  EXPECT_EQ(b.sizes(), IntList({6, 4}));
  Tensor c = a.view({-1, 12});
  EXPECT_EQ(c.sizes(), IntList({2, 12}));
  EXPECT_TRUE(near(c, values(a)));
}

TEST(View, ReshapeOfTransposedCopies) {
  Tensor a = grid({3, 4}).t();
  EXPECT_FALSE(a.is_contiguous());
  EXPECT_THROW(a.view({12}), Error);
  Tensor b = a.reshape({12});
  EXPECT_FALSE(b.shares_storage(a));
  EXPECT_TRUE(near(b, {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  // A transposed tensor whose merged dims stay compatible is still a view.
  Tensor base = grid({2, 3, 4});
  Tensor c = base.permute({1, 0, 2}).reshape({3, 2, 2, 2});
  EXPECT_TRUE(c.shares_storage(base));
  EXPECT_DOUBLE_EQ(tyche::testing::at(c, {2, 1, 1, 0}), tyche::testing::at(base, {1, 2, 2}));
}

TEST(View, ViewErrorsNameShapes) {
  Tensor a = grid({2, 3});
  try {
    a.view({4, 2});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("view"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("[4, 2]"), std::string::npos);
  }
  EXPECT_THROW(a.view({-1, -1}), Error);
  EXPECT_THROW(a.reshape({5, -1}), Error);
}

TEST(View, PermuteTransposeT) {
  Tensor a = grid({2, 3, 4});
  Tensor p = a.permute({2, 0, 1});
  EXPECT_EQ(p.sizes(), IntList({4, 2, 3}));
  EXPECT_EQ(p.strides(), IntList({1, 12, 4}));
  EXPECT_DOUBLE_EQ(tyche::testing::at(p, {3, 1, 2}), tyche::testing::at(a, {1, 2, 3}));
  EXPECT_EQ(a.transpose(0, -1).sizes(), IntList({4, 3, 2}));
  EXPECT_THROW(a.t(), Error);
  EXPECT_THROW(a.permute({0, 0, 1}), Error);
  EXPECT_THROW(a.permute({0, 1}), Error);
  EXPECT_THROW(a.transpose(0, 3), Error);
  EXPECT_EQ(grid({5}).t().sizes(), IntList({5}));
}

TEST(View, ExpandBroadcastTo) {
  Tensor a = grid({3, 1});
  Tensor e = a.expand({2, 3, 4});
  EXPECT_EQ(e.sizes(), IntList({2, 3, 4}));
  EXPECT_EQ(e.strides(), IntList({0, 1, 0}));
  EXPECT_DOUBLE_EQ(tyche::testing::at(e, {1, 2, 3}), 2.0);
  EXPECT_EQ(a.expand({-1, 5}).sizes(), IntList({3, 5}));
  EXPECT_THROW(a.expand({4, 4}), Error);
  EXPECT_THROW(a.expand({4}), Error);
  EXPECT_TRUE(near(e.contiguous(), e));
}

TEST(View, SqueezeUnsqueezeFlatten) {
  Tensor a = grid({1, 3, 1, 2});
  EXPECT_EQ(a.squeeze().sizes(), IntList({3, 2}));
  EXPECT_EQ(a.squeeze(0).sizes(), IntList({3, 1, 2}));
  EXPECT_EQ(a.squeeze(1).sizes(), IntList({1, 3, 1, 2}));
  EXPECT_EQ(a.squeeze(-2).sizes(), IntList({1, 3, 2}));
  EXPECT_EQ(a.unsqueeze(0).sizes(), IntList({1, 1, 3, 1, 2}));
  EXPECT_EQ(a.unsqueeze(-1).sizes(), IntList({1, 3, 1, 2, 1}));
  EXPECT_THROW(a.unsqueeze(6), Error);
  EXPECT_EQ(a.flatten().sizes(), IntList({6}));
  EXPECT_EQ(grid({2, 3, 4}).flatten(1).sizes(), IntList({2, 12}));
  EXPECT_EQ(grid({2, 3, 4}).flatten(0, 1).sizes(), IntList({6, 4}));
  EXPECT_EQ(scalar_tensor(1.0).flatten().sizes(), IntList({1}));
  EXPECT_EQ(grid({2, 12}).unflatten(1, {3, -1}).sizes(), IntList({2, 3, 4}));
}

TEST(View, SliceLikePython) {
  Tensor a = grid({10});
  EXPECT_TRUE(near(a.slice(0, 2, 8, 3), {2, 5}));
  EXPECT_TRUE(near(a.slice(0, -3), {7, 8, 9}));
  EXPECT_TRUE(near(a.slice(0, std::nullopt, -7), {0, 1, 2}));
  EXPECT_TRUE(near(a.slice(0, 20, 30), std::vector<double>{}));
  EXPECT_TRUE(near(a.slice(0, std::nullopt, std::nullopt, -3), {9, 6, 3, 0}));
  EXPECT_TRUE(near(a.slice(0, 7, 2, -2), {7, 5, 3}));
  EXPECT_TRUE(a.slice(0, 1, 5).shares_storage(a));
  EXPECT_THROW(a.slice(0, 0, 5, 0), Error);
  EXPECT_THROW(a.slice(1, 0, 5), Error);
  Tensor m = grid({4, 5}).slice(1, 1, 5, 2);
  EXPECT_TRUE(near(m, {1, 3, 6, 8, 11, 13, 16, 18}));
}

TEST(View, SelectNarrowDiagonal) {
  Tensor a = grid({3, 4});
  EXPECT_TRUE(near(a.select(0, -1), {8, 9, 10, 11}));
  EXPECT_TRUE(near(a.select(1, 2), {2, 6, 10}));
  EXPECT_TRUE(near(a[1], {4, 5, 6, 7}));
  EXPECT_THROW(a.select(0, 3), Error);
  EXPECT_THROW(a.select(2, 0), Error);
  EXPECT_TRUE(near(a.narrow(1, 1, 2), {1, 2, 5, 6, 9, 10}));
  EXPECT_THROW(a.narrow(1, 3, 2), Error);
  EXPECT_TRUE(near(a.diagonal(), {0, 5, 10}));
  EXPECT_TRUE(near(a.diagonal(1), {1, 6, 11}));
  EXPECT_TRUE(near(a.diagonal(-1), {4, 9}));
  EXPECT_TRUE(near(a.diagonal(5), std::vector<double>{}));
  Tensor b = grid({2, 2, 3});
  EXPECT_EQ(b.diagonal(0, 1, 2).sizes(), IntList({2, 2}));
  EXPECT_TRUE(near(b.diagonal(0, 1, 2), {0, 4, 6, 10}));
  EXPECT_THROW(b.diagonal(0, 1, 1), Error);
}

TEST(View, WritesThroughViewsReachTheBase) {
  Tensor a = zeros({3, 3}, kFloat64);
  a.diagonal().fill_(2.0);
  a.select(0, 0).slice(0, 1).fill_(7.0);
  EXPECT_TRUE(near(a, {2, 7, 7, 0, 2, 0, 0, 0, 2}));
  uint32_t v = a.version();
  a.add_(1.0);
  EXPECT_GT(a.version(), v);
  EXPECT_EQ(a.t().version(), a.version());  // views share the version counter
}

TEST(View, AsStridedAndUnfold) {
  Tensor a = grid({6});
  Tensor w = a.unfold(0, 3, 2);
  EXPECT_EQ(w.sizes(), IntList({2, 3}));
  EXPECT_TRUE(near(w, {0, 1, 2, 2, 3, 4}));
  Tensor s = a.as_strided({2, 2}, {3, 1}, 1);
  EXPECT_TRUE(near(s, {1, 2, 4, 5}));
  EXPECT_THROW(a.as_strided({3, 3}, {3, 1}), Error);
}

TEST(View, ContiguousCloneTo) {
  Tensor a = grid({2, 3}).t();
  Tensor c = a.contiguous();
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_TRUE(near(c, a));
  Tensor d = c.contiguous();
  EXPECT_TRUE(d.is_same(c));
  Tensor e = c.clone();
  EXPECT_FALSE(e.shares_storage(c));
  Tensor f = a.to(kFloat32);
  EXPECT_EQ(f.dtype(), kFloat32);
  EXPECT_TRUE(near(f, a));
  EXPECT_TRUE(a.to(kFloat64).is_same(a));
  EXPECT_TRUE(near(tensor({-1.7, 0.2, 2.9}).to(kInt64), {-1, 0, 2}));
  EXPECT_TRUE(near(tensor({-1.7, 0.0, 2.9}).to(kBool), {1, 0, 1}));
  EXPECT_THROW(a.to(Device::cuda(0)), Error);
}

TEST(View, ZeroSizeShapes) {
  Tensor z = zeros({0, 3});
  EXPECT_EQ(z.numel(), 0);
  EXPECT_EQ(z.reshape({3, 0}).sizes(), IntList({3, 0}));
  EXPECT_EQ(z.t().contiguous().sizes(), IntList({3, 0}));
  EXPECT_EQ(z.expand({2, 0, 3}).numel(), 0);
  EXPECT_EQ((z + 1.0).sizes(), IntList({0, 3}));
  EXPECT_THROW(z.reshape({-1, 0}), Error);
}
