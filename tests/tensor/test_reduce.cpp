// Reductions, scans and softmax: hand-computed values, a naive reference
// (reading elements through strides with test_util.h) over random shapes,
// layouts and dtypes, stability, NaN propagation, errors and thread-count
// independence.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "test_util.h"

using namespace tyche;
using tyche::testing::at;
using tyche::testing::for_each_index;
using tyche::testing::values;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// test_util's near() with infinite expected values compared exactly (near
// alone accepts any finite value there, since rtol * inf = inf).
::testing::AssertionResult approx(const Tensor& a, const std::vector<double>& expected, double rtol = 1e-6,
                                 double atol = 1e-9) {
  std::vector<double> v = values(a);
  for (size_t i = 0; i < std::min(v.size(), expected.size()); ++i)
    if (std::isinf(expected[i]) && v[i] != expected[i])
      return ::testing::AssertionFailure() << "element " << i << ": got " << v[i] << ", expected " << expected[i];
  return tyche::testing::near(a, expected, rtol, atol);
}
::testing::AssertionResult approx(const Tensor& a, const Tensor& b, double rtol = 1e-6, double atol = 1e-9) {
  if (a.sizes() != b.sizes())
    return ::testing::AssertionFailure() << "shapes " << a.sizes() << " vs " << b.sizes();
  return approx(a, values(b), rtol, atol);
}

// Random values of shape in dtype: floats in [-2, 2], ints in [-4, 4], bools 50/50.
Tensor random_tensor(IntList shape, DType dtype, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<double> v(static_cast<size_t>(numel_of(shape)));
  if (is_floating(dtype)) {
    std::uniform_real_distribution<double> u(-2.0, 2.0);
    for (auto& x : v) x = u(rng);
  } else {
    std::uniform_int_distribution<int> u(dtype == kBool ? 0 : -4, dtype == kBool ? 1 : 4);
    for (auto& x : v) x = u(rng);
  }
  return tensor(v, shape).to(dtype);
}

// The same random values of `shape` held in different layouts: contiguous,
// transposed (last two dims), expanded (dim 0 broadcast) and step-sliced (every
// other element of a twice-as-long dim 0). Each has shape `shape`.
std::vector<std::pair<std::string, Tensor>> layouts(IntList shape, DType dtype, unsigned seed) {
  std::vector<std::pair<std::string, Tensor>> out;
  out.emplace_back("contiguous", random_tensor(shape, dtype, seed));
  size_t nd = shape.size();
  if (nd >= 2) {
    Shape s = shape.shape();
    std::swap(s[nd - 1], s[nd - 2]);
    out.emplace_back("transposed", random_tensor(s, dtype, seed + 1).transpose(-1, -2));
  }
  if (nd >= 1) {
    Shape s = shape.shape();
    s[0] = 1;
    out.emplace_back("expanded", random_tensor(s, dtype, seed + 2).expand(shape));
    s = shape.shape();
    s[0] *= 2;
    out.emplace_back("step-sliced", random_tensor(s, dtype, seed + 3).slice(0, 0, s[0], 2));
  }
  for (auto& [name, t] : out) EXPECT_EQ(t.sizes(), shape) << name;
  return out;
}

// Expected result of reducing x over dims (empty = all) with f on each group of
// elements (gathered in row-major order of the reduced dims).
struct Expected {
  Shape shape;
  std::vector<double> values;
};
Expected reference(const Tensor& x, std::vector<int64_t> dims, bool keepdim,
                   const std::function<double(const std::vector<double>&)>& f) {
  int64_t nd = x.dim();
  std::vector<bool> red(static_cast<size_t>(nd), dims.empty());
  for (int64_t d : dims) red[static_cast<size_t>(d < 0 ? d + nd : d)] = true;
  Shape kept, rsz, out;
  for (int64_t d = 0; d < nd; ++d) {
    int64_t s = x.size(d);
    if (red[static_cast<size_t>(d)]) {
      rsz.push_back(s);
      if (keepdim) out.push_back(1);
    } else {
      kept.push_back(s);
      out.push_back(s);
    }
  }
  Expected e{out, {}};
  for_each_index(kept, [&](const std::vector<int64_t>& ki) {
    std::vector<double> group;
    for_each_index(rsz, [&](const std::vector<int64_t>& ri) {
      std::vector<int64_t> idx(static_cast<size_t>(nd));
      size_t k = 0, r = 0;
      for (int64_t d = 0; d < nd; ++d) idx[static_cast<size_t>(d)] = red[static_cast<size_t>(d)] ? ri[r++] : ki[k++];
      group.push_back(at(x, idx));
    });
    e.values.push_back(f(group));
  });
  return e;
}

double ref_sum(const std::vector<double>& g) { return std::accumulate(g.begin(), g.end(), 0.0); }
double ref_mean(const std::vector<double>& g) { return ref_sum(g) / static_cast<double>(g.size()); }
double ref_prod(const std::vector<double>& g) {
  return std::accumulate(g.begin(), g.end(), 1.0, std::multiplies<>());
}
double ref_max(const std::vector<double>& g) { return *std::max_element(g.begin(), g.end()); }
double ref_min(const std::vector<double>& g) { return *std::min_element(g.begin(), g.end()); }
double ref_max_nan(const std::vector<double>& g) {
  for (double v : g)
    if (std::isnan(v)) return v;
  return ref_max(g);
}
double ref_var(const std::vector<double>& g, int64_t correction) {
  double m = ref_mean(g), s = 0;
  for (double v : g) s += (v - m) * (v - m);
  return s / static_cast<double>(static_cast<int64_t>(g.size()) - correction);
}
double ref_lse(const std::vector<double>& g) {
  double s = 0;
  for (double v : g) s += std::exp(v);
  return std::log(s);
}
double ref_norm(const std::vector<double>& g, double p) {
  if (std::isinf(p)) {
    double m = p > 0 ? 0 : kInf;
    for (double v : g) m = p > 0 ? std::max(m, std::fabs(v)) : std::min(m, std::fabs(v));
    return m;
  }
  double s = 0;
  for (double v : g) s += p == 0 ? (v != 0) : std::pow(std::fabs(v), p);
  return p == 0 ? s : std::pow(s, 1 / p);
}

