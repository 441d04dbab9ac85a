// Randomised property tests: ops on random shapes, strides and dtypes agree
// with a naive loop that reads elements through their strides.
#include <algorithm>
#include <cmath>
#include <random>

#include "test_util.h"

using namespace tyche;
using tyche::testing::at;
using tyche::testing::for_each_index;
using tyche::testing::near;

namespace {

struct RandomTensors {
  std::mt19937_64 rng{2024};

  int64_t uniform_int(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }

  Shape random_shape(int max_dims = 4) {
    Shape s;
    int64_t nd = uniform_int(0, max_dims);
    for (int64_t i = 0; i < nd; ++i) s.push_back(uniform_int(0, 4) == 0 ? 1 : uniform_int(1, 5));
    return s;
  }

  // A tensor of `shape` whose layout is random: contiguous, permuted, step-sliced or expanded.
  Tensor random_layout(const Shape& shape, DType dtype) {
    std::normal_distribution<double> nd(0, 2);
    int kind = static_cast<int>(uniform_int(0, 3));
    auto fill = [&](IntList s) {
      std::vector<double> v(static_cast<size_t>(numel_of(s)));
      for (auto& e : v) e = dtype == kBool ? (nd(rng) > 0) : is_floating(dtype) ? nd(rng) : std::round(nd(rng) * 3);
      return tensor(v, s.empty() ? IntList({1}) : s).reshape(s).to(dtype);
    };
    if (shape.empty() || kind == 0) return fill(shape);
    if (kind == 1) {  // permuted: build the reversed shape, then reverse dims
      Shape rev(shape);
      std::reverse(rev.begin(), rev.end());
      std::vector<int64_t> perm;
      for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) perm.push_back(i);
      return fill(rev).permute(perm);
    }
    if (kind == 2) {  // every other element of a twice-as-long last dim
      Shape wide = shape;
      wide.back() *= 2;
      return fill(wide).slice(-1, 0, std::nullopt, 2);
    }
    // expanded: size-1 in a random dim, broadcast back out
    Shape narrow = shape;
    size_t d = static_cast<size_t>(uniform_int(0, static_cast<int64_t>(shape.size()) - 1));
    narrow[d] = 1;
    return fill(narrow).expand(shape);
  }

  // A shape that broadcasts with s (drop leading dims, set some dims to 1).
  Shape broadcastable(const Shape& s) {
    Shape out;
    size_t drop = static_cast<size_t>(uniform_int(0, static_cast<int64_t>(s.size())));
    for (size_t i = drop; i < s.size(); ++i) out.push_back(uniform_int(0, 2) == 0 ? 1 : s[i]);
    return out;
  }

  DType random_dtype() {
    static const DType all[] = {kFloat32, kFloat64, kInt32, kInt64};
    return all[uniform_int(0, 3)];
  }
};

// The value of a (broadcast to shape) at idx.
double at_broadcast(const Tensor& t, const std::vector<int64_t>& idx) {
  std::vector<int64_t> j;
  size_t off = idx.size() - static_cast<size_t>(t.dim());
  for (size_t d = 0; d < static_cast<size_t>(t.dim()); ++d) j.push_back(t.sizes()[d] == 1 ? 0 : idx[off + d]);
  return at(t, j);
}

// Compares op(a, b) against f applied element by element.
template <class Op, class F>
::testing::AssertionResult check_binary(const Tensor& a, const Tensor& b, Op op, F f, double rtol) {
  Tensor r = op(a, b);
  Shape shape = broadcast_shapes(a.sizes(), b.sizes());
  if (r.sizes() != IntList(shape)) return ::testing::AssertionFailure() << "shape " << r.sizes();
  std::vector<double> expected;
  for_each_index(shape, [&](const std::vector<int64_t>& i) {
    expected.push_back(f(at_broadcast(a, i), at_broadcast(b, i)));
  });
  return near(r, expected, rtol, rtol);
}

}  // namespace

TEST(Property, BinaryOpsOnRandomLayoutsAndDtypes) {
  RandomTensors gen;
  for (int trial = 0; trial < 300; ++trial) {
    Shape s = gen.random_shape();
    Shape t = gen.broadcastable(s);
    if (gen.uniform_int(0, 1)) std::swap(s, t);
    DType da = gen.random_dtype(), db = gen.random_dtype();
    Tensor a = gen.random_layout(s, da), b = gen.random_layout(t, db);
    DType rt = result_type(a, b);
    double tol = rt == kFloat32 ? 1e-5 : 1e-12;
    SCOPED_TRACE(::testing::Message() << "trial " << trial << ": " << a.sizes() << " " << da << " strides "
                                      << a.strides() << " with " << b.sizes() << " " << db);
    ASSERT_TRUE(check_binary(a, b, [](auto& x, auto& y) { return x + y; }, [](double x, double y) { return x + y; }, tol));
    ASSERT_TRUE(check_binary(a, b, [](auto& x, auto& y) { return x - y; }, [](double x, double y) { return x - y; }, tol));
    ASSERT_TRUE(check_binary(a, b, [](auto& x, auto& y) { return x * y; }, [](double x, double y) { return x * y; }, tol));
    ASSERT_TRUE(check_binary(a, b, [](auto& x, auto& y) { return maximum(x, y); },
                             [](double x, double y) { return std::max(x, y); }, tol));
    ASSERT_TRUE(check_binary(a, b, [](auto& x, auto& y) { return x < y; }, [](double x, double y) { return double(x < y); }, 0));
    ASSERT_TRUE(check_binary(a, b, [](auto& x, auto& y) { return atan2(x, y); },
                             [](double x, double y) { return std::atan2(x, y); }, 1e-5));
    EXPECT_EQ((a * b).dtype(), rt);
  }
}

TEST(Property, UnaryOpsAndCopiesOnRandomLayouts) {
  RandomTensors gen;
  for (int trial = 0; trial < 200; ++trial) {
    Shape s = gen.random_shape(5);
    DType dt = trial % 2 ? kFloat32 : kFloat64;
    Tensor a = gen.random_layout(s, dt);
    double tol = dt == kFloat32 ? 2e-6 : 1e-14;
    SCOPED_TRACE(::testing::Message() << "trial " << trial << ": " << a.sizes() << " strides " << a.strides());
    std::vector<double> e_tanh, e_abs, e_sig;
    for_each_index(a.sizes(), [&](const std::vector<int64_t>& i) {
      double x = at(a, i);
      e_tanh.push_back(std::tanh(x));
      e_abs.push_back(std::fabs(x));
      e_sig.push_back(1 / (1 + std::exp(-x)));
    });
    ASSERT_TRUE(near(tanh(a), e_tanh, tol, tol));
    ASSERT_TRUE(near(abs(a), e_abs, tol, tol));
    ASSERT_TRUE(near(sigmoid(a), e_sig, tol, tol));
    ASSERT_TRUE(near(a.contiguous(), a, 0, 0));
    ASSERT_TRUE(near(a.to(kFloat64).to(dt), a, 0, 0));
    // In place into a fresh copy with the same (possibly strided) layout.
    if (a.sizes() == a.contiguous().sizes() && !a.strides().empty() && a.strides()[0] != 0) {
      Tensor c = a.clone();
      c.mul_(2.0).add_(c);
      ASSERT_TRUE(near(c, a * 4.0, tol, tol));  // (2a) + (2a)
    }
  }
}
