// Derivatives of views, indexing, gathering, scattering and joining against
// finite differences in float64, on contiguous and non-contiguous inputs
// (x.t(), step-2 slices). Each op is linear, so each row is also checked
// squared: the second derivative of op(x)^2 differentiates the op's backward
// formula itself. Then exact values: repeated indices add up, expand sums
// over its broadcast dims, written elements get no gradient.
#include <string>
#include <vector>

#include "autograd/grad_check.h"

using namespace tyche;
using tyche::testing::expect_gradients;
using tyche::testing::near;
using tyche::testing::uniform64;

namespace {

using Xs = std::vector<Tensor>;

// Each row is checked as fn and as fn squared, to second order.
void run(const std::vector<tyche::testing::GradCase>& cases) { tyche::testing::expect_cases(cases, 2, /*squared=*/true); }

Tensor u(IntList shape, uint64_t seed) { return uniform64(shape, seed); }
Tensor ints(std::vector<int64_t> v, IntList shape) { return tensor(v, shape); }
Tensor bools(std::vector<bool> v, IntList shape) { return tensor(v, shape); }

// A non-contiguous [3, 4] view: every other column of a [3, 8] input.
Tensor strided(const Tensor& x) { return x.slice(1, 0, std::nullopt, 2); }

TEST(GradIndex, Views) {
  Tensor x = u({3, 4}, 1), x3 = u({2, 3, 4}, 2), wide = u({3, 8}, 3), v = u({6}, 4);
  run({
      {"view", [](const Xs& a) { return a[0].view({2, 6}); }, {x}},
      {"view -1", [](const Xs& a) { return a[0].view({-1}); }, {x}},
      {"reshape of transposed (copies)", [](const Xs& a) { return a[0].t().reshape({12}); }, {x}},
      {"reshape of strided", [](const Xs& a) { return strided(a[0]).reshape({2, 6}); }, {wide}},
      {"permute", [](const Xs& a) { return a[0].permute({2, 0, 1}); }, {x3}},
      {"permute of transposed", [](const Xs& a) { return a[0].transpose(0, 1).permute({1, 2, 0}); }, {x3}},
      {"transpose", [](const Xs& a) { return a[0].transpose(0, 2); }, {x3}},
      {"t", [](const Xs& a) { return a[0].t(); }, {x}},
      {"mT of strided", [](const Xs& a) { return strided(a[0]).mT(); }, {wide}},
      {"expand new dims", [](const Xs& a) { return a[0].expand({2, 3, 4}); }, {u({3, 1}, 5)}},
      {"expand -1", [](const Xs& a) { return a[0].expand({-1, 4}); }, {u({3, 1}, 6)}},
      {"expand 1-D", [](const Xs& a) { return a[0].expand({3, 4}); }, {u({4}, 7)}},
      {"expand of transposed", [](const Xs& a) { return a[0].t().expand({2, 3, 1}); }, {u({1, 3}, 8)}},
      {"expand 0-dim", [](const Xs& a) { return a[0].expand({2, 3}); }, {u({1}, 12).reshape({})}},
      {"squeeze", [](const Xs& a) { return a[0].squeeze(); }, {u({3, 1, 2, 1}, 9)}},
      {"squeeze dim", [](const Xs& a) { return a[0].squeeze(1); }, {u({3, 1, 2}, 10)}},
      {"squeeze non-1 dim", [](const Xs& a) { return a[0].squeeze(0); }, {u({3, 1, 2}, 11)}},
      {"unsqueeze", [](const Xs& a) { return a[0].unsqueeze(1); }, {x}},
      {"unsqueeze -1 of transposed", [](const Xs& a) { return a[0].t().unsqueeze(-1); }, {x}},
      {"flatten", [](const Xs& a) { return a[0].flatten(); }, {x3}},
      {"flatten(1)", [](const Xs& a) { return a[0].flatten(1); }, {x3}},
      {"flatten of transposed", [](const Xs& a) { return a[0].transpose(0, 1).flatten(0, 1); }, {x3}},
      {"unflatten", [](const Xs& a) { return a[0].unflatten(1, {2, 2}); }, {x}},
  });
}

TEST(GradIndex, SliceSelectNarrowDiagonal) {
  Tensor x = u({3, 4}, 1), x3 = u({2, 3, 4}, 2), wide = u({3, 8}, 3);
  run({
      {"slice step 2", [](const Xs& a) { return a[0].slice(1, 0, 4, 2); }, {x}},
      {"slice of transposed", [](const Xs& a) { return a[0].t().slice(0, 1, std::nullopt, 2); }, {x}},
      {"slice of strided", [](const Xs& a) { return strided(a[0]).slice(1, 1, 3); }, {wide}},
      {"slice step -1", [](const Xs& a) { return a[0].slice(1, std::nullopt, std::nullopt, -1); }, {x}},
      {"slice -1::-2", [](const Xs& a) { return a[0].slice(0, -1, std::nullopt, -2); }, {x}},
      {"slice 3:0:-2", [](const Xs& a) { return a[0].slice(1, 3, 0, -2); }, {x}},
      {"select", [](const Xs& a) { return a[0].select(1, -1); }, {x}},
      {"select middle", [](const Xs& a) { return a[0].select(1, 1); }, {x3}},
      {"select of transposed", [](const Xs& a) { return a[0].t().select(0, 2); }, {x}},
      {"operator[]", [](const Xs& a) { return a[0][1]; }, {x3}},
      {"narrow", [](const Xs& a) { return a[0].narrow(1, 1, 2); }, {x}},
      {"narrow of strided", [](const Xs& a) { return strided(a[0]).narrow(0, 1, 2); }, {wide}},
      {"diagonal", [](const Xs& a) { return a[0].diagonal(); }, {x}},
      {"diagonal +1", [](const Xs& a) { return a[0].diagonal(1); }, {x}},
      {"diagonal -1", [](const Xs& a) { return a[0].diagonal(-1); }, {x}},
      {"diagonal of transposed +2", [](const Xs& a) { return a[0].t().diagonal(-2); }, {x}},
      {"diagonal dims 1,2", [](const Xs& a) { return a[0].diagonal(0, 1, 2); }, {x3}},
      {"diagonal dims -1,0 offset 1", [](const Xs& a) { return a[0].diagonal(1, -1, 0); }, {x3}},
  });
}

TEST(GradIndex, UnfoldAsStrided) {
  Tensor v = u({6}, 1), x = u({3, 4}, 2);
  run({
      {"unfold overlapping", [](const Xs& a) { return a[0].unfold(0, 3, 1); }, {v}},
      {"unfold disjoint", [](const Xs& a) { return a[0].unfold(0, 2, 2); }, {v}},
      {"unfold with a gap", [](const Xs& a) { return a[0].unfold(0, 2, 3); }, {v}},
      {"unfold dim 1", [](const Xs& a) { return a[0].unfold(1, 3, 1); }, {x}},
      {"unfold of transposed", [](const Xs& a) { return a[0].t().unfold(0, 2, 1); }, {x}},
      {"as_strided overlapping", [](const Xs& a) { return a[0].as_strided({3, 3}, {1, 1}); }, {v}},
      {"as_strided with offset", [](const Xs& a) { return a[0].as_strided({2, 2}, {2, 1}, 1); }, {v}},
      {"as_strided transposing", [](const Xs& a) { return a[0].as_strided({2, 3}, {1, 4}); }, {x}},
      {"as_strided of a view", [](const Xs& a) { return a[0].select(0, 1).as_strided({2, 2}, {1, 1}); }, {x}},
  });
}

TEST(GradIndex, BasicIndex) {
  Tensor x = u({3, 4}, 1), x3 = u({2, 3, 4}, 2);
  run({
      {"[1]", [](const Xs& a) { return a[0].index({1}); }, {x}},
      {"[-1, 2] (0-dim)", [](const Xs& a) { return a[0].index({-1, 2}); }, {x}},
      {"[:, 1::2]", [](const Xs& a) { return a[0].index({Slice(), Slice(1, None, 2)}); }, {x}},
      {"[None, ..., 0]", [](const Xs& a) { return a[0].index({None, Ellipsis, 0}); }, {x3}},
      {"[..., ::-1]", [](const Xs& a) { return a[0].index({Ellipsis, Slice(None, None, -1)}); }, {x3}},
      {"[1, ::-2, 1:3]", [](const Xs& a) { return a[0].index({1, Slice(None, None, -2), Slice(1, 3)}); }, {x3}},
      {"[:, None, 1]", [](const Xs& a) { return a[0].index({Slice(), None, 1}); }, {x}},
      {"transposed [1:, 0]", [](const Xs& a) { return a[0].t().index({Slice(1), 0}); }, {x}},
  });
}

TEST(GradIndex, AdvancedIndex) {
  Tensor x = u({3, 4}, 1), x3 = u({2, 3, 4}, 2);
  run({
      {"int rows with repeats", [](const Xs& a) { return a[0].index({ints({0, 2, 0}, {3})}); }, {x}},
      {"int columns with repeats", [](const Xs& a) { return a[0].index({Slice(), ints({3, 3, 1}, {3})}); }, {x}},
      {"negative ints", [](const Xs& a) { return a[0].index({ints({-1, 0}, {2})}); }, {x}},
      {"pairs", [](const Xs& a) { return a[0].index({ints({0, 1, 0}, {3}), ints({3, 0, 3}, {3})}); }, {x}},
      {"2-D index tensor", [](const Xs& a) { return a[0].index({ints({0, 1, 2, 0}, {2, 2})}); }, {x}},
      {"separated advanced indices",
       [](const Xs& a) { return a[0].index({ints({1, 0}, {2}), Slice(), ints({3, 3}, {2})}); }, {x3}},
      {"int index of transposed", [](const Xs& a) { return a[0].t().index({ints({1, 1, 0}, {3})}); }, {x}},
      {"int index of strided", [](const Xs& a) { return strided(a[0]).index({Slice(), ints({2, 0}, {2})}); },
       {u({3, 8}, 3)}},
      {"bool mask 2-D",
       [](const Xs& a) { return a[0].index({bools({1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0}, {3, 4})}); }, {x}},
      {"bool rows", [](const Xs& a) { return a[0].index({bools({1, 0, 1}, {3})}); }, {x}},
      {"bool columns", [](const Xs& a) { return a[0].index({Slice(), bools({0, 1, 1, 0}, {4})}); }, {x}},
      {"0-dim index tensor", [](const Xs& a) { return a[0].index({scalar_tensor(int64_t{2}, kInt64)}); }, {x}},
      {"bool mask of transposed",
       [](const Xs& a) { return a[0].t().index({bools({1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0}, {4, 3})}); }, {x}},
  });
}

TEST(GradIndex, IndexPut) {
  Tensor x = u({3, 4}, 1);
  run({
      {"rows, no accumulate", [](const Xs& a) { return index_put(a[0], {ints({2, 0}, {2})}, a[1]); },
       {x, u({2, 4}, 2)}},
      {"rows, accumulate, repeated",
       [](const Xs& a) { return index_put(a[0], {ints({2, 0, 2}, {3})}, a[1], true); }, {x, u({3, 4}, 3)}},
      {"pairs, broadcast value",
       [](const Xs& a) { return index_put(a[0], {ints({0, 1}, {2}), ints({3, 0}, {2})}, a[1]); },
       {x, u({1}, 4)}},
      {"pairs, accumulate, repeated",
       [](const Xs& a) { return index_put(a[0], {ints({1, 1, 2}, {3}), ints({2, 2, 0}, {3})}, a[1], true); },
       {x, u({3}, 5)}},
      {"bool mask",
       [](const Xs& a) { return index_put(a[0], {bools({1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0}, {3, 4})}, a[1]); },
       {x, u({4}, 6)}},
      {"basic index", [](const Xs& a) { return index_put(a[0], {Slice(), 1}, a[1]); }, {x, u({3}, 7)}},
      {"negative indices", [](const Xs& a) { return index_put(a[0], {ints({-1, 0}, {2}), ints({-1, -4}, {2})}, a[1]); },
       {x, u({2}, 12)}},
      {"into transposed", [](const Xs& a) { return index_put(a[0].t(), {ints({3, 1}, {2})}, a[1]); },
       {x, u({2, 3}, 8)}},
      {"index_put_ into fresh zeros",
       [](const Xs& a) {
         Tensor z = zeros({3, 4}, kFloat64);
         z.index_put_({ints({2, 0}, {2})}, a[0]);
         return z;
       },
       {u({2, 4}, 9)}},
      {"index_put_ into fresh zeros, accumulate, repeated",
       [](const Xs& a) {
         Tensor z = zeros({3, 4}, kFloat64);
         z.index_put_({ints({1, 1, 2}, {3})}, a[0], /*accumulate=*/true);
         return z;
       },
       {u({3, 4}, 10)}},
      {"index_put_ into a clone of an input",
       [](const Xs& a) {
         Tensor z = a[0].clone();
         z.index_put_({Slice(), ints({0, 3}, {2})}, a[1]);
         return z;
       },
       {x, u({3, 2}, 11)}},
  });
}

TEST(GradIndex, GatherScatter) {
  Tensor x = u({3, 4}, 1);
  Tensor dup = ints({0, 0, 3, 1, 2, 1, 3, 3, 0}, {3, 3});    // repeats within rows
  Tensor uniq = ints({1, 3, 0, 2, 3, 0}, {3, 2});            // distinct within rows
  run({
      {"index_select dim 1, repeated", [](const Xs& a) { return index_select(a[0], 1, ints({3, 0, 3}, {3})); }, {x}},
      {"index_select dim 0 of transposed", [](const Xs& a) { return index_select(a[0].t(), 0, ints({2, 2}, {2})); },
       {x}},
      {"gather dim 1", [=](const Xs& a) { return gather(a[0], 1, dup); }, {x}},
      {"gather dim 0", [](const Xs& a) { return gather(a[0], 0, ints({2, 0, 1, 2, 2, 2, 0, 1}, {2, 4})); }, {x}},
      {"gather of strided", [=](const Xs& a) { return gather(strided(a[0]), 1, dup); }, {u({3, 8}, 2)}},
      {"scatter", [=](const Xs& a) { return scatter(a[0], 1, uniq, a[1]); }, {x, u({3, 2}, 3)}},
      {"scatter_add, repeated", [=](const Xs& a) { return scatter_add(a[0], 1, dup, a[1]); }, {x, u({3, 3}, 4)}},
      {"scatter_add dim 0",
       [](const Xs& a) { return scatter_add(a[0], 0, ints({2, 2, 0, 1, 0, 2, 2, 2}, {2, 4}), a[1]); },
       {x, u({2, 4}, 5)}},
      {"index_add dim 0, repeated", [](const Xs& a) { return index_add(a[0], 0, ints({2, 0, 2}, {3}), a[1]); },
       {x, u({3, 4}, 6)}},
      {"index_add dim 1", [](const Xs& a) { return index_add(a[0], 1, ints({1, 1}, {2}), a[1]); },
       {x, u({3, 2}, 7)}},
      {"gather, index smaller in another dim", [](const Xs& a) { return gather(a[0], 1, ints({3, 0, 1, 1}, {2, 2})); },
       {x}},
      {"scatter_add_ in place",
       [=](const Xs& a) {
         Tensor z = a[0] * 1.0;
         z.scatter_add_(1, dup, a[1]);
         return z;
       },
       {x, u({3, 3}, 8)}},
  });
}

// The forward accepts src larger than index (as PyTorch; the extra elements
// are unused) but the backward returns gather(g, dim, index), shaped like
// index, for src: it should be zeros shaped like src with that block filled.
TEST(GradIndex, ScatterSrcLargerThanIndex) {
  Tensor x = u({3, 4}, 1);
  Tensor dup = ints({0, 0, 3, 1, 2, 1, 3, 3, 0}, {3, 3}), uniq = ints({1, 3, 0, 2, 3, 0}, {3, 2});
  run({
      {"scatter", [=](const Xs& a) { return scatter(a[0], 1, uniq, a[1]); }, {x, u({3, 4}, 12)}},
      {"scatter_add", [=](const Xs& a) { return scatter_add(a[0], 1, dup, a[1]); }, {x, u({3, 4}, 13)}},
  });
}

TEST(GradIndex, Masked) {
  Tensor x = u({3, 4}, 1);
  Tensor mask = bools({1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0}, {3, 4});
  run({
      {"masked_fill", [=](const Xs& a) { return masked_fill(a[0], mask, 0.5); }, {x}},
      {"masked_fill, broadcast mask", [](const Xs& a) { return masked_fill(a[0], bools({0, 1, 1, 0}, {4}), -1.0); },
       {x}},
      {"masked_fill, broadcast input", [=](const Xs& a) { return masked_fill(a[0], mask, 2.0); }, {u({4}, 2)}},
      {"masked_fill of transposed", [=](const Xs& a) { return masked_fill(a[0].t(), mask.t(), 0.0); }, {x}},
      {"masked_fill_ in place",
       [=](const Xs& a) {
         Tensor z = a[0] * 1.0;
         z.masked_fill_(mask, 3.0);
         return z;
       },
       {x}},
      {"masked_select", [=](const Xs& a) { return masked_select(a[0], mask); }, {x}},
      {"masked_select, broadcast input", [=](const Xs& a) { return masked_select(a[0], mask); }, {u({4}, 3)}},
      {"masked_select of 0-dim", [](const Xs& a) { return masked_select(a[0], bools({1, 0, 1}, {3})); },
       {u({1}, 5).reshape({})}},
      {"masked_select of strided", [=](const Xs& a) { return masked_select(strided(a[0]), mask); }, {u({3, 8}, 4)}},
  });
}

TEST(GradIndex, Join) {
  Tensor a23 = u({2, 3}, 1), b13 = u({1, 3}, 2), c21 = u({2, 1}, 3), d22 = u({2, 2}, 4);
  run({
      {"cat dim 0, mixed sizes", [](const Xs& a) { return cat({a[0], a[1]}, 0); }, {a23, b13}},
      {"cat dim 1, mixed sizes", [](const Xs& a) { return cat({a[0], a[1], a[2]}, 1); }, {c21, a23, d22}},
      {"cat dim -1 with transposed", [](const Xs& a) { return cat({a[0].t(), a[1]}, -1); }, {a23, u({3, 1}, 5)}},
      {"cat with a legacy empty 1-D input", [](const Xs& a) { return cat({a[0], a[1]}, 0); },
       {a23, zeros({0}, kFloat64)}},
      {"cat same input twice", [](const Xs& a) { return cat({a[0], a[0]}, 1); }, {a23}},
      {"stack dim 0", [](const Xs& a) { return stack({a[0], a[1]}, 0); }, {a23, u({2, 3}, 6)}},
      {"stack dim 2 with transposed", [](const Xs& a) { return stack({a[0], a[1].t()}, 2); }, {a23, u({3, 2}, 7)}},
      {"split by size",
       [](const Xs& a) {
         std::vector<Tensor> p = split(a[0], 2, 1);   // sizes 2, 2, 1
         return p[0].sum() + p[1].sum() * 2.0 + p[2].sum() * 3.0;
       },
       {u({3, 5}, 8)}},
      {"split by sizes",
       [](const Xs& a) {
         std::vector<Tensor> p = split(a[0], {1, 3}, 1);
         return cat({p[0].reshape({-1}) * 2.0, p[1].reshape({-1}) * -1.0});
       },
       {u({3, 4}, 9)}},
      {"chunk of transposed",
       [](const Xs& a) {
         std::vector<Tensor> p = chunk(a[0].t(), 2, 0);
         return p[0] * 3.0 - p[1];
       },
       {u({3, 4}, 10)}},
      {"unbind",
       [](const Xs& a) {
         std::vector<Tensor> p = unbind(a[0], 1);
         return p[0] + p[1] * 2.0 + p[2] * 3.0 + p[3] * 4.0;
       },
       {u({3, 4}, 11)}},
  });
}

TEST(GradIndex, CopiesAndShapeOps) {
  Tensor x = u({3, 4}, 1), x3 = u({2, 3, 4}, 2);
  autograd::GradcheckOptions f32;   // float32 rounding: a wider step
  f32.eps = 1e-3;
  run({
      {"flip both", [](const Xs& a) { return flip(a[0], {0, 1}); }, {x}},
      {"flip of transposed", [](const Xs& a) { return flip(a[0].t(), {1}); }, {x}},
      {"flip -1", [](const Xs& a) { return flip(a[0], {-1}); }, {x3}},
      {"repeat", [](const Xs& a) { return repeat(a[0], {2, 1, 3}); }, {u({2, 2}, 3)}},
      {"repeat of transposed", [](const Xs& a) { return repeat(a[0].t(), {1, 2}); }, {u({2, 3}, 4)}},
      {"tril -1", [](const Xs& a) { return tril(a[0], -1); }, {x}},
      {"triu 1", [](const Xs& a) { return triu(a[0], 1); }, {x}},
      {"tril batched", [](const Xs& a) { return tril(a[0]); }, {x3}},
      {"triu of transposed", [](const Xs& a) { return triu(a[0].t()); }, {x}},
      {"diag_embed", [](const Xs& a) { return diag_embed(a[0]); }, {u({2, 3}, 5)}},
      {"diag_embed of strided", [](const Xs& a) { return diag_embed(strided(a[0])); }, {u({2, 6}, 6)}},
      {"clone", [](const Xs& a) { return a[0].clone(); }, {x}},
      {"clone of transposed", [](const Xs& a) { return a[0].t().clone(); }, {x}},
      {"contiguous of transposed", [](const Xs& a) { return a[0].t().contiguous(); }, {x}},
      {"contiguous (no copy)", [](const Xs& a) { return a[0].contiguous(); }, {x}},
      {"to float32 and back", [](const Xs& a) { return a[0].to(kFloat32).to(kFloat64); }, {x}, f32},
  });
}

// ---- exact values

Tensor leaf(IntList shape, uint64_t seed) { return uniform64(shape, seed).requires_grad_(); }
Tensor grad_of(const Tensor& y, const Tensor& x) { return autograd::grad({y}, {x})[0]; }

TEST(GradIndex, RepeatedIndicesAddUp) {
  Tensor x = leaf({3}, 1);
  EXPECT_TRUE(near(grad_of(x.index({ints({0, 2, 0, 0}, {4})}).sum(), x), {3, 0, 1}));
  EXPECT_TRUE(near(grad_of(index_select(x, 0, ints({1, 1, 2}, {3})).sum(), x), {0, 2, 1}));
  Tensor m = leaf({2, 3}, 2);
  EXPECT_TRUE(near(grad_of(m.index({ints({1, 1, 0}, {3}), ints({2, 2, 2}, {3})}).sum(), m), {0, 0, 1, 0, 0, 2}));
  EXPECT_TRUE(near(grad_of(gather(m, 1, ints({0, 0, 0, 2, 1, 2}, {2, 3})).sum(), m), {3, 0, 0, 0, 1, 2}));
  // A weighted sum: the gradient at each position is the sum of its weights.
  Tensor w = tensor({1.0, 10.0, 100.0, 1000.0});
  EXPECT_TRUE(near(grad_of((x.index({ints({2, 0, 2, 2}, {4})}) * w).sum(), x), {10, 0, 1101}));
}

TEST(GradIndex, ExpandSumsOverBroadcastDims) {
  Tensor x = leaf({3, 1}, 1);
  EXPECT_TRUE(near(grad_of(x.expand({2, 3, 4}).sum(), x), {8, 8, 8}));
  Tensor r = leaf({4}, 2);
  Tensor w = arange(12).to(kFloat64).view({3, 4});
  EXPECT_TRUE(near(grad_of((r.expand({3, 4}) * w).sum(), r), {12, 15, 18, 21}));
  // repeat tiles, so each element's gradient counts its copies.
  EXPECT_TRUE(near(grad_of(repeat(r, {2, 3}).sum(), r), {6, 6, 6, 6}));
}

TEST(GradIndex, OverlappingViewsCountTheirWindows) {
  Tensor v = leaf({6}, 1);
  EXPECT_TRUE(near(grad_of(v.unfold(0, 3, 1).sum(), v), {1, 2, 3, 3, 2, 1}));
  EXPECT_TRUE(near(grad_of(v.unfold(0, 2, 3).sum(), v), {1, 1, 0, 1, 1, 0}));
  EXPECT_TRUE(near(grad_of(v.as_strided({3, 3}, {1, 1}).sum(), v), {1, 2, 3, 2, 1, 0}));
  Tensor m = leaf({3, 3}, 2);
  EXPECT_TRUE(near(grad_of(m.diagonal(1).sum(), m), {0, 1, 0, 0, 0, 1, 0, 0, 0}));
  EXPECT_TRUE(near(grad_of(m.slice(0, std::nullopt, std::nullopt, -2).sum(), m), {1, 1, 1, 0, 0, 0, 1, 1, 1}));
}

TEST(GradIndex, WrittenElementsGetNoGradient) {
  Tensor x = leaf({3, 2}, 1), v = leaf({2}, 2);
  Tensor idx = ints({2, 0}, {2});
  Tensor y = index_put(x, {idx}, v.unsqueeze(-1).expand({2, 2}));
  auto g = autograd::grad({y.sum()}, {x, v});
  EXPECT_TRUE(near(g[0], {0, 0, 1, 1, 0, 0}));
  EXPECT_TRUE(near(g[1], {2, 2}));   // each value is broadcast over one row of 2
  Tensor ya = index_put(x, {idx}, v.unsqueeze(-1).expand({2, 2}), /*accumulate=*/true);
  EXPECT_TRUE(near(grad_of(ya.sum(), x), {1, 1, 1, 1, 1, 1}));
  Tensor s = scatter(x, 1, ints({1, 0, 1}, {3, 1}), leaf({3, 1}, 3));
  EXPECT_TRUE(near(grad_of(s.sum(), x), {1, 0, 0, 1, 1, 0}));
  Tensor mask = bools({1, 0, 0, 0, 1, 1}, {3, 2});
  EXPECT_TRUE(near(grad_of(masked_fill(x, mask, 0.0).sum(), x), {0, 1, 1, 1, 0, 0}));
  EXPECT_TRUE(near(grad_of(masked_select(x, mask).sum(), x), {1, 0, 0, 0, 1, 1}));
  // index_put_ into a fresh zeros tensor: the value gets the gradient.
  Tensor z = zeros({3, 2}, kFloat64);
  z.index_put_({idx}, v.unsqueeze(-1).expand({2, 2}), false);
  EXPECT_TRUE(z.requires_grad());
  EXPECT_TRUE(near(grad_of((z * arange(6).to(kFloat64).view({3, 2})).sum(), v), {9, 1}));
}

}  // namespace