// Checks op(x) against the reference for several shapes, dims, keepdim and layouts.
void check_against_reference(const char* what, DType dtype, DType out_dtype,
                             const std::function<Tensor(const Tensor&, IntList, bool)>& op,
                             const std::function<double(const std::vector<double>&)>& f,
                             double rtol) {
  const std::vector<Shape> shapes = {{7}, {3, 4}, {2, 3, 5}, {4, 1, 3}};
  const std::vector<std::vector<int64_t>> dim_sets = {{}, {0}, {-1}, {1}, {0, -1}, {-1, 0}, {0, 1, 2}};
  unsigned seed = 1;
  for (const Shape& shape : shapes) {
    for (const auto& dims : dim_sets) {
      // Skip dim sets that don't fit the shape (out of range, or 0 and -1 naming one dim).
      const int64_t nd = static_cast<int64_t>(shape.size());
      std::vector<bool> seen(static_cast<size_t>(nd), false);
      bool ok = true;
      for (int64_t d : dims) {
        if (d >= nd || d < -nd || seen[static_cast<size_t>(d < 0 ? d + nd : d)]) ok = false;
        else seen[static_cast<size_t>(d < 0 ? d + nd : d)] = true;
      }
      if (!ok) continue;
      for (bool keepdim : {false, true}) {
        for (auto& [layout, x] : layouts(shape, dtype, seed++)) {
          SCOPED_TRACE(::testing::Message() << what << " " << dtype << " " << layout << " shape " << x.sizes()
                                            << " dims " << IntList(dims) << " keepdim " << keepdim);
          Tensor y = op(x, dims, keepdim);
          Expected e = reference(x, dims, keepdim, f);
          EXPECT_EQ(y.dtype(), out_dtype);
          EXPECT_EQ(y.sizes(), IntList(e.shape));
          EXPECT_TRUE(approx(y, e.values, rtol, 1e-6));
        }
      }
    }
  }
}

// The message of the tyche::Error thrown by f ("" when none is thrown).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
// f throws tyche::Error whose message starts with "op:".
#define EXPECT_ERROR_NAMES(op, expr)                                   \
  do {                                                                 \
    std::string msg = error_of([&] { (void)(expr); });                  \
    EXPECT_EQ(msg.rfind(std::string(op) + ":", 0), 0u) << "message: " << msg; \
  } while (0)

Tensor m23() { return tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}); }

}  // namespace

// ---------------------------------------------------------------- hand-computed values

TEST(Reduce, SumHandValues) {
  Tensor a = m23();
  EXPECT_TRUE(approx(sum(a), {21}));
  EXPECT_EQ(sum(a).dim(), 0);
  EXPECT_TRUE(approx(sum(a, {0}), {5, 7, 9}));
  EXPECT_TRUE(approx(sum(a, {1}), {6, 15}));
  EXPECT_TRUE(approx(sum(a, {-1}, true), {6, 15}));
  EXPECT_EQ(sum(a, {-1}, true).sizes(), IntList({2, 1}));
  EXPECT_TRUE(approx(a.sum({0, 1}), {21}));
  EXPECT_TRUE(approx(a.t().sum({1}), {5, 7, 9}));
}

TEST(Reduce, MeanProdHandValues) {
  Tensor a = m23();
  EXPECT_TRUE(approx(mean(a), {3.5}));
  EXPECT_TRUE(approx(a.mean({0}), {2.5, 3.5, 4.5}));
  EXPECT_TRUE(approx(prod(a), {720}));
  EXPECT_TRUE(approx(prod(a, 1), {6, 120}));
  EXPECT_TRUE(approx(a.prod(0, true), {4, 10, 18}));
  EXPECT_EQ(a.prod(0, true).sizes(), IntList({1, 3}));
}

TEST(Reduce, MaxMinHandValues) {
  Tensor a = tensor({{3.0, 7.0, 7.0}, {-1.0, 2.0, -5.0}});
  EXPECT_TRUE(approx(amax(a), {7}));
  EXPECT_TRUE(approx(amin(a), {-5}));
  EXPECT_TRUE(approx(a.max(), {7}));
  EXPECT_TRUE(approx(a.min(), {-5}));
  EXPECT_TRUE(approx(amax(a, {0}), {3, 7, 7}));
  EXPECT_TRUE(approx(amin(a, {1}), {3, -5}));
  auto [v, i] = max(a, 1);
  EXPECT_TRUE(approx(v, {7, 2}));
  EXPECT_EQ(i.dtype(), kInt64);
  EXPECT_TRUE(approx(i, {1, 1}));  // first of the two 7s
  auto [v2, i2] = a.min(0, true);
  EXPECT_TRUE(approx(v2, {-1, 2, -5}));
  EXPECT_TRUE(approx(i2, {1, 1, 1}));
  EXPECT_EQ(i2.sizes(), IntList({1, 3}));
  EXPECT_TRUE(approx(argmax(a), {1}));      // flattened index
  EXPECT_TRUE(approx(argmin(a), {5}));
  EXPECT_TRUE(approx(argmax(a, 0), {0, 0, 0}));
  EXPECT_TRUE(approx(a.argmin(-1), {0, 2}));
  EXPECT_EQ(argmax(a, std::nullopt, true).sizes(), IntList({1, 1}));
  EXPECT_TRUE(approx(argmax(tensor({1, 3, 3, 2})), {1}));
  EXPECT_TRUE(approx(argmin(tensor({2, 1, 1})), {1}));
}

