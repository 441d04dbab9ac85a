// First and second derivatives of every elementwise op, special function and
// reduction against central finite differences (float64), on broadcast and
// non-contiguous inputs; third order for a few.
#include <cmath>

#include "grad_check.h"

namespace tyche {
namespace {

using testing::expect_gradients;
using testing::uniform64;
using Fn = autograd::MultiFn;

void run_cases(const std::vector<tyche::testing::GradCase>& cases, int order = 2) { tyche::testing::expect_cases(cases, order); }

Tensor pos(IntList shape, uint64_t seed) { return uniform64(shape, seed, 0.5, 2.0); }
Tensor unit(IntList shape, uint64_t seed) { return uniform64(shape, seed, -0.9, 0.9); }

TEST(GradElementwise, UnaryOps) {
  Tensor x = uniform64({2, 3}, 1), p = pos({2, 3}, 2), u = unit({2, 3}, 3);
  Tensor strided = uniform64({3, 4}, 4).slice(1, 0, 4, 2);  // non-contiguous [3, 2]
  run_cases({
      {"neg", [](auto& v) { return -v[0]; }, {x}},
      {"abs", [](auto& v) { return abs(v[0]); }, {p}},
      {"exp", [](auto& v) { return exp(v[0]); }, {x}},
      {"exp strided", [](auto& v) { return exp(v[0]); }, {strided}},
      {"expm1", [](auto& v) { return expm1(v[0]); }, {x}},
      {"log", [](auto& v) { return log(v[0]); }, {p}},
      {"log1p", [](auto& v) { return log1p(v[0]); }, {p}},
      {"sqrt", [](auto& v) { return sqrt(v[0]); }, {p}},
      {"rsqrt", [](auto& v) { return rsqrt(v[0]); }, {p}},
      {"reciprocal", [](auto& v) { return reciprocal(v[0]); }, {p}},
      {"square", [](auto& v) { return square(v[0]); }, {x}},
      {"sin", [](auto& v) { return sin(v[0]); }, {x}},
      {"cos", [](auto& v) { return cos(v[0]); }, {x}},
      {"tan", [](auto& v) { return tan(v[0]); }, {x}},
      {"tanh", [](auto& v) { return tanh(v[0]); }, {x}},
      {"sigmoid", [](auto& v) { return sigmoid(v[0]); }, {x}},
      {"log_sigmoid", [](auto& v) { return log_sigmoid(v[0]); }, {x}},
      {"softplus", [](auto& v) { return softplus(v[0]); }, {x}},
      {"erf", [](auto& v) { return erf(v[0]); }, {x}},
      {"erfc", [](auto& v) { return erfc(v[0]); }, {x}},
      {"erfinv", [](auto& v) { return erfinv(v[0]); }, {u}},
      {"lgamma", [](auto& v) { return lgamma(v[0]); }, {p}},
      {"digamma", [](auto& v) { return digamma(v[0]); }, {p}},
      {"polygamma(1)", [](auto& v) { return polygamma(1, v[0]); }, {p}},
      {"polygamma(2)", [](auto& v) { return polygamma(2, v[0]); }, {p}},
      {"i0e", [](auto& v) { return i0e(v[0]); }, {uniform64({2, 3}, 19, -6.0, 6.0)}},
      {"i1e", [](auto& v) { return i1e(v[0]); }, {uniform64({2, 3}, 20, -6.0, 6.0)}},
      {"i0e small", [](auto& v) { return i0e(v[0]); }, {tensor({-0.05, 0.02, 0.3})}},
      {"i1e small", [](auto& v) { return i1e(v[0]); }, {tensor({-0.05, 0.02, 0.3})}},
      {"i0e i1e large (asymptotic branch)", [](auto& v) { return i0e(v[0]) * i1e(v[0]); },
       {tensor({-900.0, 450.0, 700.0})}},
  });
}

TEST(GradElementwise, BinaryOpsWithBroadcasting) {
  Tensor a = uniform64({2, 3}, 5), b = uniform64({3}, 6), col = uniform64({2, 1}, 7);
  Tensor pa = pos({2, 3}, 8), pb = pos({3}, 9);
  Tensor bt = uniform64({3, 2}, 10).t();  // non-contiguous [2, 3]
  run_cases({
      {"add", [](auto& v) { return v[0] + v[1]; }, {a, b}},
      {"add alpha", [](auto& v) { return add(v[0], v[1], 2.5); }, {a, col}},
      {"sub", [](auto& v) { return v[0] - v[1]; }, {a, col}},
      {"sub alpha", [](auto& v) { return sub(v[0], v[1], -1.5); }, {a, bt}},
      {"mul", [](auto& v) { return v[0] * v[1]; }, {a, b}},
      {"mul strided", [](auto& v) { return v[0] * v[1]; }, {a, bt}},
      {"div", [](auto& v) { return v[0] / v[1]; }, {a, pb}},
      {"pow tensor", [](auto& v) { return pow(v[0], v[1]); }, {pa, b}},
      {"pow scalar", [](auto& v) { return pow(v[0], 3.5); }, {pa}},
      {"pow scalar 2", [](auto& v) { return v[0].pow(2); }, {a}},
      {"pow scalar base", [](auto& v) { return pow(2.5, v[0]); }, {a}},
      {"maximum", [](auto& v) { return maximum(v[0], v[1]); }, {a, b}},
      {"minimum", [](auto& v) { return minimum(v[0], v[1]); }, {a, col}},
      {"atan2", [](auto& v) { return atan2(v[0], v[1]); }, {a, pb}},
      {"fmod", [](auto& v) { return fmod(v[0] * 3.0, v[1]); }, {pa, pb}},
      {"scalar ops", [](auto& v) { return (2.0 - v[0]) * 3.0 / 1.5 + 1.0 - (2.0 / (v[0] + 3.0)); }, {a}},
      {"where", [](auto& v) { return where(v[0] > 0, v[0], v[1]); }, {a, b}},
      {"where scalar", [](auto& v) { return where(v[0] > 0, 1.5, v[0] * v[0]) + where(v[0] < 0, v[0], 2.0); }, {a}},
      {"clamp scalars", [](auto& v) { return clamp(v[0], -0.5, 0.5); }, {a}},
      {"clamp tensors", [](auto& v) { return clamp(v[0], v[1], v[1] + 0.7); }, {a, b}},
  });
}

TEST(GradElementwise, Reductions) {
  Tensor x = uniform64({2, 3, 2}, 11), p = pos({2, 3}, 12);
  Tensor strided = uniform64({4, 3}, 13).t();
  run_cases({
      {"sum all", [](auto& v) { return v[0].sum(); }, {x}},
      {"sum dims", [](auto& v) { return v[0].sum({0, 2}); }, {x}},
      {"sum keepdim", [](auto& v) { return v[0].sum({1}, true) * v[0]; }, {x}},
      {"mean", [](auto& v) { return v[0].mean({-1}); }, {x}},
      {"mean strided", [](auto& v) { return v[0].mean({0}); }, {strided}},
      {"prod all", [](auto& v) { return v[0].prod(); }, {p}},
      {"prod dim", [](auto& v) { return v[0].prod(1, true); }, {p}},
      {"amax", [](auto& v) { return amax(v[0], {1}); }, {x}},
      {"amin", [](auto& v) { return amin(v[0], {0, 2}, true); }, {x}},
      {"max dim", [](auto& v) { return std::get<0>(v[0].max(1)); }, {x}},
      {"min dim keepdim", [](auto& v) { return std::get<0>(v[0].min(0, true)); }, {x}},
      {"logsumexp", [](auto& v) { return logsumexp(v[0], {1}); }, {x}},
      {"logsumexp all", [](auto& v) { return logsumexp(v[0]); }, {x}},
      {"var", [](auto& v) { return v[0].var({1}); }, {x}},
      {"std", [](auto& v) { return v[0].std({}, 0); }, {x}},
      {"norm 2", [](auto& v) { return v[0].norm(2, {1}); }, {x}},
      {"norm 3", [](auto& v) { return v[0].norm(3); }, {p}},
      {"cumsum", [](auto& v) { return v[0].cumsum(1); }, {x}},
      {"cumprod", [](auto& v) { return v[0].cumprod(1); }, {p}},
      {"softmax", [](auto& v) { return v[0].softmax(1); }, {x}},
      {"log_softmax", [](auto& v) { return v[0].log_softmax(-1); }, {x}},
  });
}

TEST(GradElementwise, ProductsWithZerosAreExact) {
  Tensor x = tensor({{2.0, 0.0, 3.0}, {0.0, 0.0, 1.5}});
  run_cases({
      {"prod dim with zeros", [](auto& v) { return v[0].prod(1); }, {x}},
      {"prod all with a zero", [](auto& v) { return v[0].prod(); }, {tensor({2.0, 0.0, 3.0})}},
      {"cumprod with zeros", [](auto& v) { return v[0].cumprod(1); }, {x}},
  });
  // d prod / dx_k is the product of the others: at the zero, 2 * 3.
  Tensor y = tensor({2.0, 0.0, 3.0}).requires_grad_();
  y.prod().backward();
  EXPECT_TRUE(testing::near(y.grad(), {0.0, 6.0, 0.0}));
}

TEST(GradElementwise, NormAtZeroHasZeroGradient) {
  Tensor x = zeros({3}, kFloat64).requires_grad_();
  x.norm().backward();
  EXPECT_TRUE(testing::near(x.grad(), {0.0, 0.0, 0.0}));
  Tensor y = tensor({{3.0, 4.0}, {0.0, 0.0}}).requires_grad_();
  y.norm(2, {1}).sum().backward();
  EXPECT_TRUE(testing::near(y.grad(), {0.6, 0.8, 0.0, 0.0}));
}

TEST(GradElementwise, PiecewiseConstantOpsHaveZeroGradient) {
  Tensor x = tensor({-1.5, 0.3, 2.7}).requires_grad_();
  Tensor y = floor(x) + ceil(x) + round(x) + sign(x);
  EXPECT_TRUE(y.requires_grad());
  (y * x).sum().backward();  // only the factor x contributes: d/dx = y
  EXPECT_TRUE(testing::near(x.grad(), y.detach()));
}

TEST(GradElementwise, TiesShareTheGradient) {
  // amax splits evenly among equal maxima; max(dim) sends it to the index; maximum halves ties.
  Tensor x = tensor({1.0, 3.0, 3.0, 2.0}).requires_grad_();
  amax(x, {0}).backward();
  EXPECT_TRUE(testing::near(x.grad(), {0.0, 0.5, 0.5, 0.0}));
  Tensor y = tensor({1.0, 3.0, 3.0}).requires_grad_();
  std::get<0>(y.max(0)).backward();
  EXPECT_DOUBLE_EQ(y.grad().sum().item<double>(), 1.0);
  Tensor a = tensor({1.0, 2.0}).requires_grad_(), b = tensor({1.0, 3.0}).requires_grad_();
  maximum(a, b).sum().backward();
  EXPECT_TRUE(testing::near(a.grad(), {0.5, 0.0}));
  EXPECT_TRUE(testing::near(b.grad(), {0.5, 1.0}));
}

TEST(GradElementwise, ThirdOrder) {
  run_cases({
      {"tanh", [](auto& v) { return tanh(v[0]); }, {uniform64({3}, 14)}},
      {"exp * sin", [](auto& v) { return exp(v[0]) * sin(v[1]); }, {uniform64({3}, 15), uniform64({3}, 16)}},
      {"lgamma", [](auto& v) { return lgamma(v[0]); }, {pos({3}, 17)}},
      {"logsumexp", [](auto& v) { return logsumexp(v[0], {0}); }, {uniform64({4}, 18)}},
  }, 3);
}

// normal_log_prob is one node with its own formulas: check them to third
// order, with broadcasting in each argument, and its values.
TEST(GradElementwise, NormalLogProb) {
  Tensor x = uniform64({2, 3}, 21), loc = uniform64({3}, 22), scale = pos({2, 1}, 23);
  run_cases({
      {"normal_log_prob", [](auto& v) { return normal_log_prob(v[0], v[1], v[2]); }, {x, loc, scale}},
      {"normal_log_prob scalar params", [](auto& v) { return normal_log_prob(v[0], v[1], v[2]); },
       {x, uniform64({}, 24), pos({}, 25)}},
      {"normal_log_prob full params", [](auto& v) { return normal_log_prob(v[0], v[1], v[2]); },
       {x, uniform64({2, 3}, 26), pos({2, 3}, 27)}},
      {"normal_log_prob strided x", [](auto& v) { return normal_log_prob(v[0], v[1], v[2]); },
       {uniform64({3, 4}, 28).slice(1, 0, 4, 2), uniform64({}, 29), pos({}, 30)}},
  }, 3);
  // float32 (the loop path) against float64, values and first derivatives.
  for (bool full : {false, true}) {
    Tensor l64 = full ? uniform64({2, 3}, 31) : uniform64({}, 31), s64 = full ? pos({2, 3}, 32) : pos({}, 32);
    Tensor x32 = x.to(kFloat32).requires_grad_(), l32 = l64.to(kFloat32).requires_grad_(),
           s32 = s64.to(kFloat32).requires_grad_();
    Tensor x64 = x.detach().requires_grad_(), lr64 = l64.detach().requires_grad_(), sr64 = s64.detach().requires_grad_();
    Tensor y32 = normal_log_prob(x32, l32, s32), y64 = normal_log_prob(x64, lr64, sr64);
    EXPECT_TRUE(allclose(y32.to(kFloat64), y64, 1e-5, 1e-5));
    auto g32 = autograd::grad({y32.sum()}, {x32, l32, s32});
    auto g64 = autograd::grad({y64.sum()}, {x64, lr64, sr64});
    for (size_t k = 0; k < 3; ++k) EXPECT_TRUE(allclose(g32[k].to(kFloat64), g64[k], 1e-4, 1e-4)) << k;
  }
  Tensor lp = normal_log_prob(tensor({0.5, -2.0}), tensor({1.0}), tensor({2.0}));
  EXPECT_NEAR(lp.index({0}).item<double>(), -0.25 * 0.25 / 2 - std::log(2.0) - 0.5 * std::log(2 * M_PI), 1e-14);
  EXPECT_NEAR(lp.index({1}).item<double>(), -1.5 * 1.5 / 2 - std::log(2.0) - 0.5 * std::log(2 * M_PI), 1e-14);
}

// cauchy_log_prob shares normal_log_prob's location-scale node: the same
// checks to third order, and closed-form values.
TEST(GradElementwise, CauchyLogProb) {
  Tensor x = uniform64({2, 3}, 51) * 4.0, loc = uniform64({3}, 52), scale = pos({2, 1}, 53);
  run_cases({
      {"cauchy_log_prob", [](auto& v) { return cauchy_log_prob(v[0], v[1], v[2]); }, {x, loc, scale}},
      {"cauchy_log_prob scalar params", [](auto& v) { return cauchy_log_prob(v[0], v[1], v[2]); },
       {x, uniform64({}, 54), pos({}, 55)}},
      {"cauchy_log_prob full params", [](auto& v) { return cauchy_log_prob(v[0], v[1], v[2]); },
       {x, uniform64({2, 3}, 56), pos({2, 3}, 57)}},
  }, 3);
  Tensor lp = cauchy_log_prob(tensor({0.5, -2.0}), tensor({1.0}), tensor({2.0}));
  EXPECT_NEAR(lp.index({0}).item<double>(), -std::log1p(0.0625) - std::log(2.0 * M_PI), 1e-14);
  EXPECT_NEAR(lp.index({1}).item<double>(), -std::log1p(2.25) - std::log(2.0 * M_PI), 1e-14);
  // The loop's first derivatives (no create_graph) against the closed forms.
  Tensor xs = tensor({0.5, -2.0, 3.0}).requires_grad_(), ls = tensor({1.0}).requires_grad_(),
         ss = tensor({2.0}).requires_grad_();
  auto g = autograd::grad({cauchy_log_prob(xs, ls, ss).sum()}, {xs, ls, ss});
  double gl = 0, gs = 0;
  for (int64_t i = 0; i < 3; ++i) {
    const double z = (xs.index({i}).item<double>() - 1.0) / 2.0, d = -2 * z / (1 + z * z);
    EXPECT_NEAR(g[0].index({i}).item<double>(), d / 2.0, 1e-14);
    gl -= d / 2.0;
    gs += -(d * z + 1) / 2.0;
  }
  EXPECT_NEAR(g[1].item<double>(), gl, 1e-14);
  EXPECT_NEAR(g[2].item<double>(), gs, 1e-14);
}

// bernoulli_logits_log_prob: one node with a fused loop (same shapes, contiguous)
// and an op path (broadcasting, create_graph); derivatives to third order.
TEST(GradElementwise, BernoulliLogitsLogProb) {
  Tensor x = uniform64({2, 3}, 41), l = uniform64({2, 3}, 42) * 6.0;
  run_cases({
      {"bernoulli_logits_log_prob", [](auto& v) { return bernoulli_logits_log_prob(v[0], v[1]); }, {x, l}},
      {"bernoulli_logits_log_prob broadcast", [](auto& v) { return bernoulli_logits_log_prob(v[0], v[1]); },
       {x, uniform64({3}, 43)}},
  }, 3);
  // The loop path's first derivative against the closed form x - sigmoid(l),
  // with large logits where a naive log(1 + exp(l)) overflows; and its values.
  Tensor xs = tensor({1.0, 0.0, 1.0, 0.0, 1.0}), ls = tensor({40.0, 40.0, -40.0, -800.0, 0.3}).requires_grad_();
  Tensor lp = bernoulli_logits_log_prob(xs, ls);
  const double expect[] = {-std::log1p(std::exp(-40.0)), -40.0 - std::log1p(std::exp(-40.0)),
                           -40.0 - std::log1p(std::exp(-40.0)), -std::log1p(std::exp(-800.0)),
                           0.3 - std::log1p(std::exp(0.3))};
  for (int64_t i = 0; i < 5; ++i) EXPECT_NEAR(lp.index({i}).item<double>(), expect[i], 1e-14 * (1 + std::abs(expect[i])));
  Tensor g = autograd::grad({lp.sum()}, {ls})[0];
  const double lv[] = {40.0, 40.0, -40.0, -800.0, 0.3}, xv[] = {1, 0, 1, 0, 1};
  for (int64_t i = 0; i < 5; ++i)
    EXPECT_NEAR(g.index({i}).item<double>(), xv[i] - 1.0 / (1.0 + std::exp(-lv[i])), 1e-15) << i;
  // float32 (the loop path) against float64.
  Tensor x32 = x.to(kFloat32), l32 = l.to(kFloat32).requires_grad_(), l64 = l.detach().requires_grad_();
  Tensor y32 = bernoulli_logits_log_prob(x32, l32), y64 = bernoulli_logits_log_prob(x, l64);
  EXPECT_TRUE(allclose(y32.to(kFloat64), y64, 1e-5, 1e-5));
  EXPECT_TRUE(allclose(autograd::grad({y32.sum()}, {l32})[0].to(kFloat64), autograd::grad({y64.sum()}, {l64})[0],
                       1e-5, 1e-5));
}

// Closed-form values, not only agreement with finite differences.
TEST(GradElementwise, KnownDerivatives) {
  Tensor x = tensor({0.5, 1.5}).requires_grad_();
  auto g = autograd::grad({lgamma(x).sum()}, {x}, {}, true)[0];
  EXPECT_NEAR(g.index({0}).item<double>(), -1.9635100260214235, 1e-12);  // digamma(0.5)
  auto h = autograd::grad({g.sum()}, {x})[0];
  EXPECT_NEAR(h.index({0}).item<double>(), 4.934802200544679, 1e-10);  // trigamma(0.5) = pi^2 / 2
  // d^2/dx^2 erf(x) = -2x * 2/sqrt(pi) exp(-x^2)
  Tensor z = tensor({0.7}).requires_grad_();
  Tensor d1 = autograd::grad({erf(z).sum()}, {z}, {}, true)[0];
  Tensor d2 = autograd::grad({d1.sum()}, {z})[0];
  EXPECT_NEAR(d2.item<double>(), -1.4 * 2 / std::sqrt(M_PI) * std::exp(-0.49), 1e-12);
  // d i1e/dx at 0 is its limit 1/2 (I1(x) ~ x / 2), d i0e/dx at 0 is 0; the
  // second derivative there is finite.
  Tensor o = tensor({0.0}).requires_grad_();
  Tensor di1 = autograd::grad({i1e(o).sum()}, {o}, {}, true)[0];
  EXPECT_NEAR(di1.item<double>(), 0.5, 1e-15);
  EXPECT_TRUE(std::isfinite(autograd::grad({di1.sum()}, {o})[0].item<double>()));
  EXPECT_NEAR(autograd::grad({i0e(o).sum()}, {o})[0].item<double>(), 0.0, 1e-15);
}

}  // namespace
}  // namespace tyche
