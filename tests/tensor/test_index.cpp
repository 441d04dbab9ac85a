// index({...}), index_put_, masked_fill, masked_select, nonzero.
// Expected values were computed with NumPy (and PyTorch's rule where they differ).
#include <string>

#include "test_util.h"

namespace tyche {
namespace {

using testing::near;
using testing::values;

std::vector<int64_t> shape(const Tensor& t) { return t.sizes().vec(); }
using S = std::vector<int64_t>;

Tensor x234() { return arange(24).reshape({2, 3, 4}); }
Tensor y2345() { return arange(120).reshape({2, 3, 4, 5}); }
Tensor mask(std::initializer_list<bool> v, IntList sizes) { return tensor(v).reshape(sizes); }

// ---------------------------------------------------------------- basic indexing
TEST(Index, Integers) {
  Tensor x = x234();
  Tensor a = x.index({1});
  EXPECT_EQ(shape(a), (S{3, 4}));
  EXPECT_TRUE(near(a, {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}));
  Tensor b = x.index({-1, 2});
  EXPECT_EQ(shape(b), (S{4}));
  EXPECT_TRUE(near(b, {20, 21, 22, 23}));
  Tensor c = x.index({0, -1, -1});
  EXPECT_EQ(c.dim(), 0);
  EXPECT_EQ(c.item<int64_t>(), 11);
  EXPECT_EQ(c.dtype(), kInt64);
}

TEST(Index, Slices) {
  Tensor x = x234();
  Tensor a = x.index({Slice(), Slice(1), Slice({}, {}, 2)});  // x[:, 1:, ::2]
  EXPECT_EQ(shape(a), (S{2, 2, 2}));
  EXPECT_TRUE(near(a, {4, 6, 8, 10, 16, 18, 20, 22}));
  Tensor b = x.index({Slice(), Slice(-2)});  // x[:, -2:]
  EXPECT_EQ(shape(b), (S{2, 2, 4}));
  EXPECT_TRUE(near(b, {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}));
  Tensor c = x.index({1, Slice({}, {}, -2), Slice(1, 3)});  // x[1, ::-2, 1:3]
  EXPECT_EQ(shape(c), (S{2, 2}));
  EXPECT_TRUE(near(c, {21, 22, 13, 14}));
  Tensor d = x.index({0, Slice(-1, -4, -1), 3});  // x[0, -1:-4:-1, 3]
  EXPECT_TRUE(near(d, {11, 7, 3}));
  Tensor e = x.index({Ellipsis, Slice({}, {}, -1)}).index({0, 0});  // x[..., ::-1][0, 0]
  EXPECT_TRUE(near(e, {3, 2, 1, 0}));
  Tensor f = x.index({Slice(5, 9)});  // out-of-range slices clamp to empty
  EXPECT_EQ(shape(f), (S{0, 3, 4}));
}

TEST(Index, NoneAndEllipsis) {
  Tensor x = x234();
  EXPECT_EQ(shape(x.index({None})), (S{1, 2, 3, 4}));
  Tensor a = x.index({Slice(), None, 1});  // x[:, None, 1]
  EXPECT_EQ(shape(a), (S{2, 1, 4}));
  EXPECT_TRUE(near(a, {4, 5, 6, 7, 16, 17, 18, 19}));
  Tensor b = x.index({0, Ellipsis, None});  // x[0, ..., None]
  EXPECT_EQ(shape(b), (S{3, 4, 1}));
  EXPECT_TRUE(near(b, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  Tensor c = x.index({Ellipsis, 1, Slice()});  // x[..., 1, :]
  EXPECT_EQ(shape(c), (S{2, 4}));
  EXPECT_TRUE(near(c, {4, 5, 6, 7, 16, 17, 18, 19}));
  EXPECT_EQ(shape(x.index({Ellipsis})), (S{2, 3, 4}));
  EXPECT_EQ(shape(x.index({Ellipsis, 0, 0, 0})), S{});
  Tensor s = scalar_tensor(5.0);
  EXPECT_EQ(shape(s.index({None})), (S{1}));
  EXPECT_EQ(s.index({Ellipsis}).item<double>(), 5.0);
}

TEST(Index, BasicIndexingReturnsAView) {
  Tensor x = x234();
  Tensor v = x.index({1, Slice(0, 2), None});
  EXPECT_TRUE(v.shares_storage(x));
  Tensor all = x.index({});
  EXPECT_TRUE(all.shares_storage(x));
  EXPECT_FALSE(all.is_same(x));
  v.fill_(-1);
  EXPECT_EQ(testing::at(x, {1, 0, 0}), -1);
}

// ---------------------------------------------------------------- advanced indexing
TEST(Index, BoolScalars) {
  Tensor x = x234();
  Tensor t = x.index({true});
  EXPECT_EQ(shape(t), (S{1, 2, 3, 4}));
  EXPECT_TRUE(near(t, values(x)));
  EXPECT_FALSE(t.shares_storage(x));
  EXPECT_EQ(shape(x.index({false})), (S{0, 2, 3, 4}));
  EXPECT_EQ(shape(x.index({scalar_tensor(true)})), (S{1, 2, 3, 4}));
}

TEST(Index, BoolMasks) {
  Tensor x = x234();
  Tensor a = x.index({mask({true, false, true, false, false, true}, {2, 3})});
  EXPECT_EQ(shape(a), (S{3, 4}));
  EXPECT_TRUE(near(a, {0, 1, 2, 3, 8, 9, 10, 11, 20, 21, 22, 23}));
  Tensor b = x.index({Slice(), tensor({false, true, true})});
  EXPECT_EQ(shape(b), (S{2, 2, 4}));
  EXPECT_TRUE(near(b, {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}));
  Tensor c = x.index({x > 20});  // a full mask selects elements in row-major order
  EXPECT_EQ(shape(c), (S{3}));
  EXPECT_TRUE(near(c, {21, 22, 23}));
  EXPECT_FALSE(c.shares_storage(x));
  EXPECT_ERROR(x.index({tensor({true, false, true})}), "index", "mask", "[3]", "[2, 3, 4]");
}

TEST(Index, MasksWithOtherIndicesAndStrides) {
  Tensor x = x234();
  Tensor a = x.index({tensor({true, false}), tensor({0, 2})});  // the mask's [1] broadcasts with [2]
  EXPECT_EQ(shape(a), (S{2, 4}));
  EXPECT_TRUE(near(a, {0, 1, 2, 3, 8, 9, 10, 11}));
  Tensor b = x.index({tensor({true, true}), Slice(), tensor({1, 3})});  // separated: result dims first
  EXPECT_EQ(shape(b), (S{2, 3}));
  EXPECT_TRUE(near(b, {1, 5, 9, 15, 19, 23}));
  Tensor xt = x.permute({2, 1, 0});  // [4, 3, 2], non-contiguous
  Tensor m = mask({true, false, false, false, true, false, false, false, false, true, false, true}, {4, 3});
  Tensor c = xt.index({m});
  EXPECT_EQ(shape(c), (S{4, 2}));
  EXPECT_TRUE(near(c, {0, 12, 5, 17, 3, 15, 11, 23}));
  Tensor d = xt.index({Slice(), mask({true, false, false, true, true, true}, {3, 2})});
  EXPECT_EQ(shape(d), (S{4, 4}));
  EXPECT_TRUE(near(d, {0, 16, 8, 20, 1, 17, 9, 21, 2, 18, 10, 22, 3, 19, 11, 23}));
}

TEST(Index, IntegerTensors) {
  Tensor x = x234();
  Tensor a = x.index({tensor({1, 0, 1})});
  EXPECT_EQ(shape(a), (S{3, 3, 4}));
  std::vector<double> expect;
  for (int64_t i : {1, 0, 1})
    for (int64_t j = 0; j < 12; ++j) expect.push_back(static_cast<double>(i * 12 + j));
  EXPECT_TRUE(near(a, expect));
  EXPECT_FALSE(a.shares_storage(x));
  Tensor b = x.index({Slice(), tensor({-1, 0})});
  EXPECT_EQ(shape(b), (S{2, 2, 4}));
  EXPECT_TRUE(near(b, {8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15}));
  Tensor c = x.index({tensor({1, 0}).to(kInt32), 2, 3});  // int32 indices work too
  EXPECT_TRUE(near(c, {23, 11}));
  Tensor d = x.index({scalar_tensor(1, kInt64), 0});  // a 0-dim index tensor drops the dim
  EXPECT_EQ(shape(d), (S{4}));
  EXPECT_TRUE(near(d, {12, 13, 14, 15}));
}

TEST(Index, BroadcastIntegerTensors) {
  Tensor x = x234();
  Tensor rows = tensor({0, 1}).reshape({2, 1});
  Tensor a = x.index({rows, tensor({0, 2})});
  EXPECT_EQ(shape(a), (S{2, 2, 4}));
  EXPECT_TRUE(near(a, {0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23}));
  Tensor b = x.index({rows, tensor({0, 2}), -1});
  EXPECT_EQ(shape(b), (S{2, 2}));
  EXPECT_TRUE(near(b, {3, 11, 15, 23}));
  EXPECT_ERROR(x.index({tensor({0, 1}), tensor({0, 1, 2})}), "index", "[2]", "[3]");
}

TEST(Index, AdjacentAdvancedIndicesStayInPlace) {
  Tensor y = y2345();
  Tensor a = y.index({Slice(), tensor({0, 2}), tensor({1, 3})});
  EXPECT_EQ(shape(a), (S{2, 2, 5}));
  EXPECT_TRUE(near(a, {5, 6, 7, 8, 9, 55, 56, 57, 58, 59, 65, 66, 67, 68, 69, 115, 116, 117, 118, 119}));
}

TEST(Index, SeparatedAdvancedIndicesGoFirst) {
  Tensor y = y2345();
  Tensor a = y.index({tensor({0, 1}), Slice(), tensor({1, 3})});
  EXPECT_EQ(shape(a), (S{2, 3, 5}));
  EXPECT_TRUE(near(a, {5,  6,  7,  8,  9,  25, 26, 27, 28, 29, 45,  46,  47,  48,  49,
                       75, 76, 77, 78, 79, 95, 96, 97, 98, 99, 115, 116, 117, 118, 119}));
  Tensor b = y.index({Slice(), tensor({0, 2}), Slice(), tensor({1, 3})});
  EXPECT_EQ(shape(b), (S{2, 2, 4}));
  EXPECT_TRUE(near(b, {1, 6, 11, 16, 61, 66, 71, 76, 43, 48, 53, 58, 103, 108, 113, 118}));
  Tensor c = y.index({tensor({0, 1}), None, tensor({0, 1})});  // None separates too
  EXPECT_EQ(shape(c), (S{2, 1, 4, 5}));
  EXPECT_EQ(testing::at(c, {0, 0, 3, 4}), 19);
  EXPECT_EQ(testing::at(c, {1, 0, 0, 0}), 80);
}

TEST(Index, IntegersAreBasicIndicesAsInPyTorch) {
  // y[1, :, [0, 2]]: PyTorch selects first, leaving one advanced index in place
  // ([3, 2, 5]); NumPy would treat 1 as advanced and give [2, 3, 5].
  Tensor a = y2345().index({1, Slice(), tensor({0, 2})});
  EXPECT_EQ(shape(a), (S{3, 2, 5}));
  EXPECT_EQ(testing::at(a, {0, 1, 0}), 70);
  EXPECT_EQ(testing::at(a, {2, 1, 4}), 114);
}

TEST(Index, NonContiguousInput) {
  Tensor xt = x234().permute({2, 1, 0});  // [4, 3, 2]
  ASSERT_FALSE(xt.is_contiguous());
  Tensor a = xt.index({tensor({1, 3}), 2});
  EXPECT_EQ(shape(a), (S{2, 2}));
  EXPECT_TRUE(near(a, {9, 21, 11, 23}));
  Tensor b = xt.index({tensor({1, 3}), Slice(), tensor({0, 1})});
  EXPECT_EQ(shape(b), (S{2, 3}));
  EXPECT_TRUE(near(b, {1, 5, 9, 15, 19, 23}));
  Tensor rev = x234().index({Slice({}, {}, -1)});  // negative strides feed the gather too
  Tensor c = rev.index({tensor({0}), 1});
  EXPECT_TRUE(near(c, {16, 17, 18, 19}));
}

TEST(Index, ZeroSize) {
  Tensor x = x234();
  Tensor a = x.index({empty({0}, kInt64)});
  EXPECT_EQ(shape(a), (S{0, 3, 4}));
  Tensor z = zeros({0, 3});
  Tensor b = z.index({Slice(), tensor({1})});
  EXPECT_EQ(shape(b), (S{0, 1}));
  EXPECT_EQ(shape(z.index({z > 0})), (S{0}));
  EXPECT_ERROR(z.index({tensor({0})}), "index", "out of bounds", "size 0");
}

TEST(Index, KeepsDtype) {
  Tensor f = arange(6, kFloat32).reshape({2, 3});
  EXPECT_EQ(f.index({tensor({1})}).dtype(), kFloat32);
  Tensor b = f > 2;
  Tensor sel = b.index({Slice(), tensor({0, 2})});
  EXPECT_EQ(sel.dtype(), kBool);
  EXPECT_TRUE(near(sel, {0, 0, 1, 1}));
}

TEST(Index, Errors) {
  Tensor x = x234();
  EXPECT_ERROR(x.index({2}), "index", "index 2", "dimension 0", "size 2");
  EXPECT_ERROR(x.index({0, -4}), "index", "index -4", "size 3");
  EXPECT_ERROR(x.index({0, 0, 0, 0}), "index", "too many indices", "[2, 3, 4]");
  EXPECT_ERROR(x.index({Ellipsis, Ellipsis}), "index", "ellipsis");
  EXPECT_ERROR(x.index({Slice(0, 2, 0)}), "index", "step");
  EXPECT_ERROR(x.index({tensor({0.5})}), "index", "float64");
  EXPECT_ERROR(x.index({Slice(), tensor({3})}), "index", "index 3", "dimension 1", "size 3");
  EXPECT_ERROR(x.index({tensor({0, -3})}), "index", "index -3", "size 2");
  EXPECT_ERROR(x.index({Tensor()}), "index", "undefined");
}

// ---------------------------------------------------------------- index_put_
TEST(IndexPut, BasicIndicesWriteThroughTheView) {
  Tensor x = zeros({2, 3});
  uint32_t v0 = x.version();
  x.index_put_({1, Slice(1)}, tensor({5.0, 6.0}));
  EXPECT_TRUE(near(x, {0, 0, 0, 0, 5, 6}));
  EXPECT_GT(x.version(), v0);
  x.index_put_({Slice(), 0}, 7);  // Scalar overload
  EXPECT_TRUE(near(x, {7, 0, 0, 7, 5, 6}));
  x.index_put_({Ellipsis, 2}, tensor({1.0, 1.0}), /*accumulate=*/true);
  EXPECT_TRUE(near(x, {7, 0, 1, 7, 5, 7}));
}

TEST(IndexPut, AdvancedIndices) {
  Tensor a = zeros({5});
  uint32_t v0 = a.version();
  a.index_put_({tensor({0, 2, -1})}, tensor({1.0, 2.0, 3.0}));
  EXPECT_TRUE(near(a, {1, 0, 2, 0, 3}));
  EXPECT_GT(a.version(), v0);
  Tensor x = arange(6).reshape({2, 3});
  x.index_put_({x > 2}, 0);
  EXPECT_TRUE(near(x, {0, 1, 2, 0, 0, 0}));
  EXPECT_EQ(x.dtype(), kInt64);
}

TEST(IndexPut, AccumulateRepeatedIndices) {
  Tensor a = zeros({5});
  a.index_put_({tensor({0, 1, 0, 3, 0})}, tensor({1.0, 2.0, 3.0, 4.0, 5.0}), true);
  EXPECT_TRUE(near(a, {9, 2, 0, 4, 0}));
  Tensor b = zeros({3, 3});
  b.index_put_({tensor({0, 0, 2}), tensor({1, 1, 0})}, scalar_tensor(1.0), true);  // value broadcasts
  EXPECT_TRUE(near(b, {0, 2, 0, 0, 0, 0, 1, 0, 0}));
  Tensor c = zeros({3});
  c.index_put_({tensor({1, 1})}, tensor({4.0, 9.0}));  // without accumulate the last write wins
  EXPECT_TRUE(near(c, {0, 9, 0}));
}

TEST(IndexPut, SeparatedIndicesAndBroadcastValue) {
  Tensor y = zeros({2, 3, 4, 5});
  // y[[0, 1], :, [1, 3]] has shape [2, 3, 5]; the value [2, 3, 1] broadcasts over the last dim.
  y.index_put_({tensor({0, 1}), Slice(), tensor({1, 3})}, arange(6, kFloat32).reshape({2, 3, 1}));
  EXPECT_EQ(testing::at(y, {0, 1, 1, 0}), 1);
  EXPECT_EQ(testing::at(y, {1, 2, 3, 4}), 5);
  EXPECT_EQ(testing::at(y, {1, 2, 1, 4}), 0);
  EXPECT_EQ(testing::at(y, {0, 2, 3, 4}), 0);
  double total = 0;
  for (double v : values(y)) total += v;
  EXPECT_EQ(total, 5.0 * (0 + 1 + 2 + 3 + 4 + 5));
}

TEST(IndexPut, NonContiguousSelf) {
  Tensor base = zeros({3, 2});
  Tensor t = base.t();  // [2, 3], a view
  t.index_put_({tensor({1}), tensor({2})}, scalar_tensor(4.0));
  EXPECT_EQ(testing::at(base, {2, 1}), 4);
}

TEST(IndexPut, ConvertsValueDtype) {
  Tensor x = zeros({3}, kFloat32);
  x.index_put_({tensor({1})}, tensor({2}));  // int64 value into float32
  EXPECT_TRUE(near(x, {0, 2, 0}));
  EXPECT_EQ(x.dtype(), kFloat32);
  Tensor i = zeros({3}, kInt64);
  i.index_put_({tensor({0})}, tensor({2.75}));  // assignment converts like copy_
  EXPECT_TRUE(near(i, {2, 0, 0}));
  EXPECT_ERROR(i.index_put_({tensor({0})}, tensor({2.5}), true), "index_put_", "float64", "int64");
}

TEST(IndexPut, ValueAliasingSelf) {
  Tensor a = tensor({1.0, 2.0, 3.0});
  a.index_put_({tensor({1, 0})}, a.index({Slice(0, 2)}));  // a[[1, 0]] = a[0:2]
  EXPECT_TRUE(near(a, {2, 1, 3}));
}

TEST(IndexPut, Errors) {
  Tensor x = zeros({2, 3});
  EXPECT_ERROR(x.index_put_({tensor({0, 1})}, zeros({2, 2})), "index_put_", "[2, 2]", "[2, 3]");
  EXPECT_ERROR(x.index_put_({0}, zeros({2})), "index_put_", "[2]", "[3]");
  EXPECT_ERROR(x.index_put_({tensor({2})}, scalar_tensor(1.0)), "index_put_", "index 2", "size 2");
  EXPECT_ERROR(x.index_put_({tensor({0})}, Tensor()), "index_put_", "undefined");
  EXPECT_TRUE(near(x, {0, 0, 0, 0, 0, 0}));  // a failed put leaves self untouched
}

// ---------------------------------------------------------------- masks and nonzero
TEST(Masked, Fill) {
  Tensor x = arange(6, kFloat64).reshape({2, 3});
  Tensor m = tensor({true, false, true});  // broadcasts over rows
  Tensor y = masked_fill(x, m, -1.5);
  EXPECT_TRUE(near(y, {-1.5, 1, -1.5, -1.5, 4, -1.5}));
  EXPECT_TRUE(near(x, {0, 1, 2, 3, 4, 5}));
  Tensor z = masked_fill(tensor({1.0, 2.0}), mask({true, false, false, false}, {2, 2}), 9);  // broadcasts x
  EXPECT_EQ(shape(z), (S{2, 2}));
  EXPECT_TRUE(near(z, {9, 2, 1, 2}));
  uint32_t v0 = x.version();
  x.masked_fill_(x > 3, 0);
  EXPECT_TRUE(near(x, {0, 1, 2, 3, 0, 0}));
  EXPECT_GT(x.version(), v0);
  Tensor i = arange(3);
  i.masked_fill_(tensor({false, true, false}), 2.9);  // converted to the tensor's dtype
  EXPECT_TRUE(near(i, {0, 2, 2}));
  EXPECT_ERROR(x.masked_fill_(tensor({1, 0, 1}), 0), "masked_fill_", "bool", "int64");
  EXPECT_ERROR(x.masked_fill_(mask({true, false, true, false}, {2, 2}), 0), "masked_fill_", "[2, 2]", "[2, 3]");
  EXPECT_ERROR(x.masked_fill_(tensor({true, false, true}).expand({4, 3}), 0), "masked_fill_", "[4, 3]");
  EXPECT_ERROR(masked_fill(x, tensor({0.0}), 1), "masked_fill", "bool");
  EXPECT_ERROR(i.masked_fill_(tensor({true, false, false}), NAN), "masked_fill_", "nan", "int64");
  EXPECT_ERROR(i.masked_fill_(tensor({true, false, false}), 1e30), "masked_fill_", "overflow");
  EXPECT_ERROR(i.index_put_({0}, INFINITY), "index_put_", "inf", "int64");
}

TEST(Masked, Select) {
  Tensor x = arange(6).reshape({2, 3});
  Tensor s = masked_select(x, tensor({true, false, true}));
  EXPECT_EQ(shape(s), (S{4}));
  EXPECT_TRUE(near(s, {0, 2, 3, 5}));
  EXPECT_EQ(s.dtype(), kInt64);
  Tensor t = masked_select(x.t(), x.t() >= 4);  // non-contiguous: x.t() = [[0,3],[1,4],[2,5]]
  EXPECT_TRUE(near(t, {4, 5}));
  EXPECT_EQ(shape(masked_select(scalar_tensor(3.0), scalar_tensor(true))), (S{1}));
  EXPECT_EQ(shape(masked_select(x, x > 10)), (S{0}));
  EXPECT_ERROR(masked_select(x, tensor({true, false})), "masked_select", "[2, 3]", "[2]");
}

TEST(Nonzero, Coordinates) {
  Tensor x = tensor({{0.0, 1.5, 0.0}, {-2.0, 0.0, 3.0}});
  Tensor nz = nonzero(x);
  EXPECT_EQ(shape(nz), (S{3, 2}));
  EXPECT_EQ(nz.dtype(), kInt64);
  EXPECT_TRUE(near(nz, {0, 1, 1, 0, 1, 2}));
  Tensor t = nonzero(x.t());  // x.t() = [[0, -2], [1.5, 0], [0, 3]]
  EXPECT_TRUE(near(t, {0, 1, 1, 0, 2, 1}));
  EXPECT_EQ(shape(nonzero(zeros({2, 0, 3}))), (S{0, 3}));
  EXPECT_EQ(shape(nonzero(scalar_tensor(2.0))), (S{1, 0}));
  EXPECT_TRUE(near(nonzero(tensor({false, true, true})), {1, 2}));
}

}  // namespace
}  // namespace tyche