TEST(Reduce, AllAnyHandValues) {
  Tensor b = tensor({true, false, true, true}).reshape({2, 2});
  EXPECT_TRUE(approx(all(b), {0}));
  EXPECT_TRUE(approx(any(b), {1}));
  EXPECT_TRUE(approx(b.all(0), {1, 0}));
  EXPECT_TRUE(approx(b.any(1), {1, 1}));
  EXPECT_TRUE(approx(b.all(1, true), {0, 1}));
  EXPECT_EQ(all(b).dtype(), kBool);
  Tensor f = tensor({0.0, kNaN, 2.0});  // NaN is truthy
  EXPECT_TRUE(approx(any(f), {1}));
  EXPECT_TRUE(approx(all(f), {0}));
  EXPECT_TRUE(approx(all(f.slice(0, 1)), {1}));
  EXPECT_EQ(any(f).dtype(), kBool);
  EXPECT_TRUE(approx(any(tensor({0, 0, 3})), {1}));
  EXPECT_TRUE(approx(all(zeros({0})), {1}));
  EXPECT_TRUE(approx(any(zeros({0})), {0}));
}

TEST(Reduce, VarStdHandValues) {
  Tensor a = tensor({1.0, 2.0, 3.0, 4.0});
  EXPECT_TRUE(approx(var(a), {5.0 / 3.0}));
  EXPECT_TRUE(approx(var(a, {}, 0), {1.25}));
  EXPECT_TRUE(approx(a.std(), {std::sqrt(5.0 / 3.0)}));
  EXPECT_TRUE(approx(a.std({0}, 0, true), {std::sqrt(1.25)}));
  EXPECT_EQ(a.std({0}, 0, true).sizes(), IntList({1}));
  EXPECT_TRUE(approx(var(a, {}, 2), {2.5}));
  // correction >= count: the divisor clamps at 0, as PyTorch.
  EXPECT_TRUE(approx(var(a, {}, 4), {kInf}));
  EXPECT_TRUE(approx(var(a, {}, 7), {kInf}));
  EXPECT_TRUE(approx(var(tensor({3.0})), {kNaN}));     // 0 / 0
  EXPECT_TRUE(approx(var(tensor({3.0}), {}, 0), {0}));
  EXPECT_TRUE(approx(var(m23(), {1}), {1, 1}));
  // Large offset: two-pass variance stays accurate.
  EXPECT_TRUE(approx(var(tensor({1e8 + 1, 1e8 + 2, 1e8 + 3})), {1}, 1e-9));
}

TEST(Reduce, NormHandValues) {
  Tensor a = tensor({3.0, 0.0, -4.0});
  EXPECT_TRUE(approx(norm(a), {5}));
  EXPECT_TRUE(approx(a.norm(1), {7}));
  EXPECT_TRUE(approx(a.norm(kInf), {4}));
  EXPECT_TRUE(approx(a.norm(-kInf), {0}));
  EXPECT_TRUE(approx(a.norm(0), {2}));
  EXPECT_TRUE(approx(a.norm(3), {std::cbrt(91.0)}));
  EXPECT_TRUE(approx(norm(m23(), 2, {1}, true), {std::sqrt(14.0), std::sqrt(77.0)}));
  EXPECT_EQ(norm(m23(), 2, {1}, true).sizes(), IntList({2, 1}));
  EXPECT_EQ(norm(a.to(kFloat32), 0).dtype(), kFloat32);
  EXPECT_TRUE(approx(norm(zeros({0})), {0}));
}

TEST(Reduce, LogsumexpHandValuesAndStability) {
  EXPECT_TRUE(approx(logsumexp(tensor({1000.0, 1000.0})), {1000 + std::log(2.0)}, 1e-12));
  EXPECT_TRUE(approx(logsumexp(tensor({-1000.0, -1000.0})), {-1000 + std::log(2.0)}, 1e-12));
  EXPECT_TRUE(approx(logsumexp(tensor({1000.0, 1000.0}, kFloat32)), {1000 + std::log(2.0)}, 1e-6));
  EXPECT_TRUE(approx(logsumexp(tensor({-kInf, -kInf})), {-kInf}));
  EXPECT_TRUE(approx(logsumexp(full({2, 8}, -kInf, kFloat32), {1}), {-kInf, -kInf}));
  EXPECT_TRUE(approx(logsumexp(tensor({kInf, 1.0})), {kInf}));
  EXPECT_TRUE(approx(logsumexp(tensor({-kInf, 0.0})), {0}));
  EXPECT_TRUE(approx(logsumexp(tensor({kNaN, 1.0})), {kNaN}));
  Tensor rows = tensor({{0.0, std::log(3.0)}, {-kInf, -kInf}});
  EXPECT_TRUE(approx(logsumexp(rows, {1}), {std::log(4.0), -kInf}));
  EXPECT_TRUE(approx(rows.logsumexp({-1}, true), {std::log(4.0), -kInf}));
  EXPECT_EQ(rows.logsumexp({-1}, true).sizes(), IntList({2, 1}));
  // Integers promote to the default dtype, as PyTorch.
  Tensor li = logsumexp(tensor({0, 0}));
  EXPECT_EQ(li.dtype(), default_dtype());
  EXPECT_TRUE(approx(li, {std::log(2.0)}, 1e-6));
  // Zero-size reductions give log(0) = -inf.
  EXPECT_TRUE(approx(logsumexp(zeros({0})), {-kInf}));
  EXPECT_TRUE(approx(logsumexp(zeros({2, 0}), {1}), {-kInf, -kInf}));
}

TEST(Reduce, CumulativeHandValues) {
  EXPECT_TRUE(approx(cumsum(tensor({1.0, 2.0, 3.0}), 0), {1, 3, 6}));
  EXPECT_TRUE(approx(cumprod(tensor({1.0, 2.0, 3.0}), 0), {1, 2, 6}));
  Tensor a = m23();
  EXPECT_TRUE(approx(a.cumsum(0), {1, 2, 3, 5, 7, 9}));
  EXPECT_TRUE(approx(a.cumsum(-1), {1, 3, 6, 4, 9, 15}));
  EXPECT_TRUE(approx(a.cumprod(1), {1, 2, 6, 4, 20, 120}));
  EXPECT_TRUE(approx(a.t().cumsum(1), {1, 5, 2, 7, 3, 9}));
  EXPECT_EQ(a.t().cumsum(1).sizes(), IntList({3, 2}));
  EXPECT_TRUE(a.t().cumsum(1).is_contiguous());
  Tensor b = cumsum(tensor({true, true, false, true}), 0);
  EXPECT_EQ(b.dtype(), kInt64);
  EXPECT_TRUE(approx(b, {1, 2, 2, 3}));
  EXPECT_EQ(cumprod(tensor({2, 3}).to(kInt32), 0).dtype(), kInt64);
  EXPECT_TRUE(approx(cumsum(tensor({1.0, kNaN, 1.0}), 0), {1, kNaN, kNaN}));
}

