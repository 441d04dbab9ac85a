// Elementwise ops: values against the C++ standard library, broadcasting,
// PyTorch type promotion, in-place aliasing and error messages.
#include <cmath>
#include <random>

#include "test_util.h"

using namespace tyche;
using tyche::testing::at;
using tyche::testing::near;
using tyche::testing::values;

namespace {
std::vector<double> xs() { return {-3.5, -1.0, -0.25, 0.0, 0.5, 1.0, 2.75, 10.0}; }

// Applies f to every element of v.
template <class F>
std::vector<double> map(const std::vector<double>& v, F f) {
  std::vector<double> out;
  for (double x : v) out.push_back(f(x));
  return out;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Elementwise, UnaryMatchesStdInFloat64AndFloat32) {
  struct Case {
    const char* name;
    Tensor (*op)(const Tensor&);
    double (*ref)(double);
    bool positive_only;
  };
  std::vector<Case> cases = {
      {"exp", tyche::exp, [](double x) { return std::exp(x); }, false},
      {"expm1", tyche::expm1, [](double x) { return std::expm1(x); }, false},
      {"log", tyche::log, [](double x) { return std::log(x); }, true},
      {"log1p", tyche::log1p, [](double x) { return std::log1p(x); }, true},
      {"sqrt", tyche::sqrt, [](double x) { return std::sqrt(x); }, true},
      {"rsqrt", tyche::rsqrt, [](double x) { return 1 / std::sqrt(x); }, true},
      {"reciprocal", tyche::reciprocal, [](double x) { return 1 / x; }, true},
      {"sin", tyche::sin, [](double x) { return std::sin(x); }, false},
      {"cos", tyche::cos, [](double x) { return std::cos(x); }, false},
      {"tan", tyche::tan, [](double x) { return std::tan(x); }, false},
      {"tanh", tyche::tanh, [](double x) { return std::tanh(x); }, false},
      {"sigmoid", tyche::sigmoid, [](double x) { return 1 / (1 + std::exp(-x)); }, false},
      {"softplus", tyche::softplus, [](double x) { return std::log1p(std::exp(x)); }, false},
      {"log_sigmoid", tyche::log_sigmoid, [](double x) { return -std::log1p(std::exp(-x)); }, false},
      {"abs", tyche::abs, [](double x) { return std::fabs(x); }, false},
      {"neg", tyche::neg, [](double x) { return -x; }, false},
      {"square", tyche::square, [](double x) { return x * x; }, false},
      {"floor", tyche::floor, [](double x) { return std::floor(x); }, false},
      {"ceil", tyche::ceil, [](double x) { return std::ceil(x); }, false},
      {"round", tyche::round, [](double x) { return std::nearbyint(x); }, false},
      {"sign", tyche::sign, [](double x) { return double((0 < x) - (x < 0)); }, false},
  };
  std::vector<double> in = xs();
  std::vector<double> pos = map(in, [](double x) { return std::fabs(x) + 0.125; });
  for (const auto& c : cases) {
    const std::vector<double>& v = c.positive_only ? pos : in;
    Tensor x = tensor(v);
    EXPECT_TRUE(near(c.op(x), map(v, c.ref), 1e-14, 1e-15)) << c.name;
    EXPECT_EQ(c.op(x).dtype(), kFloat64) << c.name;
    // float32: contiguous SIMD path vs double reference
    Tensor xf = x.to(kFloat32);
    EXPECT_TRUE(near(c.op(xf), map(v, [&](double t) { return c.ref(static_cast<float>(t)); }), 2e-6, 1e-6)) << c.name;
    EXPECT_EQ(c.op(xf).dtype(), kFloat32) << c.name;
  }
}

TEST(Elementwise, StableSoftplusAndLogSigmoid) {
  Tensor x = tensor({-1000.0, -40.0, 40.0, 1000.0});
  EXPECT_TRUE(near(softplus(x), {0.0, std::exp(-40.0), 40.0, 1000.0}, 1e-12, 1e-300));
  EXPECT_TRUE(near(log_sigmoid(x), {-1000.0, -40.0, -std::exp(-40.0), 0.0}, 1e-12, 1e-300));
  EXPECT_TRUE(near(sigmoid(x.to(kFloat32)), {0.0, std::exp(-40.0), 1.0, 1.0}, 1e-6, 1e-30));
}

TEST(Elementwise, ExpUnderflowsToZeroOnTheSimdPath) {
  // Eight elements so the vectorised path runs; -inf and deep negatives give exactly 0.
  Tensor x = tensor({-INFINITY, -1000.0, -800.0, -746.0, 0.0, 1.0, -INFINITY, -2000.0});
  EXPECT_TRUE(near(exp(x), {0, 0, 0, 0, 1, std::exp(1.0), 0, 0}, 1e-15, 0));
  EXPECT_TRUE(near(exp(x.to(kFloat32)), {0, 0, 0, 0, 1, std::exp(1.0f), 0, 0}, 1e-6, 0));
}

TEST(Elementwise, RoundHalfToEven) {
  EXPECT_TRUE(near(round(tensor({0.5, 1.5, 2.5, -0.5, -1.5})), {0, 2, 2, -0, -2}));
}

TEST(Elementwise, IntegerInputsPromoteToDefaultFloat) {
  Tensor i = tensor({1, 2, 3});
  EXPECT_EQ(i.dtype(), kInt64);
  EXPECT_EQ(exp(i).dtype(), kFloat32);
  EXPECT_TRUE(near(exp(i), {std::exp(1.0), std::exp(2.0), std::exp(3.0)}, 1e-6));
  EXPECT_EQ(neg(i).dtype(), kInt64);
  EXPECT_EQ(abs(tensor({-4, 5})).dtype(), kInt64);
  EXPECT_TRUE(near(abs(tensor({-4, 5})), {4, 5}));
  EXPECT_EQ((i / i).dtype(), kFloat32);
  EXPECT_TRUE(near(tensor({1, 2}) / tensor({2, 4}), {0.5, 0.5}));
}

TEST(Elementwise, BinaryBroadcasting) {
  Tensor a = arange(6, kFloat64).reshape({2, 3});
  Tensor b = tensor({10.0, 20.0, 30.0});
  EXPECT_TRUE(near(a + b, {10, 21, 32, 13, 24, 35}));
  Tensor c = tensor({100.0, 200.0}).reshape({2, 1});
  EXPECT_TRUE(near(a + c, {100, 101, 102, 203, 204, 205}));
  // [2,1] with [3] -> [2,3]
  Tensor d = c * b;
  EXPECT_EQ(d.sizes(), IntList({2, 3}));
  EXPECT_TRUE(near(d, {1000, 2000, 3000, 2000, 4000, 6000}));
  // 0-dim with anything
  EXPECT_TRUE(near(a - scalar_tensor(1.0), {-1, 0, 1, 2, 3, 4}));
  // zero-size broadcasts with 1
  EXPECT_EQ((zeros({0, 1}) + zeros({1, 4})).sizes(), IntList({0, 4}));
  std::string msg = message_of([&] { (void)(a + tensor({1.0, 2.0})); });
  EXPECT_NE(msg.find("add"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2, 3]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2]"), std::string::npos) << msg;
}

TEST(Elementwise, ScalarOperandsBothSides) {
  Tensor a = tensor({1.0, 2.0, 4.0});
  EXPECT_TRUE(near(a * 2.0, {2, 4, 8}));
  EXPECT_TRUE(near(2.0 * a, {2, 4, 8}));
  EXPECT_TRUE(near(1.0 - a, {0, -1, -3}));
  EXPECT_TRUE(near(a - 1.0, {0, 1, 3}));
  EXPECT_TRUE(near(8.0 / a, {8, 4, 2}));
  EXPECT_TRUE(near(a / 8.0, {0.125, 0.25, 0.5}));
  EXPECT_TRUE(near(pow(a, 3), {1, 8, 64}));
  EXPECT_TRUE(near(pow(2.0, a), {2, 4, 16}));
  EXPECT_TRUE(near(a.pow(0.5), {1, std::sqrt(2.0), 2}));
  EXPECT_TRUE(near(a.pow(-1.0), {1, 0.5, 0.25}));
}

TEST(Elementwise, TypePromotion) {
  Tensor f32 = ones({2}, kFloat32), f64 = ones({2}, kFloat64), i64 = ones({2}, kInt64);
  Tensor i32 = ones({2}, kInt32), b = ones({2}, kBool);
  EXPECT_EQ((f32 + f64).dtype(), kFloat64);
  EXPECT_EQ((i64 + f32).dtype(), kFloat32);
  EXPECT_EQ((i32 + i64).dtype(), kInt64);
  EXPECT_EQ((b + i32).dtype(), kInt32);
  // A C++ scalar never upcasts within a category...
  EXPECT_EQ((f32 * 2.0).dtype(), kFloat32);
  EXPECT_EQ((i32 * 2).dtype(), kInt32);
  // ...but moves an int tensor to the default float.
  EXPECT_EQ((i64 * 2.5).dtype(), kFloat32);
  EXPECT_TRUE(near(i64 * 2.5, {2.5, 2.5}));
  // 0-dim tensors behave like scalars within a category.
  EXPECT_EQ((f32 + scalar_tensor(1.0)).dtype(), kFloat32);
  EXPECT_EQ((i64 + scalar_tensor(1.0)).dtype(), kFloat64);
  EXPECT_EQ((scalar_tensor(1.0) + scalar_tensor(1.0, kFloat32)).dtype(), kFloat64);
  EXPECT_EQ(result_type(i32, 2.0), kFloat32);
  set_default_dtype(kFloat64);
  EXPECT_EQ((i64 * 2.5).dtype(), kFloat64);
  EXPECT_EQ(exp(i64).dtype(), kFloat64);
  set_default_dtype(kFloat32);
  EXPECT_THROW(set_default_dtype(kInt64), Error);
}

TEST(Elementwise, ComparisonsAndLogical) {
  Tensor a = tensor({1.0, 2.0, 3.0}), b = tensor({3.0, 2.0, 1.0});
  Tensor lt_ = a < b;
  EXPECT_EQ(lt_.dtype(), kBool);
  EXPECT_TRUE(near(lt_, {1, 0, 0}));
  EXPECT_TRUE(near(a <= b, {1, 1, 0}));
  EXPECT_TRUE(near(a > b, {0, 0, 1}));
  EXPECT_TRUE(near(a >= 2.0, {0, 1, 1}));
  EXPECT_TRUE(near(a == b, {0, 1, 0}));
  EXPECT_TRUE(near(a != 2.0, {1, 0, 1}));
  Tensor t = tensor({true, true, false, false}), u = tensor({true, false, true, false});
  EXPECT_TRUE(near(logical_and(t, u), {1, 0, 0, 0}));
  EXPECT_TRUE(near(logical_or(t, u), {1, 1, 1, 0}));
  EXPECT_TRUE(near(logical_xor(t, u), {0, 1, 1, 0}));
  EXPECT_TRUE(near(!t, {0, 0, 1, 1}));
  EXPECT_TRUE(near(logical_and(tensor({0.0, 2.0}), tensor({1, 1})), {0, 1}));
  // int vs float comparison promotes
  EXPECT_TRUE(near(tensor({1, 2}) < tensor({1.5, 1.5}), {1, 0}));
}

TEST(Elementwise, MaximumMinimumPropagateNaN) {
  double nan = std::nan("");
  Tensor a = tensor({1.0, nan, 3.0}), b = tensor({2.0, 0.0, nan});
  EXPECT_TRUE(near(maximum(a, b), {2.0, nan, nan}));
  EXPECT_TRUE(near(minimum(a, b), {1.0, nan, nan}));
  EXPECT_TRUE(near(maximum(tensor({1, 5}), tensor({3, 2})), {3, 5}));
  EXPECT_TRUE(near(isnan(a), {0, 1, 0}));
  EXPECT_TRUE(near(isfinite(tensor({1.0, INFINITY, nan})), {1, 0, 0}));
  EXPECT_TRUE(near(isinf(tensor({1.0, -INFINITY, nan})), {0, 1, 0}));
}

TEST(Elementwise, Atan2FmodPow) {
  Tensor y = tensor({1.0, -1.0, 0.0}), x = tensor({1.0, -1.0, -1.0});
  EXPECT_TRUE(near(atan2(y, x), {std::atan2(1.0, 1.0), std::atan2(-1.0, -1.0), std::atan2(0.0, -1.0)}));
  EXPECT_TRUE(near(fmod(tensor({5.5, -5.5}), tensor({2.0, 2.0})), {1.5, -1.5}));
  EXPECT_TRUE(near(fmod(tensor({7, -7}), tensor({3, 3})), {1, -1}));
  EXPECT_TRUE(near(pow(tensor({2, 3, -2}), tensor({10, 0, 3})), {1024, 1, -8}));
  EXPECT_EQ(pow(tensor({2, 3}), tensor({2, 2})).dtype(), kInt64);
  EXPECT_TRUE(near(pow(tensor({2.0, 9.0}), tensor({-1.0, 0.5})), {0.5, 3.0}));
}

TEST(Elementwise, WhereAndClamp) {
  Tensor c = tensor({true, false, true});
  EXPECT_TRUE(near(where(c, tensor({1.0, 2.0, 3.0}), tensor({-1.0, -2.0, -3.0})), {1, -2, 3}));
  EXPECT_TRUE(near(where(c, 0.0, tensor({5.0, 6.0, 7.0})), {0, 6, 0}));
  EXPECT_TRUE(near(where(c.reshape({3, 1}), tensor({1.0, 2.0}), 9.0), {1, 2, 9, 9, 1, 2}));
  EXPECT_THROW(where(tensor({1.0}), tensor({1.0}), tensor({1.0})), Error);
  Tensor x = tensor({-2.0, 0.5, 3.0, std::nan("")});
  EXPECT_TRUE(near(clamp(x, -1.0, 1.0), {-1, 0.5, 1, std::nan("")}));
  EXPECT_TRUE(near(clamp(x, std::nullopt, 0.0), {-2, 0, 0, std::nan("")}));
  EXPECT_TRUE(near(x.clamp(0.0), {0, 0.5, 3, std::nan("")}));
  EXPECT_TRUE(near(clamp(tensor({-5, 5}), -1, 1), {-1, 1}));
  EXPECT_EQ(clamp(tensor({-5, 5}), -1, 1).dtype(), kInt64);
  EXPECT_TRUE(near(clamp(tensor({1.0, 5.0}), tensor({2.0, 2.0}), tensor({3.0, 4.0})), {2, 4}));
  EXPECT_THROW(clamp(x, std::nullopt, std::nullopt), Error);
}

TEST(Elementwise, InPlaceOps) {
  Tensor a = tensor({1.0, 2.0, 3.0});
  a.add_(tensor({1.0, 1.0, 1.0})).mul_(2.0).sub_(1.0);
  EXPECT_TRUE(near(a, {3, 5, 7}));
  a.add_(tensor({1.0, 1.0, 1.0}), 10.0);
  EXPECT_TRUE(near(a, {13, 15, 17}));
  a += 1.0;
  a /= 2.0;
  EXPECT_TRUE(near(a, {7, 8, 9}));
  a.neg_().abs_().sqrt_().exp_().log_();
  EXPECT_TRUE(near(a, {std::sqrt(7.0), std::sqrt(8.0), 3.0}));
  a.clamp_(2.7, 2.9);
  EXPECT_TRUE(near(a, {2.7, 2.8284271247461903, 2.9}));
  // in-place into an int tensor: float results can't be stored
  Tensor i = tensor({1, 2});
  EXPECT_THROW(i.div_(2), Error);
  EXPECT_THROW(i.add_(0.5), Error);
  EXPECT_THROW(i.exp_(), Error);
  i.mul_(3);
  EXPECT_TRUE(near(i, {3, 6}));
  // float tensor += int tensor is fine
  Tensor f = tensor({0.5, 0.5});
  f += tensor({1, 2});
  EXPECT_TRUE(near(f, {1.5, 2.5}));
  // output shape must be the broadcast shape
  EXPECT_THROW(tensor({1.0}).add_(tensor({1.0, 2.0})), Error);
  // in-place through a view
  Tensor m = zeros({2, 2}, kFloat64);
  m.select(1, 1).add_(5.0);
  EXPECT_TRUE(near(m, {0, 5, 0, 5}));
}

TEST(Elementwise, InPlaceWithAliasedOperands) {
  // a += a.t(): every element must read the original transposed value.
  Tensor a = arange(9, kFloat64).reshape({3, 3});
  Tensor expected = a + a.t().contiguous();
  a.add_(a.t());
  EXPECT_TRUE(near(a, expected));
  // a *= a (same layout) is elementwise-safe
  Tensor b = tensor({1.0, 2.0, 3.0});
  b.mul_(b);
  EXPECT_TRUE(near(b, {1, 4, 9}));
  // overlapping shifted views: x[1:] += x[:-1]
  Tensor x = tensor({1.0, 1.0, 1.0, 1.0});
  Tensor tail = x.slice(0, 1);
  tail.add_(x.slice(0, 0, 3));
  EXPECT_TRUE(near(x, {1, 2, 2, 2}));
  // copy_ from a reversed view of itself
  Tensor y = arange(5, kFloat64);
  y.copy_(y.slice(0, std::nullopt, std::nullopt, -1));
  EXPECT_TRUE(near(y, {4, 3, 2, 1, 0}));
}

TEST(Elementwise, NonContiguousInputsMatchContiguous) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> nd;
  std::vector<double> v(4 * 5 * 6);
  for (auto& e : v) e = nd(rng);
  Tensor base = tensor(v, {4, 5, 6});
  std::vector<Tensor> views = {base.permute({2, 0, 1}), base.slice(2, 0, 6, 2), base.select(1, 3),
                               base.slice(0, std::nullopt, std::nullopt, -1), base.transpose(0, 2)};
  for (const Tensor& t : views) {
    Tensor c = t.contiguous();
    EXPECT_TRUE(near(exp(t), exp(c), 1e-15));
    EXPECT_TRUE(near(t * t + t, c * c + c, 1e-15));
    EXPECT_TRUE(near(tanh(t.to(kFloat32)), tanh(c.to(kFloat32)), 1e-6));
  }
  // expanded (stride 0) operands
  Tensor row = tensor({1.0, 2.0, 3.0});
  Tensor e = row.expand({4, 3});
  EXPECT_TRUE(near(e * 2.0, {2, 4, 6, 2, 4, 6, 2, 4, 6, 2, 4, 6}));
}

TEST(Elementwise, LargeTensorsThreadedMatchSerial) {
  int64_t n = 300000;
  Tensor x = linspace(-5, 5, n, kFloat32);
  set_num_threads(1);
  Tensor a = exp(x) + x * 2.0;
  set_num_threads(2);
  Tensor b = exp(x) + x * 2.0;
  set_num_threads(get_num_threads());
  EXPECT_TRUE(equal(a, b));
  EXPECT_NEAR(at(a, {n - 1}), std::exp(5.0f) + 10.0f, 1e-3);
}

TEST(Elementwise, ErrorsNameOpAndDtype) {
  EXPECT_NE(message_of([] { (void)neg(tensor({true})); }).find("neg"), std::string::npos);
  EXPECT_NE(message_of([] { (void)(tensor({true}) + tensor({true})); }).find("bool"), std::string::npos);
  EXPECT_NE(message_of([] { (void)exp(Tensor()); }).find("exp"), std::string::npos);
  EXPECT_THROW(polygamma(-1, tensor({1.0})), Error);
}
