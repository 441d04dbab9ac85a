// Transforms and biject_to: one table row per transform (and per biject_to
// target), each checked for round trips, codomain membership, log|det J|
// against the numerical Jacobian, first and second derivatives, domains and
// shapes; then fixed values and errors.
#include <cmath>
#include <string>
#include <vector>

#include "../autograd/grad_check.h"
#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace c = dist::constraints;

// How y's event maps to the coordinates the log-det is taken in.
enum class Coords {
  Flat,        // all entries (elementwise and same-size vector maps)
  DropLast,    // simplex: every entry but the last of each vector
  Tril,        // lower triangle including the diagonal, row by row
  StrictTril,  // strictly lower triangle, row by row
};

struct Case {
  std::string name;
  dist::Transform t;
  Shape event;           // x's event shape
  Shape y_event;         // y's event shape
  Coords coords;
  std::string domain, codomain;
  double large = 20;     // |x| up to this still lands in the codomain
  bool float32 = true;   // keeps float32 inputs float32 (no float64 tensor parameters)
};

std::vector<Case> cases() {
  using namespace dist;
  Tensor loc4 = tensor({0.5, -1.0, 2.0, 0.0}), scale4 = tensor({2.0, -0.5, 1.5, -3.0});
  Tensor lo3 = tensor({-1.0, 0.0, 2.0}), hi3 = tensor({1.0, 0.5, 7.0});
  std::vector<Case> v = {
      {"Identity", IdentityTransform(), {}, {}, Coords::Flat, "real", "real"},
      {"Exp", ExpTransform(), {}, {}, Coords::Flat, "real", "positive"},
      {"Affine", AffineTransform(0.5, -2.0), {}, {}, Coords::Flat, "real", "real"},
      {"Sigmoid", SigmoidTransform(), {}, {}, Coords::Flat, "real", "unit_interval"},
      {"Softplus", SoftplusTransform(), {}, {}, Coords::Flat, "real", "positive"},
      {"Tanh", TanhTransform(), {}, {}, Coords::Flat, "real", "interval(-1, 1)"},
      {"AffineEventDim1", AffineTransform(loc4, scale4, 1), {4}, {4}, Coords::Flat, "real_vector", "real_vector",
       20, false},
      {"StickBreaking", StickBreakingTransform(), {3}, {4}, Coords::DropLast, "real_vector", "simplex"},
      {"LowerCholesky", LowerCholeskyTransform(), {6}, {3, 3}, Coords::Tril, "real_vector", "lower_cholesky"},
      {"CorrCholesky4", CorrCholeskyTransform(), {6}, {4, 4}, Coords::StrictTril, "real_vector", "corr_cholesky"},
      {"CorrCholesky2", CorrCholeskyTransform(), {1}, {2, 2}, Coords::StrictTril, "real_vector", "corr_cholesky"},
      // |x| ~ 20 on the diagonal of L makes L L^T too ill-conditioned for the
      // Cholesky-based membership check; 5 keeps it factorizable.
      {"PositiveDefinite", PositiveDefiniteTransform(), {6}, {3, 3}, Coords::Tril, "real_vector",
       "positive_definite", 5},
      {"ComposeExpAffine", ComposeTransform({ExpTransform(), AffineTransform(1.5, 2.0)}), {}, {}, Coords::Flat,
       "real", "real"},
      {"ComposeAffineStickBreaking", ComposeTransform({AffineTransform(0.5, 2.0), StickBreakingTransform()}), {3},
       {4}, Coords::DropLast, "real_vector", "simplex"},
      {"IndependentExp", IndependentTransform(ExpTransform(), 1), {4}, {4}, Coords::Flat, "real_vector",
       "independent(positive, 1)"},
      // biject_to, every continuous target.
      {"biject_to(real)", biject_to(c::real), {}, {}, Coords::Flat, "real", "real"},
      {"biject_to(real_vector)", biject_to(c::real_vector), {4}, {4}, Coords::Flat, "real_vector", "real_vector"},
      {"biject_to(positive)", biject_to(c::positive), {}, {}, Coords::Flat, "real", "positive"},
      {"biject_to(nonnegative)", biject_to(c::nonnegative), {}, {}, Coords::Flat, "real", "positive"},
      {"biject_to(greater_than)", biject_to(c::greater_than(2.0)), {}, {}, Coords::Flat, "real",
       "greater_than(2)"},
      {"biject_to(greater_than_eq)", biject_to(c::greater_than_eq(-1.0)), {}, {}, Coords::Flat, "real",
       "greater_than(-1)"},
      {"biject_to(less_than)", biject_to(c::less_than(3.0)), {}, {}, Coords::Flat, "real", "less_than(3)"},
      {"biject_to(unit_interval)", biject_to(c::unit_interval), {}, {}, Coords::Flat, "real", "unit_interval"},
      {"biject_to(interval)", biject_to(c::interval(-1.0, 4.0)), {}, {}, Coords::Flat, "real", "interval(-1, 4)"},
      {"biject_to(interval tensor)", biject_to(c::interval(lo3, hi3)), {}, {}, Coords::Flat, "real",
       "interval(tensor[3], tensor[3])", 20, false},
      {"biject_to(simplex)", biject_to(c::simplex), {4}, {5}, Coords::DropLast, "real_vector", "simplex"},
      {"biject_to(lower_cholesky)", biject_to(c::lower_cholesky), {3}, {2, 2}, Coords::Tril, "real_vector",
       "lower_cholesky"},
      {"biject_to(corr_cholesky)", biject_to(c::corr_cholesky), {3}, {3, 3}, Coords::StrictTril, "real_vector",
       "corr_cholesky"},
      {"biject_to(positive_definite)", biject_to(c::positive_definite), {10}, {4, 4}, Coords::Tril,
       "real_vector", "positive_definite", 5},
      {"biject_to(independent(positive, 1))", biject_to(c::independent(c::positive, 1)), {4}, {4}, Coords::Flat,
       "real_vector", "independent(positive, 1)"},
      {"biject_to(independent(simplex, 1))", biject_to(c::independent(c::simplex, 1)), {2, 3}, {2, 4},
       Coords::DropLast, "independent(real, 2)", "independent(simplex, 1)"},
  };
  return v;
}