TEST(Reduce, SoftmaxHandValuesAndStability) {
  double e1 = std::exp(1.0), e2 = std::exp(2.0), z = 1 + e1 + e2;
  EXPECT_TRUE(approx(softmax(tensor({0.0, 1.0, 2.0}), 0), {1 / z, e1 / z, e2 / z}));
  EXPECT_TRUE(approx(log_softmax(tensor({0.0, 1.0, 2.0}), 0), {-std::log(z), 1 - std::log(z), 2 - std::log(z)}));
  // Large values: shifting by the max keeps exp from overflowing.
  double p = 1 / (1 + e1);
  EXPECT_TRUE(approx(softmax(tensor({1000.0, 1001.0}), 0), {p, 1 - p}, 1e-12));
  EXPECT_TRUE(approx(softmax(tensor({1000.0, 1001.0}, kFloat32), 0), {p, 1 - p}, 1e-6));
  EXPECT_TRUE(approx(log_softmax(tensor({-1000.0, 0.0}), 0), {-1000, 0}, 1e-12));
  // Masked (-inf) entries get exactly 0, also in rows long enough for SIMD exp.
  EXPECT_TRUE(approx(softmax(tensor({-kInf, 0.0}), 0), {0, 1}, 0, 0));
  for (DType t : {kFloat32, kFloat64}) {
    Tensor masked = softmax(tensor({-kInf, 0.0, -kInf, -kInf, 0.0, -kInf, -kInf, -kInf, -kInf, 0.0}, t), 0);
    EXPECT_TRUE(approx(masked, {0, 1. / 3, 0, 0, 1. / 3, 0, 0, 0, 0, 1. / 3}, 1e-6, 0)) << t;
  }
  EXPECT_TRUE(approx(softmax(tensor({kInf, 0.0, -kInf, 1.0}), 0), {kNaN, kNaN, kNaN, kNaN}));
  EXPECT_TRUE(approx(softmax(tensor({-kInf, -kInf, -kInf, -kInf}), 0), {kNaN, kNaN, kNaN, kNaN}));
  EXPECT_TRUE(approx(softmax(tensor({kNaN, 0.0}), 0), {kNaN, kNaN}));
  Tensor a = m23();
  Tensor s0 = a.softmax(0);
  double q = 1 / (1 + std::exp(3.0));
  EXPECT_TRUE(approx(s0, {q, q, q, 1 - q, 1 - q, 1 - q}));
  EXPECT_TRUE(s0.is_contiguous());
  EXPECT_TRUE(approx(sum(a.softmax(-1), {-1}), {1, 1}));
  EXPECT_TRUE(approx(softmax(scalar_tensor(5.0), 0), {1}));
  EXPECT_EQ(softmax(scalar_tensor(5.0), 0).dim(), 0);
  EXPECT_EQ(softmax(zeros({2, 0}), 1).sizes(), IntList({2, 0}));
}

// ---------------------------------------------------------------- naive reference

TEST(ReduceReference, SumMeanProd) {
  for (DType t : {kFloat32, kFloat64}) {
    double rtol = t == kFloat32 ? 1e-5 : 1e-12;
    check_against_reference("sum", t, t, [](const Tensor& x, IntList d, bool k) { return sum(x, d, k); },
                            ref_sum, rtol);
    check_against_reference("mean", t, t, [](const Tensor& x, IntList d, bool k) { return mean(x, d, k); },
                            ref_mean, rtol);
  }
  for (DType t : {kBool, kInt32, kInt64})
    check_against_reference("sum", t, kInt64, [](const Tensor& x, IntList d, bool k) { return sum(x, d, k); },
                            ref_sum, 0);
  // prod takes one dim (or all).
  for (DType t : {kInt32, kFloat64, kFloat32}) {
    DType out = is_floating(t) ? t : kInt64;
    check_against_reference(
        "prod", t, out,
        [](const Tensor& x, IntList d, bool k) {
          if (d.empty()) return prod(x, std::nullopt, k);
          Tensor y = x;
          for (int64_t dd : d) y = prod(y, dd, /*keepdim=*/true);
          if (k) return y;
          Shape kept;  // drop the reduced (now size-1) dims
          for (int64_t i = 0; i < x.dim(); ++i)
            if (std::find_if(d.begin(), d.end(), [&](int64_t dd) { return (dd + x.dim()) % x.dim() == i; }) == d.end())
              kept.push_back(x.size(i));
          return y.reshape(kept);
        },
        ref_prod, t == kFloat32 ? 1e-5 : 1e-12);
  }
}

TEST(ReduceReference, AmaxAminAllAny) {
  for (DType t : {kBool, kInt32, kInt64, kFloat32, kFloat64}) {
    check_against_reference("amax", t, t, [](const Tensor& x, IntList d, bool k) { return amax(x, d, k); },
                            ref_max, 0);
    check_against_reference("amin", t, t, [](const Tensor& x, IntList d, bool k) { return amin(x, d, k); },
                            ref_min, 0);
    auto all_true = [](const std::vector<double>& g) { return double(std::all_of(g.begin(), g.end(), [](double v) { return v != 0; })); };
    auto any_true = [](const std::vector<double>& g) { return double(std::any_of(g.begin(), g.end(), [](double v) { return v != 0; })); };
    check_against_reference("all", t, kBool, [](const Tensor& x, IntList d, bool k) { return all(x, d, k); },
                            all_true, 0);
    check_against_reference("any", t, kBool, [](const Tensor& x, IntList d, bool k) { return any(x, d, k); },
                            any_true, 0);
  }
}

