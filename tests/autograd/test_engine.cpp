// The autograd engine: accumulation, higher orders, the functional API,
// safety errors, in-place ops and memory.
#include <cmath>

#include "grad_check.h"

namespace tyche {
namespace {

using testing::near;

TEST(Engine, BackwardAccumulatesIntoLeaves) {
  Tensor w = tensor({1.0, 2.0, 3.0}).requires_grad_();
  Tensor X = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  Tensor y = tensor({1.0, 2.0});
  Tensor loss = (matmul(X, w) - y).pow(2).sum();
  EXPECT_DOUBLE_EQ(loss.item<double>(), 1069.0);
  loss.backward();
  EXPECT_TRUE(near(w.grad(), {266.0, 352.0, 438.0}));  // 2 X^T (X w - y)
  (w * 2.0).sum().backward();                         // a second backward adds
  EXPECT_TRUE(near(w.grad(), {268.0, 354.0, 440.0}));
  w.mutable_grad() = Tensor();
  EXPECT_FALSE(w.grad().defined());
}

TEST(Engine, GradientOfSharedSubexpressionsSums) {
  Tensor x = tensor({2.0}).requires_grad_();
  Tensor a = x * x;          // used three times
  Tensor y = a * a + a + exp(a);
  y.backward();
  double v = 2.0, expected = (2 * v * v + 1 + std::exp(v * v)) * 2 * v;
  EXPECT_NEAR(x.grad().item<double>(), expected, 1e-9 * expected);
}

TEST(Engine, GradWithRespectToIntermediatesAndUnused) {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor z = x * 3.0;
  Tensor y = (z * z).sum();
  auto g = autograd::grad({y}, {z, x});
  EXPECT_TRUE(near(g[0], {6.0, 12.0}));   // 2 z
  EXPECT_TRUE(near(g[1], {18.0, 36.0}));  // 2 z * 3
  Tensor unused = tensor({1.0}).requires_grad_();
  EXPECT_ERROR(autograd::grad({(x * 2.0).sum()}, {unused}), "not used", "allow_unused");
  auto u = autograd::grad({(x * 2.0).sum()}, {unused}, {}, false, std::nullopt, /*allow_unused=*/true);
  EXPECT_FALSE(u[0].defined());
  EXPECT_FALSE(x.grad().defined());  // grad() does not touch .grad
}

TEST(Engine, HigherOrderByCreateGraph) {
  Tensor x = tensor({0.5, -1.0}).requires_grad_();
  Tensor y = (x * x * x * x).sum();  // x^4
  Tensor g1 = autograd::grad({y}, {x}, {}, true)[0];
  Tensor g2 = autograd::grad({g1.sum()}, {x}, {}, true)[0];
  Tensor g3 = autograd::grad({g2.sum()}, {x}, {}, true)[0];
  Tensor g4 = autograd::grad({g3.sum()}, {x})[0];
  EXPECT_TRUE(near(g1, {0.5, -4.0}));    // 4 x^3
  EXPECT_TRUE(near(g2, {3.0, 12.0}));    // 12 x^2
  EXPECT_TRUE(near(g3, {12.0, -24.0}));  // 24 x
  EXPECT_TRUE(near(g4, {24.0, 24.0}));
  // A gradient penalty: d/dx |grad f|^2 for f = sum(sin x).
  Tensor gp = autograd::grad({sin(x).sum()}, {x}, {}, true)[0].square().sum();
  Tensor d = autograd::grad({gp}, {x})[0];
  EXPECT_NEAR(d.index({0}).item<double>(), -2 * std::cos(0.5) * std::sin(0.5), 1e-12);
}

TEST(Engine, HessiansOfKnownFunctions) {
  // 0.5 x^T A x: H = (A + A^T) / 2.
  Tensor A = tensor({{2.0, 1.0, 0.0}, {3.0, 4.0, 1.0}, {0.0, 1.0, 5.0}});
  Tensor H = autograd::hessian([&](const Tensor& x) { return matmul(x, matmul(A, x)) * 0.5; }, tensor({1.0, 2.0, 3.0}));
  EXPECT_TRUE(near(H, (A + A.t()) * 0.5, 1e-12));
  // logsumexp: H = diag(p) - p p^T with p = softmax(x).
  Tensor x = tensor({0.1, -0.4, 1.2});
  Tensor p = softmax(x, 0);
  Tensor H2 = autograd::hessian([](const Tensor& v) { return logsumexp(v, {0}); }, x);
  EXPECT_TRUE(near(H2, diag_embed(p) - outer(p, p), 1e-12));
  // A Normal log density in (mu, sigma) over data: closed-form Hessian.
  Tensor data = tensor({0.3, -1.2, 2.0, 0.7});
  auto logp = [&](const Tensor& th) {
    Tensor mu = th.index({0}), sigma = th.index({1});
    return (-log(sigma) - 0.5 * std::log(2 * M_PI) - square(data - mu) / (2.0 * square(sigma))).sum();
  };
  double mu = 0.4, s = 1.3, n = 4, r1 = 0, r2 = 0;
  for (double v : {0.3, -1.2, 2.0, 0.7}) {
    r1 += v - mu;
    r2 += (v - mu) * (v - mu);
  }
  Tensor H3 = autograd::hessian(logp, tensor({mu, s}));
  double hmm = -n / (s * s), hms = -2 * r1 / (s * s * s), hss = n / (s * s) - 3 * r2 / std::pow(s, 4);
  EXPECT_TRUE(near(H3, {hmm, hms, hms, hss}, 1e-10));
}

TEST(Engine, FunctionalApi) {
  Tensor A = tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  auto f = [&](const Tensor& x) { return matmul(A, x) + x.sum(); };  // J = A + 1
  Tensor x = tensor({0.5, -0.5}), J = A + 1.0;
  EXPECT_TRUE(near(autograd::jacobian(f, x), J));
  auto [y, jv] = autograd::jvp(f, x, tensor({1.0, 2.0}));
  EXPECT_TRUE(near(jv, matmul(J, tensor({1.0, 2.0}))));
  EXPECT_TRUE(near(y, f(x)));
  auto [y2, vj] = autograd::vjp(f, x, tensor({1.0, 0.0, -1.0}));
  EXPECT_TRUE(near(vj, matmul(tensor({1.0, 0.0, -1.0}), J)));
  auto cube = [](const Tensor& v) { return (v * v * v).sum(); };
  EXPECT_TRUE(near(autograd::hvp(cube, tensor({1.0, 2.0}), tensor({3.0, 4.0})), {18.0, 48.0}));  // 6 x v
  EXPECT_FALSE(x.requires_grad());  // inputs untouched
}

TEST(Engine, NoGradAndDetach) {
  Tensor w = tensor({1.0}).requires_grad_();
  {
    NoGradGuard no_grad;
    Tensor y = w * 2.0;
    EXPECT_FALSE(y.requires_grad());
    EXPECT_FALSE(is_grad_enabled());
  }
  EXPECT_TRUE(is_grad_enabled());
  Tensor d = (w * 2.0).detach();
  EXPECT_FALSE(d.requires_grad());
  Tensor y = w * d;  // d is a constant
  y.backward();
  EXPECT_DOUBLE_EQ(w.grad().item<double>(), 2.0);
  EXPECT_STREQ(y.grad_fn_name(), "mul");
  EXPECT_EQ(w.grad_fn_name(), nullptr);
  EXPECT_TRUE(w.is_leaf());
  EXPECT_FALSE(y.is_leaf());
}

TEST(Engine, RetainGrad) {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor z = x * 2.0;
  z.retain_grad();
  (z * z).sum().backward();
  EXPECT_TRUE(near(z.grad(), {4.0, 8.0}));
  EXPECT_TRUE(near(x.grad(), {8.0, 16.0}));
}

TEST(Engine, SafetyErrors) {
  Tensor w = tensor({1.0, 2.0}).requires_grad_();
  // backward twice through freed saved tensors
  Tensor y = (exp(w) * w).sum();
  y.backward();
  EXPECT_ERROR(y.backward(), "second time", "retain_graph");
  Tensor y2 = (exp(w) * w).sum();
  y2.backward(Tensor(), /*retain_graph=*/true);
  EXPECT_NO_THROW(y2.backward());
  // in-place change of a saved tensor
  Tensor c = tensor({3.0, 4.0});
  Tensor p = (c * w).sum();
  c.add_(1.0);
  EXPECT_ERROR(p.backward(), "mul", "modified by an in-place operation", "version");
  // in-place on a leaf that requires grad
  EXPECT_ERROR(w.add_(1.0), "add_", "leaf");
  {
    NoGradGuard no_grad;
    EXPECT_NO_THROW(w.add_(1.0));  // optimizers do this
  }
  // gradient shape mismatch names both shapes
  Tensor v = w * 2.0;
  EXPECT_ERROR(v.backward(ones({3}, kFloat64)), "backward", "[3]", "[2]");
  EXPECT_ERROR(v.backward(), "one-element", "[2]");
  EXPECT_ERROR(tensor({1.0}).backward(), "does not require grad");
  EXPECT_ERROR(tensor({1, 2}).requires_grad_(), "requires_grad_", "floating", "int64");
  EXPECT_ERROR(v.requires_grad_(false), "leaf", "mul");
  // in-place with autograd on memory shared with a view
  Tensor base = w * 1.0;
  Tensor row = base.index({0});
  EXPECT_ERROR(base.mul_(2.0), "mul_", "shared");
}

TEST(Engine, InPlaceOpsAreDifferentiated) {
  Tensor w = tensor({1.0, 2.0}).requires_grad_();
  Tensor x = w * 3.0;
  x.mul_(w);        // x = 3 w^2
  x.add_(w, 2.0);   // x = 3 w^2 + 2 w
  x.exp_();
  x.sum().backward();
  for (int i = 0; i < 2; ++i) {
    double wi = i + 1.0, expected = std::exp(3 * wi * wi + 2 * wi) * (6 * wi + 2);
    EXPECT_NEAR(w.grad().index({i}).item<double>(), expected, 1e-9 * expected);
  }
  // Building a tensor by index_put_ into a buffer that does not require grad.
  Tensor a = tensor({2.0}).requires_grad_(), b = tensor({5.0}).requires_grad_();
  Tensor buf = zeros({3}, kFloat64);
  buf.index_put_({Slice(0, 1)}, a * a);
  buf.index_put_({Slice(2, 3)}, a * b);
  EXPECT_TRUE(buf.requires_grad());
  (buf * tensor({1.0, 10.0, 100.0})).sum().backward();
  EXPECT_DOUBLE_EQ(a.grad().item<double>(), 2 * 2.0 + 100 * 5.0);
  EXPECT_DOUBLE_EQ(b.grad().item<double>(), 100 * 2.0);
  testing::expect_gradients(
      [](const std::vector<Tensor>& v) {
        Tensor t = v[0] * 1.0;
        t.mul_(v[1]);
        t.sub_(v[1], 0.5);
        t.div_(v[1] + 2.0);
        t.pow_(2);
        return t;
      },
      {testing::uniform64({3}, 1), testing::uniform64({3}, 2, 0.5, 1.5)});
}

TEST(Engine, AFailedBackwardLeavesTheGraphUsable) {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor z = exp(x);
  Tensor y = (z * x).sum();
  x.mutable_grad();  // (no effect on the graph)
  Tensor saved_x = x.detach();
  {
    NoGradGuard no_grad;
    saved_x.add_(0.0);  // bumps x's version: mul's saved x is now stale
  }
  EXPECT_ERROR(autograd::grad({y}, {z}), "modified by an in-place operation");
  // The node that was a capture target must not keep that role afterwards.
  Tensor w = tensor({3.0}).requires_grad_();
  Tensor u = exp(w) * 2.0;
  EXPECT_TRUE(near(autograd::grad({u.sum()}, {w})[0], {2 * std::exp(3.0)}));
}

TEST(Engine, GradientsMatchTheLeafDtype) {
  Tensor w = ones({2}, kFloat32).requires_grad_();
  Tensor x = tensor({1.5, 2.5});  // float64
  (w * x).sum().backward();
  EXPECT_EQ(w.grad().dtype(), kFloat32);
  EXPECT_TRUE(near(w.grad(), {1.5, 2.5}));
}

TEST(Engine, IntegerResultsCarryNoGradient) {
  Tensor x = tensor({1.5, 2.5}).requires_grad_();
  EXPECT_FALSE(x.to(kInt64).requires_grad());
  EXPECT_FALSE((x > 2.0).requires_grad());
  EXPECT_FALSE(std::get<1>(x.max(0)).requires_grad());
  EXPECT_TRUE(x.to(kFloat32).requires_grad());
}

TEST(Engine, LongChainsFreeWithoutRecursion) {
  Tensor x = tensor({1.0}).requires_grad_();
  {
    Tensor y = x;
    for (int i = 0; i < 200000; ++i) y = y * 1.0;
    y.backward();
  }  // dropping y frees 200k nodes iteratively
  EXPECT_DOUBLE_EQ(x.grad().item<double>(), 1.0);
}

TEST(Engine, MemoryDoesNotGrowAcrossIterations) {
  Tensor w = zeros({5}, kFloat64).requires_grad_();
  Tensor X = testing::uniform64({20, 5}, 3), y = testing::uniform64({20}, 4);
  auto step = [&] {
    Tensor loss = (softplus(matmul(X, w)) - y * matmul(X, w)).sum() + 0.5 * square(w).sum();
    Tensor g = autograd::grad({loss}, {w}, {}, /*create_graph=*/true)[0];
    Tensor hv = autograd::grad({(g * X.index({0})).sum()}, {w}, {}, false, /*retain_graph=*/true)[0];
    loss.backward();
    NoGradGuard no_grad;
    w.sub_(w.grad() * 0.01 + hv * 0.001);
    w.mutable_grad() = Tensor();
  };
  for (int i = 0; i < 5; ++i) step();  // warm up caches
  int64_t before = live_tensor_impls();
  for (int i = 0; i < 500; ++i) step();
  EXPECT_EQ(live_tensor_impls(), before);
}

}  // namespace
}  // namespace tyche
