// cat, stack, split, chunk, unbind (joining and splitting) and the copying
// shape ops flip, repeat, tril, triu, diag_embed. Expected values from NumPy.
#include <string>

#include "test_util.h"

namespace tyche {
namespace {

using testing::near;
using testing::values;
using S = std::vector<int64_t>;
std::vector<int64_t> shape(const Tensor& t) { return t.sizes().vec(); }

Tensor x23() { return arange(6).reshape({2, 3}); }

// ---------------------------------------------------------------- cat
TEST(Cat, AlongEachDim) {
  Tensor a = x23(), b = arange(6, 9).reshape({1, 3});
  Tensor r0 = cat({a, b});
  EXPECT_EQ(shape(r0), (S{3, 3}));
  EXPECT_TRUE(near(r0, {0, 1, 2, 3, 4, 5, 6, 7, 8}));
  Tensor c = arange(10, 14).reshape({2, 2});
  Tensor r1 = cat({a, c}, -1);
  EXPECT_EQ(shape(r1), (S{2, 5}));
  EXPECT_TRUE(near(r1, {0, 1, 2, 10, 11, 3, 4, 5, 12, 13}));
  EXPECT_FALSE(r1.shares_storage(a));
}

TEST(Cat, NonContiguousInputsAndPromotion) {
  Tensor a = x23().t();                    // [3, 2] int64, non-contiguous
  Tensor b = ones({3, 1}, kFloat32);
  Tensor r = cat({a, b}, 1);
  EXPECT_EQ(r.dtype(), kFloat32);          // int64 + float32 -> float32, as PyTorch
  EXPECT_TRUE(near(r, {0, 3, 1, 1, 4, 1, 2, 5, 1}));
  EXPECT_EQ(cat({tensor({true}), tensor({2})}).dtype(), kInt64);
}

TEST(Cat, EmptyTensors) {
  Tensor a = x23();
  Tensor r = cat({empty({0}, kFloat64), a, empty({0})});  // 1-D empties are skipped (PyTorch)
  EXPECT_EQ(shape(r), (S{2, 3}));
  EXPECT_EQ(r.dtype(), kFloat64);
  EXPECT_TRUE(near(r, values(a)));
  Tensor z = cat({zeros({2, 0}), a}, 1);   // zero-size along dim joins normally
  EXPECT_TRUE(near(z, values(a)));
  EXPECT_EQ(shape(cat({empty({0}), empty({0})})), (S{0}));
  EXPECT_EQ(shape(cat({zeros({0, 3}), zeros({0, 3})})), (S{0, 3}));
}

TEST(Cat, SplitIdentity) {
  Tensor x = arange(24, kFloat32).reshape({2, 3, 4});
  for (int64_t d = -3; d < 3; ++d) EXPECT_TRUE(near(cat(split(x, 2, d), d), x)) << "dim " << d;
  EXPECT_TRUE(near(cat(split(x, std::vector<int64_t>{1, 0, 3}, 2), 2), x));
  EXPECT_TRUE(near(cat(chunk(x, 3, 1), 1), x));
  EXPECT_TRUE(near(stack(unbind(x, 1), 1), x));
}

TEST(Cat, Errors) {
  EXPECT_ERROR(cat({}), "cat", "non-empty");
  EXPECT_ERROR(cat({x23(), zeros({2, 2})}), "cat", "dimension 0", "[2, 3]", "[2, 2]");
  EXPECT_ERROR(cat({x23(), zeros({3})}), "cat", "[2, 3]", "[3]");
  EXPECT_ERROR(cat({scalar_tensor(1.0), scalar_tensor(2.0)}), "cat", "zero-dimensional");
  EXPECT_ERROR(cat({x23(), x23()}, 2), "cat", "dim 2");
  EXPECT_ERROR(cat({x23(), Tensor()}), "cat", "undefined");
}

// ---------------------------------------------------------------- stack
TEST(Stack, InsertsADim) {
  Tensor a = tensor({1.0, 2.0}), b = tensor({3.0, 4.0});
  Tensor s0 = stack({a, b});
  EXPECT_EQ(shape(s0), (S{2, 2}));
  EXPECT_TRUE(near(s0, {1, 2, 3, 4}));
  Tensor s1 = stack({a, b}, -1);
  EXPECT_EQ(shape(s1), (S{2, 2}));
  EXPECT_TRUE(near(s1, {1, 3, 2, 4}));
  Tensor sc = stack({scalar_tensor(1.0), scalar_tensor(2.0), scalar_tensor(3.0)});
  EXPECT_EQ(shape(sc), (S{3}));
  EXPECT_EQ(shape(stack({zeros({0}), zeros({0})}, 1)), (S{0, 2}));
  EXPECT_ERROR(stack({a, tensor({1.0})}), "stack", "[2]", "[1]", "entry 1");
  EXPECT_ERROR(stack({a, b}, 2), "stack", "dim 2");
  EXPECT_ERROR(stack({}), "stack", "non-empty");
}

// ---------------------------------------------------------------- split, chunk, unbind
TEST(Split, BySizeReturnsViews) {
  Tensor x = arange(10).reshape({5, 2});
  auto parts = split(x, 2);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(shape(parts[2]), (S{1, 2}));
  EXPECT_TRUE(near(parts[1], {4, 5, 6, 7}));
  for (const Tensor& p : parts) EXPECT_TRUE(p.shares_storage(x));
  parts[2].fill_(-1);
  EXPECT_EQ(testing::at(x, {4, 1}), -1);
  EXPECT_EQ(split(x, 7).size(), 1u);
  auto empty_parts = split(zeros({0, 2}), 3);
  ASSERT_EQ(empty_parts.size(), 1u);
  EXPECT_EQ(shape(empty_parts[0]), (S{0, 2}));
}

TEST(Split, BySizes) {
  Tensor x = arange(10).reshape({2, 5});
  auto parts = split(x, std::vector<int64_t>{3, 0, 2}, -1);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_TRUE(near(parts[0], {0, 1, 2, 5, 6, 7}));
  EXPECT_EQ(shape(parts[1]), (S{2, 0}));
  EXPECT_TRUE(near(parts[2], {3, 4, 8, 9}));
  EXPECT_ERROR(split(x, std::vector<int64_t>{2, 2}, 1), "split", "[2, 2]", "sum to 5");
  EXPECT_ERROR(split(x, std::vector<int64_t>{6, -1}, 1), "split", "non-negative");
  EXPECT_ERROR(split(x, 0, 1), "split", "positive");
  EXPECT_ERROR(split(scalar_tensor(1.0), 1), "split", "0-dim");
  EXPECT_ERROR(split(x, 1, 2), "split", "dim 2");
}

TEST(Chunk, Pieces) {
  Tensor x = arange(5);
  auto c = chunk(x, 4);  // ceil(5 / 4) = 2 per piece -> only 3 pieces, as PyTorch
  ASSERT_EQ(c.size(), 3u);
  EXPECT_TRUE(near(c[2], {4}));
  auto even = chunk(arange(6).reshape({2, 3}), 3, 1);
  ASSERT_EQ(even.size(), 3u);
  EXPECT_TRUE(near(even[1], {1, 4}));
  EXPECT_TRUE(even[1].shares_storage(even[0]));
  auto e = chunk(zeros({0}), 3);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(shape(e[0]), (S{0}));
  EXPECT_ERROR(chunk(x, 0), "chunk", "positive");
}

TEST(Unbind, ViewsAlongDim) {
  Tensor x = arange(6).reshape({2, 3});
  auto cols = unbind(x, -1);
  ASSERT_EQ(cols.size(), 3u);
  EXPECT_EQ(shape(cols[0]), (S{2}));
  EXPECT_TRUE(near(cols[2], {2, 5}));
  EXPECT_TRUE(cols[2].shares_storage(x));
  EXPECT_EQ(unbind(zeros({0, 3})).size(), 0u);
  EXPECT_ERROR(unbind(scalar_tensor(1.0)), "unbind", "0-dim");
}

// ---------------------------------------------------------------- flip, repeat
TEST(Flip, Values) {
  Tensor x = x23();
  Tensor f0 = flip(x, {0});
  EXPECT_TRUE(near(f0, {3, 4, 5, 0, 1, 2}));
  EXPECT_FALSE(f0.shares_storage(x));
  EXPECT_TRUE(f0.is_contiguous());
  EXPECT_TRUE(near(flip(x, {0, 1}), {5, 4, 3, 2, 1, 0}));
  Tensor f = flip(arange(24).reshape({2, 3, 4}), {-1}).index({1});
  EXPECT_TRUE(near(f, {15, 14, 13, 12, 19, 18, 17, 16, 23, 22, 21, 20}));
  EXPECT_TRUE(near(flip(x.t(), {0}), {2, 5, 1, 4, 0, 3}));  // non-contiguous input
  EXPECT_TRUE(near(flip(x, {}), values(x)));
  EXPECT_EQ(shape(flip(zeros({0, 2}), {0})), (S{0, 2}));
  EXPECT_ERROR(flip(x, {1, -1}), "flip", "dim 1", "multiple");
  EXPECT_ERROR(flip(x, {2}), "flip", "dim 2");
}

TEST(Repeat, Tiles) {
  Tensor r = repeat(tensor({1, 2, 3}), {2, 2});
  EXPECT_EQ(shape(r), (S{2, 6}));
  EXPECT_TRUE(near(r, {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}));
  Tensor r2 = repeat(arange(4).reshape({2, 2}), {2, 1, 2});
  EXPECT_EQ(shape(r2), (S{2, 2, 4}));
  EXPECT_TRUE(near(r2, {0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3}));
  Tensor rt = repeat(x23().t(), {1, 2});  // [3, 4] from a non-contiguous input
  EXPECT_TRUE(near(rt, {0, 3, 0, 3, 1, 4, 1, 4, 2, 5, 2, 5}));
  EXPECT_EQ(shape(repeat(x23(), {0, 2})), (S{0, 6}));
  Tensor s = repeat(scalar_tensor(7.0), {3});
  EXPECT_TRUE(near(s, {7, 7, 7}));
  EXPECT_EQ(repeat(x23(), {1, 1}).dtype(), kInt64);
  EXPECT_ERROR(repeat(x23(), {2}), "repeat", "[2]", "[2, 3]");
  EXPECT_ERROR(repeat(x23(), {1, -1}), "repeat", "non-negative");
}

// ---------------------------------------------------------------- tril, triu, diag_embed
TEST(Triangle, TrilTriuWithOffsets) {
  Tensor m = arange(1, 13).reshape({3, 4});
  EXPECT_TRUE(near(tril(m), {1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0}));
  EXPECT_TRUE(near(triu(m), {1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12}));
  EXPECT_TRUE(near(tril(m, 1), {1, 2, 0, 0, 5, 6, 7, 0, 9, 10, 11, 12}));
  EXPECT_TRUE(near(triu(m, 1), {0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12}));
  EXPECT_TRUE(near(tril(m, -1), {0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0}));
  EXPECT_TRUE(near(triu(m, -1), {1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12}));
  EXPECT_TRUE(near(tril(m, 100), values(m)));
  EXPECT_TRUE(near(triu(m, -100), values(m)));
  EXPECT_TRUE(near(tril(m, -100), std::vector<double>(12, 0.0)));
  EXPECT_TRUE(near(triu(m, INT64_MAX), std::vector<double>(12, 0.0)));
  EXPECT_EQ(tril(m).dtype(), kInt64);
}

TEST(Triangle, BatchedAndNonContiguous) {
  Tensor b = arange(18, kFloat32).reshape({2, 3, 3});
  Tensor l = tril(b);
  EXPECT_EQ(l.dtype(), kFloat32);
  EXPECT_TRUE(near(l, {0, 0, 0, 3, 4, 0, 6, 7, 8, 9, 0, 0, 12, 13, 0, 15, 16, 17}));
  EXPECT_TRUE(near(triu(b, -1), {0, 1, 2, 3, 4, 5, 0, 7, 8, 9, 10, 11, 12, 13, 14, 0, 16, 17}));
  // triu of the transpose is the transpose of tril.
  EXPECT_TRUE(near(triu(b.mT()), tril(b).mT()));
  Tensor bools = ones({2, 2}, kBool);
  EXPECT_TRUE(near(tril(bools), {1, 0, 1, 1}));
  EXPECT_EQ(shape(tril(zeros({2, 0, 3}))), (S{2, 0, 3}));
  EXPECT_EQ(shape(triu(zeros({3, 0}))), (S{3, 0}));
  EXPECT_ERROR(tril(tensor({1.0, 2.0})), "tril", "[2]");
  EXPECT_ERROR(triu(scalar_tensor(1.0)), "triu", ">= 2 dims");
}

TEST(DiagEmbed, BatchedDiagonals) {
  Tensor d = diag_embed(tensor({{1.0, 2.0}, {3.0, 4.0}}));
  EXPECT_EQ(shape(d), (S{2, 2, 2}));
  EXPECT_TRUE(near(d, {1, 0, 0, 2, 3, 0, 0, 4}));
  Tensor i = diag_embed(tensor({1, 2, 3}));
  EXPECT_EQ(i.dtype(), kInt64);
  EXPECT_TRUE(near(i, {1, 0, 0, 0, 2, 0, 0, 0, 3}));
  EXPECT_TRUE(near(diag_embed(x23().t()), {0, 0, 0, 3, 1, 0, 0, 4, 2, 0, 0, 5}));
  EXPECT_EQ(shape(diag_embed(zeros({0}))), (S{0, 0}));
  EXPECT_ERROR(diag_embed(scalar_tensor(1.0)), "diag_embed", "0-dim");
}

}  // namespace
}  // namespace tyche