TEST(ReduceReference, VarStdLogsumexpNorm) {
  for (DType t : {kFloat32, kFloat64}) {
    double rtol = t == kFloat32 ? 2e-5 : 1e-11;
    for (int64_t c : {0, 1}) {
      check_against_reference("var", t, t, [c](const Tensor& x, IntList d, bool k) { return var(x, d, c, k); },
                              [c](const std::vector<double>& g) { return ref_var(g, c); }, rtol);
      check_against_reference("std", t, t, [c](const Tensor& x, IntList d, bool k) { return tyche::std(x, d, c, k); },
                              [c](const std::vector<double>& g) { return std::sqrt(ref_var(g, c)); }, rtol);
    }
    check_against_reference("logsumexp", t, t,
                            [](const Tensor& x, IntList d, bool k) { return logsumexp(x, d, k); }, ref_lse, rtol);
    for (double p : {2.0, 1.0, 0.0, 3.0, 0.5, -1.5, kInf, -kInf})
      check_against_reference("norm", t, t, [p](const Tensor& x, IntList d, bool k) { return norm(x, p, d, k); },
                              [p](const std::vector<double>& g) { return ref_norm(g, p); }, rtol);
  }
  check_against_reference("logsumexp", kInt64, default_dtype(),
                          [](const Tensor& x, IntList d, bool k) { return logsumexp(x, d, k); }, ref_lse, 1e-5);
}

// max/min(dim) values and indices, argmax/argmin with and without a dim.
TEST(ReduceReference, IndexedExtrema) {
  auto first_index = [](const std::vector<double>& g, bool is_max) {
    size_t best = 0;
    for (size_t i = 1; i < g.size(); ++i)
      if (is_max ? g[i] > g[best] : g[i] < g[best]) best = i;
    return double(best);
  };
  unsigned seed = 100;
  for (DType t : {kInt32, kInt64, kFloat32, kFloat64, kBool}) {
    for (Shape shape : {Shape{9}, Shape{3, 4}, Shape{2, 3, 5}}) {
      for (auto& [layout, x] : layouts(shape, t, seed++)) {
        for (int64_t d = -x.dim(); d < x.dim(); ++d) {
          for (bool keepdim : {false, true}) {
            SCOPED_TRACE(::testing::Message() << t << " " << layout << " shape " << x.sizes() << " dim " << d
                                              << " keepdim " << keepdim);
            for (bool is_max : {true, false}) {
              auto [v, i] = is_max ? max(x, d, keepdim) : min(x, d, keepdim);
              Expected ev = reference(x, {d}, keepdim, is_max ? ref_max : ref_min);
              Expected ei = reference(x, {d}, keepdim, [&](const std::vector<double>& g) { return first_index(g, is_max); });
              EXPECT_EQ(v.dtype(), t);
              EXPECT_EQ(i.dtype(), kInt64);
              EXPECT_EQ(v.sizes(), IntList(ev.shape));
              EXPECT_TRUE(approx(v, ev.values, 0, 0));
              EXPECT_TRUE(approx(i, ei.values, 0, 0));
              Tensor a = is_max ? argmax(x, d, keepdim) : argmin(x, d, keepdim);
              EXPECT_TRUE(approx(a, i));
            }
          }
        }
        Expected flat = reference(x.reshape({-1}), {}, false, [&](const std::vector<double>& g) { return first_index(g, true); });
        EXPECT_TRUE(approx(argmax(x), flat.values, 0, 0));
      }
    }
  }
}

TEST(ReduceReference, CumsumCumprod) {
  unsigned seed = 200;
  for (DType t : {kBool, kInt32, kInt64, kFloat32, kFloat64}) {
    DType out = is_floating(t) ? t : kInt64;
    for (Shape shape : {Shape{6}, Shape{3, 4}, Shape{2, 3, 4}}) {
      for (auto& [layout, x] : layouts(shape, t, seed++)) {
        for (int64_t d = -x.dim(); d < x.dim(); ++d) {
          SCOPED_TRACE(::testing::Message() << t << " " << layout << " shape " << x.sizes() << " dim " << d);
          Tensor cs = cumsum(x, d), cp = cumprod(x, d);
          EXPECT_EQ(cs.dtype(), out);
          EXPECT_EQ(cp.dtype(), out);
          EXPECT_EQ(cs.sizes(), x.sizes());
          // Reference: element idx accumulates x along d up to idx[d].
          std::vector<double> es, ep;
          int64_t w = d < 0 ? d + x.dim() : d;
          for_each_index(x.sizes(), [&](const std::vector<int64_t>& idx) {
            double s = 0, p = 1;
            std::vector<int64_t> j = idx;
            for (int64_t k = 0; k <= idx[static_cast<size_t>(w)]; ++k) {
              j[static_cast<size_t>(w)] = k;
              s += at(x, j);
              p *= at(x, j);
            }
            es.push_back(s);
            ep.push_back(p);
          });
          double rtol = t == kFloat32 ? 1e-5 : 1e-12;
          EXPECT_TRUE(approx(cs, es, rtol, 1e-6));
          EXPECT_TRUE(approx(cp, ep, rtol, 1e-6));
        }
      }
    }
  }
}

TEST(ReduceReference, SoftmaxLogSoftmax) {
  unsigned seed = 300;
  for (DType t : {kFloat32, kFloat64}) {
    for (Shape shape : {Shape{5}, Shape{3, 4}, Shape{2, 3, 4}}) {
      for (auto& [layout, x] : layouts(shape, t, seed++)) {
        for (int64_t d = -x.dim(); d < x.dim(); ++d) {
          SCOPED_TRACE(::testing::Message() << t << " " << layout << " shape " << x.sizes() << " dim " << d);
          int64_t w = d < 0 ? d + x.dim() : d;
          std::vector<double> es, el;
          for_each_index(x.sizes(), [&](const std::vector<int64_t>& idx) {
            std::vector<int64_t> j = idx;
            double z = 0;
            for (int64_t k = 0; k < x.size(w); ++k) {
              j[static_cast<size_t>(w)] = k;
              z += std::exp(at(x, j));
            }
            es.push_back(std::exp(at(x, idx)) / z);
            el.push_back(at(x, idx) - std::log(z));
          });
          double rtol = t == kFloat32 ? 1e-5 : 1e-12;
          Tensor s = softmax(x, d), l = log_softmax(x, d);
          EXPECT_EQ(s.dtype(), t);
          EXPECT_EQ(s.sizes(), x.sizes());
          EXPECT_TRUE(approx(s, es, rtol, 1e-7));
          EXPECT_TRUE(approx(l, el, rtol, 1e-6));
        }
      }
    }
  }
}