constexpr int64_t kBatch = 3;

Shape with_batch(int64_t b, IntList event) {
  Shape s{b};
  for (int64_t d : event) s.push_back(d);
  return s;
}

// Row-major positions of the lower triangle of an n x n matrix, row by row.
Tensor tril_index(int64_t n, bool diag) {
  std::vector<int64_t> p;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < (diag ? i + 1 : i); ++j) p.push_back(i * n + j);
  return tensor(p, {static_cast<int64_t>(p.size())});
}

// y's intrinsic coordinates as a vector (y: one event, or a batch for event_dim 0).
Tensor coords(const Tensor& y, Coords k) {
  switch (k) {
    case Coords::Flat: return y.reshape({-1});
    case Coords::DropLast: return y.narrow(-1, 0, y.size(-1) - 1).reshape({-1});
    case Coords::Tril:
    case Coords::StrictTril: {
      const int64_t n = y.size(-1);
      return index_select(y.reshape({-1}), 0, tril_index(n, k == Coords::Tril));
    }
  }
  return y;
}

// (1) Round trips in float64: inverse(forward(x)) == x and forward(inverse(y)) == y.
TEST(Transforms, RoundTrip) {
  uint64_t seed = 1;
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    Tensor x = uniform64(with_batch(kBatch, k.event), seed++, -2, 2);
    Tensor y = k.t(x);
    EXPECT_TRUE(near(k.t.inverse(y), x, 0, 1e-10));
    Tensor y2 = k.t(uniform64(with_batch(kBatch, k.event), seed++, -2, 2));
    EXPECT_TRUE(near(k.t(k.t.inverse(y2)), y2, 0, 1e-10));
  }
}