// ---------------------------------------------------------------- dtypes

TEST(Reduce, OutputDtypes) {
  Tensor i32 = tensor({1, 2, 3}).to(kInt32);
  Tensor b = tensor({true, true, false});
  EXPECT_EQ(sum(i32).dtype(), kInt64);
  EXPECT_EQ(sum(b).dtype(), kInt64);
  EXPECT_TRUE(approx(sum(b), {2}));
  EXPECT_EQ(prod(i32).dtype(), kInt64);
  EXPECT_EQ(prod(b).dtype(), kInt64);
  EXPECT_EQ(amax(i32).dtype(), kInt32);
  EXPECT_EQ(amax(b).dtype(), kBool);
  EXPECT_TRUE(approx(amax(b), {1}));
  EXPECT_TRUE(approx(amin(b), {0}));
  EXPECT_EQ(std::get<0>(max(b, 0)).dtype(), kBool);
  EXPECT_TRUE(approx(std::get<1>(min(b, 0)), {2}));
  EXPECT_EQ(sum(tensor({1.0, 2.0}, kFloat32)).dtype(), kFloat32);
  EXPECT_EQ(mean(tensor({1.0, 2.0})).dtype(), kFloat64);
  EXPECT_EQ(argmax(tensor({1.0, 2.0})).dtype(), kInt64);
  EXPECT_EQ(any(i32).dtype(), kBool);
  EXPECT_EQ(var(tensor({1.0, 2.0}, kFloat32)).dtype(), kFloat32);
  EXPECT_EQ(softmax(tensor({1.0, 2.0}, kFloat32), 0).dtype(), kFloat32);
}