// forward(inverse(y)) == y for points of the codomain built without the transform.
TEST(Transforms, RoundTripFromConstructedPoints) {
  Generator gen(5);
  Tensor a = uniform({kBatch, 4, 4}, -1, 1, gen, kFloat64);
  Tensor pd = matmul(a, a.mT()) + eye(4, std::nullopt, kFloat64);  // positive definite
  Tensor l = cholesky(pd);                                          // lower Cholesky
  Tensor d = pd.diagonal(0, -2, -1).rsqrt();
  Tensor corr = pd * d.unsqueeze(-1) * d.unsqueeze(-2);
  Tensor lc = cholesky(corr);                                       // correlation Cholesky
  Tensor w = exp(uniform({kBatch, 5}, -3, 3, gen, kFloat64));
  Tensor simplex = w / w.sum({-1}, true);
  struct Point {
    dist::Transform t;
    Tensor y;
  };
  for (const Point& p : std::vector<Point>{{dist::StickBreakingTransform(), simplex},
                                           {dist::LowerCholeskyTransform(), l},
                                           {dist::CorrCholeskyTransform(), lc},
                                           {dist::PositiveDefiniteTransform(), pd}}) {
    SCOPED_TRACE(p.t.name());
    ASSERT_TRUE(all(p.t.codomain().check(p.y)).item<bool>());
    Tensor x = p.t.inverse(p.y);
    EXPECT_EQ(x.sizes(), p.t.inverse_shape(p.y.sizes()));
    EXPECT_TRUE(near(p.t(x), p.y, 0, 1e-10));
  }
}

// The log-space stick breaking and the asinh inverse of CorrCholesky keep
// round trips exact far out, where the entries are tiny or r rounds to +-1.
TEST(Transforms, RoundTripFarOut) {
  for (const dist::Transform& t : {dist::Transform(dist::StickBreakingTransform()),
                                   dist::Transform(dist::CorrCholeskyTransform())}) {
    SCOPED_TRACE(t.name());
    Tensor x = tensor({{-20.0, 15.0, -8.0}, {20.0, 20.0, -20.0}, {-30.0, 0.5, 30.0}});
    Tensor y = t(x);
    EXPECT_TRUE(all(t.codomain().check(y)).item<bool>());
    EXPECT_TRUE(near(t.inverse(y), x, 1e-9, 1e-9));
  }
}

// (2) forward(x) lies in codomain() for moderate and large |x|, with finite
// log|det J| and gradients.
TEST(Transforms, ForwardLandsInCodomain) {
  uint64_t seed = 100;
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    const Shape shape = with_batch(kBatch, k.event);
    std::vector<Tensor> xs = {uniform64(shape, seed++, -3, 3), uniform64(shape, seed++, -k.large, k.large),
                              full(shape, k.large, kFloat64), full(shape, -k.large, kFloat64)};
    for (const Tensor& x0 : xs) {
      Tensor x = x0.clone().requires_grad_();
      Tensor y = k.t(x);
      EXPECT_TRUE(all(isfinite(y)).item<bool>());
      Tensor ok = k.t.codomain().check(y);
      EXPECT_EQ(ok.sizes(), IntList({kBatch}));
      EXPECT_TRUE(all(ok).item<bool>()) << "x = " << x << "\ny = " << y;
      Tensor ldj = k.t.log_abs_det_jacobian(x, y);
      EXPECT_TRUE(all(isfinite(ldj)).item<bool>());
      // What SVI / HMC differentiate stays finite out there too.
      (y.sum() + ldj.sum()).backward();
      EXPECT_TRUE(all(isfinite(x.grad())).item<bool>()) << "x = " << x << "\ngrad = " << x.grad();
    }
  }
}

// (3) log|det J| against slogdet of the numerical Jacobian from x's coordinates to y's.
TEST(Transforms, LogDetMatchesNumericalJacobian) {
  uint64_t seed = 200;
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    Tensor x = uniform64(with_batch(kBatch, k.event), seed++, -1.5, 1.5);
    Tensor ldj = k.t.log_abs_det_jacobian(x, k.t(x));
    ASSERT_EQ(ldj.sizes(), IntList({kBatch}));
    if (k.t.domain().event_dim() == 0) {
      // Elementwise: the Jacobian of the batch is diagonal.
      Tensor j = autograd::jacobian([&](const Tensor& v) { return k.t(v); }, x);
      for (int64_t a = 0; a < kBatch; ++a)
        for (int64_t b = 0; b < kBatch; ++b) {
          if (a == b) {
            EXPECT_NEAR(std::log(std::fabs(at(j, {a, b}))), at(ldj, {a}), 1e-8) << "element " << a;
          } else {
            EXPECT_EQ(at(j, {a, b}), 0.0);
          }
        }
      continue;
    }
    for (int64_t b = 0; b < kBatch; ++b) {
      Tensor xb = x.select(0, b).contiguous();
      Tensor j = autograd::jacobian([&](const Tensor& v) { return coords(k.t(v.reshape(xb.sizes())), k.coords); },
                                    xb.reshape({-1}));
      ASSERT_EQ(j.size(0), j.size(1)) << "the coordinates must match in number";
      auto [sign, logabs] = slogdet(j);
      EXPECT_NE(sign.item<double>(), 0.0);
      EXPECT_NEAR(logabs.item<double>(), at(ldj, {b}), 1e-8) << "batch point " << b;
    }
  }
}