TEST(Reduce, IntegerOverflowWrapsLikePyTorch) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(sum(tensor(std::vector<int64_t>{big, 1})).item<int64_t>(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(prod(tensor(std::vector<int64_t>{int64_t{1} << 62, 4})).item<int64_t>(), 0);
  // int32 inputs accumulate in int64, so no overflow here.
  EXPECT_EQ(sum(tensor(std::vector<int32_t>{2000000000, 2000000000})).item<int64_t>(), 4000000000);
}

// ---------------------------------------------------------------- NaN

TEST(Reduce, NanPropagates) {
  Tensor a = tensor({1.0, kNaN, 3.0, kNaN});
  EXPECT_TRUE(approx(amax(a), {kNaN}));
  EXPECT_TRUE(approx(amin(a), {kNaN}));
  EXPECT_TRUE(approx(sum(a), {kNaN}));
  EXPECT_TRUE(approx(argmax(a), {1}));  // the first NaN
  EXPECT_TRUE(approx(argmin(a), {1}));
  auto [v, i] = max(a.reshape({2, 2}), 1);
  EXPECT_TRUE(approx(v, {kNaN, kNaN}));
  EXPECT_TRUE(approx(i, {1, 1}));
  Tensor f = tensor({kNaN, 5.0, 9.0}, kFloat32);
  EXPECT_TRUE(approx(amax(f), {kNaN}));
  EXPECT_TRUE(approx(argmax(f), {0}));
  EXPECT_TRUE(approx(norm(a), {kNaN}));
  EXPECT_TRUE(approx(a.norm(kInf), {kNaN}));
  EXPECT_TRUE(approx(var(a), {kNaN}));
}

// Long rows are cut into blocks: first occurrence and NaN must survive the combine.
TEST(Reduce, ArgExtremaAcrossBlocks) {
  std::vector<double> v(50000, 0.0);
  v[9000] = 5;
  v[17000] = 5;
  v[30000] = -5;
  v[45000] = -5;
  Tensor a = tensor(v);
  EXPECT_TRUE(approx(argmax(a), {9000}));
  EXPECT_TRUE(approx(argmin(a), {30000}));
  EXPECT_TRUE(approx(amax(a), {5}));
  v[40000] = kNaN;
  v[48000] = kNaN;
  Tensor b = tensor(v);
  EXPECT_TRUE(approx(argmax(b), {40000}));
  EXPECT_TRUE(approx(argmin(b), {40000}));
  EXPECT_TRUE(approx(amax(b), {kNaN}));
  EXPECT_TRUE(approx(amin(b.to(kFloat32)), {kNaN}));
  // Two rows of blocks.
  auto [val, idx] = max(tensor(v).reshape({2, 25000}), 1);
  EXPECT_TRUE(approx(val, {5, kNaN}));
  EXPECT_TRUE(approx(idx, {9000, 15000}));
}

// ---------------------------------------------------------------- zero-size and 0-dim

TEST(Reduce, ZeroSizeInputs) {
  Tensor e = zeros({0, 3});
  EXPECT_TRUE(approx(sum(e), {0}));
  EXPECT_TRUE(approx(sum(e, {0}), {0, 0, 0}));
  EXPECT_EQ(sum(e, {1}).sizes(), IntList({0}));
  EXPECT_EQ(sum(e, {1}, true).sizes(), IntList({0, 1}));
  EXPECT_TRUE(approx(prod(e), {1}));
  EXPECT_TRUE(approx(prod(e, 0), {1, 1, 1}));
  EXPECT_TRUE(approx(mean(e), {kNaN}));
  EXPECT_TRUE(approx(var(e, {0}), {kNaN, kNaN, kNaN}));
  EXPECT_TRUE(approx(norm(e, 2, {0}), {0, 0, 0}));
  EXPECT_TRUE(approx(all(e, {0}), {1, 1, 1}));
  EXPECT_TRUE(approx(any(e, {0}), {0, 0, 0}));
  // Reducing only non-empty dims of an empty tensor is fine even without an identity.
  EXPECT_EQ(amax(e, {1}).sizes(), IntList({0}));
  EXPECT_EQ(std::get<1>(max(e, 1)).sizes(), IntList({0}));
  EXPECT_EQ(argmin(e, 1).sizes(), IntList({0}));
  EXPECT_EQ(cumsum(e, 0).sizes(), IntList({0, 3}));
  EXPECT_EQ(cumprod(e, 1).sizes(), IntList({0, 3}));
  EXPECT_EQ(softmax(e, 0).sizes(), IntList({0, 3}));
  EXPECT_EQ(sum(zeros({0}, kInt32)).dtype(), kInt64);
  EXPECT_EQ(sum(zeros({0}, kInt32)).item<int64_t>(), 0);
}

TEST(Reduce, ZeroDimInputs) {
  Tensor s = scalar_tensor(3.0);
  for (const std::vector<int64_t>& dims : std::vector<std::vector<int64_t>>{{}, {0}, {-1}}) {
    for (bool keepdim : {false, true}) {
      EXPECT_EQ(sum(s, dims, keepdim).dim(), 0);
      EXPECT_TRUE(approx(sum(s, dims, keepdim), {3}));
      EXPECT_TRUE(approx(mean(s, dims, keepdim), {3}));
      EXPECT_TRUE(approx(amax(s, dims, keepdim), {3}));
      EXPECT_TRUE(approx(logsumexp(s, dims, keepdim), {3}));
      EXPECT_TRUE(approx(norm(s, 2, dims, keepdim), {3}));
      EXPECT_TRUE(approx(all(s, dims, keepdim), {1}));
    }
  }
  auto [v, i] = max(s, 0);
  EXPECT_EQ(v.dim(), 0);
  EXPECT_TRUE(approx(v, {3}));
  EXPECT_TRUE(approx(i, {0}));
  EXPECT_TRUE(approx(argmax(s), {0}));
  EXPECT_TRUE(approx(argmin(s, -1, true), {0}));
  EXPECT_TRUE(approx(prod(s, 0), {3}));
  EXPECT_TRUE(approx(cumsum(s, 0), {3}));
  EXPECT_EQ(cumsum(s, 0).dim(), 0);
  EXPECT_TRUE(approx(cumprod(s, -1), {3}));
  EXPECT_TRUE(approx(log_softmax(s, 0), {0}));
  EXPECT_TRUE(approx(var(s), {kNaN}));
  EXPECT_TRUE(approx(var(s, {}, 0), {0}));
  EXPECT_EQ(sum(scalar_tensor(2)).dtype(), kInt64);
}

// ---------------------------------------------------------------- errors

TEST(ReduceErrors, BadDims) {
  Tensor a = m23();
  EXPECT_THROW(sum(a, {0, 0}), Error);
  EXPECT_ERROR_NAMES("sum", sum(a, {0, -2}));
  EXPECT_ERROR_NAMES("mean", mean(a, {1, 1}));
  EXPECT_ERROR_NAMES("amax", amax(a, {2}));
  EXPECT_ERROR_NAMES("amin", amin(a, {-3}));
  EXPECT_ERROR_NAMES("prod", prod(a, 2));
  EXPECT_ERROR_NAMES("max", max(a, 2));
  EXPECT_ERROR_NAMES("min", min(a, -3));
  EXPECT_ERROR_NAMES("argmax", argmax(a, 5));
  EXPECT_ERROR_NAMES("logsumexp", logsumexp(a, {0, 0}));
  EXPECT_ERROR_NAMES("var", var(a, {1, -1}));
  EXPECT_ERROR_NAMES("std", tyche::std(a, {3}));
  EXPECT_ERROR_NAMES("norm", norm(a, 2, {0, 0}));
  EXPECT_ERROR_NAMES("all", all(a, {2}));
  EXPECT_ERROR_NAMES("any", any(a, {0, 0}));
  EXPECT_ERROR_NAMES("cumsum", cumsum(a, 2));
  EXPECT_ERROR_NAMES("cumprod", cumprod(a, -3));
  EXPECT_ERROR_NAMES("softmax", softmax(a, 2));
  EXPECT_ERROR_NAMES("log_softmax", log_softmax(a, -3));
  EXPECT_ERROR_NAMES("sum", sum(scalar_tensor(1.0), {1}));
  EXPECT_ERROR_NAMES("sum", sum(scalar_tensor(1.0), {0, -1}));
  EXPECT_ERROR_NAMES("sum", sum(Tensor()));
  // The message names the duplicated dim and the shape.
  std::string msg = error_of([&] { sum(a, {1, -1}); });
  EXPECT_NE(msg.find("[2, 3]"), std::string::npos) << msg;
}

TEST(ReduceErrors, IntegerInputsOfFloatOps) {
  Tensor i = tensor({1, 2, 3});
  Tensor b = tensor({true, false});
  for (const Tensor& x : {i, b}) {
    EXPECT_ERROR_NAMES("mean", mean(x));
    EXPECT_ERROR_NAMES("var", var(x));
    EXPECT_ERROR_NAMES("std", tyche::std(x));
    EXPECT_ERROR_NAMES("norm", norm(x));
    EXPECT_ERROR_NAMES("softmax", softmax(x, 0));
    EXPECT_ERROR_NAMES("log_softmax", log_softmax(x, 0));
  }
  std::string msg = error_of([&] { mean(i); });
  EXPECT_NE(msg.find("int64"), std::string::npos) << msg;
}

TEST(ReduceErrors, EmptyReductionsWithoutIdentity) {
  Tensor e = zeros({0, 3});
  EXPECT_ERROR_NAMES("amax", amax(e));
  EXPECT_ERROR_NAMES("amax", amax(e, {0}));
  EXPECT_ERROR_NAMES("amin", e.min());
  EXPECT_ERROR_NAMES("max", max(e, 0));
  EXPECT_ERROR_NAMES("min", min(e, -2));
  EXPECT_ERROR_NAMES("argmax", argmax(e));
  EXPECT_ERROR_NAMES("argmin", argmin(e, 0));
  EXPECT_ERROR_NAMES("norm", norm(e, kInf));
  EXPECT_ERROR_NAMES("norm", norm(e, -kInf, {0}));
  EXPECT_ERROR_NAMES("amax", amax(zeros({0}, kInt64)));
  std::string msg = error_of([&] { amax(e); });
  EXPECT_NE(msg.find("[0, 3]"), std::string::npos) << msg;
}

// ---------------------------------------------------------------- threads and large inputs

// Rows longer than a block are split at fixed offsets, independent of the
// thread count, so results are bit-identical for 1 and 2 threads (tolerance 0).
TEST(ReduceThreads, ResultsDoNotDependOnThreadCount) {
  const int saved = get_num_threads();
  const int64_t n = 1000000;
  std::vector<float> v(static_cast<size_t>(n));
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (auto& x : v) x = u(rng);
  Tensor a = tensor(v);
  double exact = 0;
  for (float x : v) exact += x;

  auto run = [&](int threads) {
    set_num_threads(threads);
    return std::vector<Tensor>{sum(a), mean(a), amax(a), argmin(a), logsumexp(a), var(a),
                               sum(a.reshape({1000, 1000}), {1}), sum(a.reshape({4, 250000}), {1}),
                               sum(a.reshape({1000, 1000}), {0}), softmax(a.reshape({100, 10000}), 1),
                               cumsum(a.reshape({1000, 1000}), 1)};
  };
  std::vector<Tensor> one = run(1), two = run(2);
  set_num_threads(saved);
  for (size_t k = 0; k < one.size(); ++k) EXPECT_TRUE(equal(one[k], two[k])) << "result " << k;
  // float32 blocks summed by Eigen, partials in double: close to the exact sum.
  EXPECT_NEAR(one[0].item<double>(), exact, 1e-3);
  // Per-row sums vs a naive double reference.
  Tensor rows = one[7];
  for (int64_t r = 0; r < 4; ++r) {
    double s = 0;
    for (int64_t c = 0; c < 250000; ++c) s += v[static_cast<size_t>(r * 250000 + c)];
    EXPECT_NEAR(at(rows, {r}), s, 1e-3);
  }
}

TEST(ReduceThreads, ManyShortRowsMatchReference) {
  const int saved = get_num_threads();
  set_num_threads(2);
  Tensor x = random_tensor({3000, 37}, kFloat64, 11);
  Expected e = reference(x, {1}, false, ref_sum);
  EXPECT_TRUE(approx(sum(x, {1}), e.values, 1e-12));
  Expected m = reference(x.t(), {0}, false, ref_max);  // non-contiguous, reduced dim first
  EXPECT_TRUE(approx(amax(x.t(), {0}), m.values, 0, 0));
  set_num_threads(saved);
}

// A contiguous input reduced over leading / middle dims is read in place as
// columns, in tiles of 256: wide rows cross tile edges, NaN and ties included.
TEST(ReduceThreads, WideColumnReductionsMatchReference) {
  const int saved = get_num_threads();
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    Tensor x = random_tensor({40, 3, 700}, kFloat64, 21);
    x.select(0, 17).select(0, 1).select(0, 600).fill_(kNaN);
    for (const std::vector<int64_t>& dims : std::vector<std::vector<int64_t>>{{0}, {1}, {0, 1}}) {
      SCOPED_TRACE(::testing::Message() << "threads " << threads << " dims " << IntList(dims));
      EXPECT_TRUE(approx(sum(x, dims), reference(x, dims, false, ref_sum).values, 1e-12));
      EXPECT_TRUE(approx(amax(x, dims), reference(x, dims, false, ref_max_nan).values, 0, 0));
      EXPECT_TRUE(approx(all(x, dims), reference(x, dims, false, [](const std::vector<double>& g) {
                                         return double(std::all_of(g.begin(), g.end(), [](double v) { return v != 0; }));
                                       }).values, 0, 0));
    }
    Tensor xi = random_tensor({30, 600}, kInt64, 22);
    auto [v, i] = min(xi, 0);
    EXPECT_TRUE(approx(v, reference(xi, {0}, false, ref_min).values, 0, 0));
    EXPECT_TRUE(approx(i, reference(xi, {0}, false, [](const std::vector<double>& g) {
                            return double(std::min_element(g.begin(), g.end()) - g.begin());  // first minimum
                          }).values, 0, 0));
    Tensor c = cumsum(xi, 0);
    Expected col = reference(xi.slice(0, 0, 13), {0}, false, ref_sum);  // the running sum at row 12
    EXPECT_TRUE(approx(c.select(0, 12), col.values, 0, 0));
  }
  set_num_threads(saved);
}