// (4) First and second derivatives of forward, inverse and log|det J| (float64).
TEST(Transforms, GradientsMatchFiniteDifferences) {
  uint64_t seed = 300;
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    dist::Transform t = k.t;
    Tensor x = uniform64(with_batch(kBatch, k.event), seed++, -1.5, 1.5);
    expect_gradients([t](const std::vector<Tensor>& v) { return t(v[0]); }, {x});
    expect_gradients([t](const std::vector<Tensor>& v) { return t.log_abs_det_jacobian(v[0], t(v[0])); }, {x});
    // Inverse at a point of the codomain; a symmetric matrix's Cholesky only
    // sees symmetric perturbations, so those inputs are symmetrized first.
    Tensor y = t(x).detach();
    const bool symmetric = k.codomain == "positive_definite";
    expect_gradients(
        [t, symmetric](const std::vector<Tensor>& v) {
          return t.inverse(symmetric ? 0.5 * (v[0] + v[0].mT()) : v[0]);
        },
        {y});
  }
}

// (5) Domains, codomains, shapes of y and of log|det J|, forward_shape / inverse_shape.
TEST(Transforms, DomainsCodomainsAndShapes) {
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    EXPECT_EQ(k.t.domain().to_string(), k.domain);
    EXPECT_EQ(k.t.codomain().to_string(), k.codomain);
    EXPECT_EQ(static_cast<size_t>(k.t.domain().event_dim()), k.event.size());
    EXPECT_EQ(static_cast<size_t>(k.t.codomain().event_dim()), k.y_event.size());
    for (const Shape& batch : {Shape{}, Shape{kBatch}, Shape{2, kBatch}}) {
      Shape xs = batch, ys = batch;
      for (int64_t d : k.event) xs.push_back(d);
      for (int64_t d : k.y_event) ys.push_back(d);
      if (xs.empty() && k.name == "biject_to(interval tensor)") continue;  // bounds have batch [3]
      Tensor x = uniform64(xs, 7);
      if (k.name == "biject_to(interval tensor)" || k.name == "AffineEventDim1") {
        // tensor parameters broadcast their own batch into y
        Tensor y = k.t(x);
        EXPECT_EQ(y.sizes(), broadcast_shapes(ys, y.sizes()));
        continue;
      }
      Tensor y = k.t(x);
      EXPECT_EQ(y.sizes(), IntList(ys));
      EXPECT_EQ(k.t.forward_shape(xs), ys);
      EXPECT_EQ(k.t.inverse_shape(ys), xs);
      EXPECT_EQ(k.t.log_abs_det_jacobian(x, y).sizes(), IntList(batch));
      EXPECT_EQ(k.t.inverse(y).sizes(), IntList(xs));
    }
  }
}

// Vector transforms treat every leading dim as batch: a [2, 3, ...] input
// gives the same values as each of its events alone.
TEST(Transforms, BatchDimsAreIndependentEvents) {
  for (const Case& k : cases()) {
    if (k.event.empty()) continue;
    SCOPED_TRACE(k.name);
    Tensor x = uniform64(with_batch(2, with_batch(kBatch, k.event)), 11, -2, 2);
    Tensor y = k.t(x), ldj = k.t.log_abs_det_jacobian(x, y);
    for (int64_t a = 0; a < 2; ++a)
      for (int64_t b = 0; b < kBatch; ++b) {
        Tensor xe = x.select(0, a).select(0, b);
        Tensor ye = k.t(xe);
        EXPECT_TRUE(near(y.select(0, a).select(0, b), ye, 1e-14, 1e-14));
        EXPECT_NEAR(at(ldj, {a, b}), k.t.log_abs_det_jacobian(xe, ye).item<double>(), 1e-12);
      }
  }
}

// float32 in, float32 out.
TEST(Transforms, Float32StaysFloat32) {
  for (const Case& k : cases()) {
    if (!k.float32) continue;
    SCOPED_TRACE(k.name);
    Tensor x = uniform64(with_batch(kBatch, k.event), 13).to(kFloat32);
    Tensor y = k.t(x);
    EXPECT_EQ(y.dtype(), kFloat32);
    EXPECT_EQ(k.t.log_abs_det_jacobian(x, y).dtype(), kFloat32);
    EXPECT_EQ(k.t.inverse(y).dtype(), kFloat32);
    EXPECT_TRUE(near(k.t.inverse(y), x, 0, 1e-4));
  }
}

TEST(Transforms, KnownValues) {
  // x = 0 is the uniform simplex point.
  EXPECT_TRUE(near(dist::StickBreakingTransform().forward(zeros({3}, kFloat64)), {0.25, 0.25, 0.25, 0.25}, 0, 1e-15));
  // ... and the identity correlation.
  EXPECT_TRUE(near(dist::CorrCholeskyTransform().forward(zeros({3}, kFloat64)), eye(3, std::nullopt, kFloat64), 0, 0));
  // Row-by-row fill of the lower triangle, exp on the diagonal.
  Tensor l = dist::LowerCholeskyTransform().forward(tensor({1.0, 2.0, 3.0, 4.0, 5.0, 6.0}));
  const double e1 = std::exp(1.0), e3 = std::exp(3.0), e6 = std::exp(6.0);
  EXPECT_TRUE(near(l, {e1, 0, 0, 2, e3, 0, 4, 5, e6}, 1e-15, 0));
  EXPECT_TRUE(near(dist::PositiveDefiniteTransform().forward(tensor({1.0, 2.0, 3.0, 4.0, 5.0, 6.0})),
                   matmul(l, l.mT()), 1e-15, 0));
  // CorrCholesky n = 2: [[1, 0], [tanh x, sech x]].
  Tensor cc = dist::CorrCholeskyTransform().forward(tensor({0.7}));
  EXPECT_TRUE(near(cc, {1, 0, std::tanh(0.7), 1 / std::cosh(0.7)}, 1e-15, 1e-16));
  // The sigmoid stays strictly inside (0, 1) and its inverse finite.
  dist::SigmoidTransform s;
  Tensor ys = s.forward(tensor({-800.0, 800.0}));
  EXPECT_GT(at(ys, {0}), 0.0);
  EXPECT_LT(at(ys, {1}), 1.0);
  EXPECT_TRUE(all(isfinite(s.inverse(tensor({0.0, 1.0})))).item<bool>());
  EXPECT_TRUE(all(isfinite(dist::TanhTransform().inverse(tensor({-1.0, 1.0})))).item<bool>());
  // Stable log-dets far out.
  EXPECT_NEAR(dist::TanhTransform().log_abs_det_jacobian(scalar_tensor(30.0), {}).item<double>(),
              2 * (std::log(2.0) - 30.0), 1e-12);
  EXPECT_NEAR(s.log_abs_det_jacobian(scalar_tensor(-50.0), {}).item<double>(), -50.0, 1e-12);
  EXPECT_NEAR(dist::SoftplusTransform().inverse(scalar_tensor(1e-8)).item<double>(), std::log(1e-8), 1e-7);
  // Degenerate sizes: k = 1 simplex, 1 x 1 factors.
  Tensor one = dist::StickBreakingTransform().forward(zeros({2, 0}, kFloat64));
  EXPECT_TRUE(near(one, {1.0, 1.0}));
  EXPECT_EQ(one.sizes(), IntList({2, 1}));
  EXPECT_EQ(dist::StickBreakingTransform().inverse(one).sizes(), IntList({2, 0}));
  EXPECT_TRUE(near(dist::CorrCholeskyTransform().forward(zeros({0}, kFloat64)), {1.0}));
  EXPECT_TRUE(near(dist::LowerCholeskyTransform().forward(tensor({0.5})), {std::exp(0.5)}));
  EXPECT_NEAR(dist::PositiveDefiniteTransform().log_abs_det_jacobian(tensor({0.5}), {}).item<double>(),
              std::log(2.0) + 2 * 0.5, 1e-15);  // y = exp(2x): log 2 + 2x
  // Composition order: parts[0] first.
  dist::ComposeTransform ea({dist::ExpTransform(), dist::AffineTransform(1.0, 3.0)});
  EXPECT_NEAR(ea.forward(scalar_tensor(0.5)).item<double>(), 1.0 + 3.0 * std::exp(0.5), 1e-14);
  dist::ComposeTransform empty({});
  EXPECT_TRUE(near(empty.forward(tensor({1.0, 2.0})), {1.0, 2.0}));
  EXPECT_TRUE(near(empty.log_abs_det_jacobian(tensor({1.0, 2.0}), {}), {0.0, 0.0}));
  // The default Transform is the identity on real; any transform converts.
  dist::Transform id;
  EXPECT_EQ(id.name(), "IdentityTransform");
  EXPECT_EQ(id.domain().to_string(), "real");
  EXPECT_NE(dist::biject_to(c::simplex).as<dist::StickBreakingTransform>(), nullptr);
  EXPECT_NE(dist::biject_to(c::interval(0.0, 2.0)).as<dist::ComposeTransform>(), nullptr);
  // A negative scale maps positive onto less_than and reverses intervals.
  EXPECT_EQ(dist::AffineTransform(1.0, -2.0, c::positive).codomain().to_string(), "less_than(1)");
  EXPECT_EQ(dist::AffineTransform(1.0, -2.0, c::interval(0.0, 1.0)).codomain().to_string(), "interval(-1, 1)");
  EXPECT_EQ(dist::AffineTransform(1.0, -2.0, c::less_than(3.0)).codomain().to_string(), "greater_than(-5)");
}