// A fresh small tensor starts on a 64-byte boundary whatever was allocated
// before it, so Eigen's alignment peeling (scalar head and tail, SIMD middle)
// splits a sum the same way every time: copies of one tensor sum to the same
// bits, and so do seeded computations built on them. (Small storages used to
// be only 16-byte aligned: the same 20 numbers summed to values an ulp apart
// depending on the copy.)
TEST(ReduceAddresses, FreshSmallTensorsAreAlignedAndRepeatBitForBit) {
  for (int64_t n : {1, 3, 7, 20, 33, 64}) {
    const Tensor x = random_tensor({n}, kFloat64, 100 + static_cast<unsigned>(n)) * 10.0;
    const double sum0 = x.sum().item<double>(), exp_sum0 = x.exp().sum().item<double>();
    std::vector<Tensor> keep;  // shifts the allocator's state between copies
    for (int i = 0; i < 64; ++i) {
      keep.push_back(zeros({1 + i % 9}));
      const Tensor c = x.clone();
      EXPECT_EQ(reinterpret_cast<uintptr_t>(c.data_ptr()) % 64, 0u) << n << " " << i;
      EXPECT_EQ(c.sum().item<double>(), sum0) << n << " " << i;
      EXPECT_EQ(c.exp().sum().item<double>(), exp_sum0) << n << " " << i;
    }
  }
}