// (6) Errors name the function or transform and the offending value.
TEST(Transforms, Errors) {
  EXPECT_ERROR(dist::biject_to(c::integer_interval(0.0, 3.0)),
               "biject_to: no bijection onto the discrete support integer_interval(0, 3)");
  EXPECT_ERROR(dist::biject_to(c::nonnegative_integer), "biject_to", "discrete", "nonnegative_integer");
  EXPECT_ERROR(dist::biject_to(c::boolean), "biject_to", "discrete", "boolean");
  EXPECT_ERROR(dist::biject_to(c::one_hot), "biject_to", "discrete", "one_hot");
  EXPECT_ERROR(dist::biject_to(c::multinomial(scalar_tensor(5.0))), "biject_to", "discrete", "multinomial(5)");
  EXPECT_ERROR(dist::biject_to(c::independent(c::boolean, 1)), "biject_to", "discrete", "boolean");
  // Vector lengths that are no triangle.
  EXPECT_ERROR(dist::LowerCholeskyTransform().forward(zeros({2, 5}, kFloat64)), "LowerCholeskyTransform", "5", "n(n+1)/2");
  EXPECT_ERROR(dist::PositiveDefiniteTransform().forward(zeros({4}, kFloat64)), "PositiveDefiniteTransform", "4");
  EXPECT_ERROR(dist::CorrCholeskyTransform().forward(zeros({4}, kFloat64)), "CorrCholeskyTransform", "4", "n(n-1)/2");
  EXPECT_ERROR(dist::LowerCholeskyTransform().forward_shape({7}), "LowerCholeskyTransform", "7");
  EXPECT_ERROR(dist::CorrCholeskyTransform().log_abs_det_jacobian(zeros({2}, kFloat64), {}),
               "CorrCholeskyTransform", "2");
  EXPECT_ERROR(dist::LowerCholeskyTransform().inverse_shape({3, 4}), "LowerCholeskyTransform", "[3, 4]");
  EXPECT_ERROR(dist::CorrCholeskyTransform().inverse(zeros({3, 2}, kFloat64)), "CorrCholeskyTransform", "[3, 2]");
  EXPECT_ERROR(dist::StickBreakingTransform().inverse_shape({}), "StickBreakingTransform");
  EXPECT_ERROR(dist::StickBreakingTransform().forward(scalar_tensor(1.0)), "StickBreakingTransform", "[]");
  // Affine onto a bounded set needs one sign.
  EXPECT_ERROR(dist::AffineTransform(zeros({2}, kFloat64), tensor({1.0, -1.0}), c::positive), "AffineTransform",
               "positive");
  EXPECT_ERROR(dist::AffineTransform(0.0, 1.0, c::simplex), "AffineTransform", "simplex");
}

}  // namespace
}  // namespace tyche::testing
