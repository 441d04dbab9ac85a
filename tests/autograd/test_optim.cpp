// tyche::optim: each optimizer against a plain-double reference of its update
// rule over two hand-fed steps (and a few literal first steps), convergence to
// the known minimum of convex quadratics with gradients from autograd, zero_grad,
// lazily added parameters, schedulers, state save/load continuing bit-identically,
// and errors.
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"
#include "tyche/autograd.h"
#include "tyche/optim.h"

using namespace tyche;
using tyche::testing::near;
using tyche::testing::values;

namespace {

using OptimizerPtr = std::unique_ptr<optim::Optimizer>;
using Factory = std::function<OptimizerPtr(const std::vector<Tensor>&)>;

// A float64 leaf that requires grad.
Tensor param(std::vector<double> v) {
  int64_t n = static_cast<int64_t>(v.size());
  return tensor(v, {n}).requires_grad_();
}

void set_grad(Tensor& w, const std::vector<double>& g) {
  w.mutable_grad() = tensor(g, {static_cast<int64_t>(g.size())});
}

// A factory for optimizer kind Opt with fixed options.
template <class Opt, class Options>
Factory factory(Options options) {
  return [options](const std::vector<Tensor>& p) -> OptimizerPtr {
    return std::make_unique<Opt>(p, options);
  };
}

// ---- two hand-fed steps against a plain-double reference

// ref(i, p, g, t): element i's new value from its value p and gradient g at
// update t (1, 2); it keeps its own per-element state.
using Ref = std::function<double(size_t i, double p, double g, int t)>;

const std::vector<double> kP0 = {1.0, -2.0};
const std::vector<double> kG1 = {3.0, -0.4};   // |3.0| is above ClippedAdam's clip_norm below
const std::vector<double> kG2 = {0.5, 2.5};

void check_two_steps(optim::Optimizer& opt, Tensor& w, const Ref& ref) {
  std::vector<double> p = values(w);
  int t = 0;
  for (const std::vector<double>& g : {kG1, kG2}) {
    ++t;
    set_grad(w, g);
    opt.step();
    for (size_t i = 0; i < p.size(); ++i) p[i] = ref(i, p[i], g[i], t);
    EXPECT_TRUE(near(w, p, 1e-13, 1e-15)) << opt.name() << " step " << t;
  }
}

TEST(Optim, SGDPlainFirstStepByHand) {
  Tensor w = param({1.0, -2.0});
  optim::SGD opt({w}, {.lr = 0.1});
  set_grad(w, {0.5, -1.5});
  opt.step();
  EXPECT_TRUE(near(w, {0.95, -1.85}, 1e-15));
  EXPECT_EQ(opt.buffer_names().size(), 0u);
}

TEST(Optim, SGDMomentumTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.1, mu = 0.9, damp = 0.1, wd = 0.01;
  optim::SGD opt({w}, {.lr = lr, .momentum = mu, .dampening = damp, .weight_decay = wd});
  std::vector<double> b(2);
  check_two_steps(opt, w, [&](size_t i, double p, double g, int t) {
    double d = g + wd * p;
    b[i] = t == 1 ? d : mu * b[i] + (1 - damp) * d;
    return p - lr * b[i];
  });
  // Literal check of step 1, element 0: d = 3 + 0.01 = 3.01, p = 1 - 0.301.
  Tensor w2 = param({1.0});
  optim::SGD opt2({w2}, {.lr = lr, .momentum = mu, .dampening = damp, .weight_decay = wd});
  set_grad(w2, {3.0});
  opt2.step();
  EXPECT_TRUE(near(w2, {0.699}, 1e-14));
}

TEST(Optim, SGDNesterovTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.1, mu = 0.9, wd = 0.01;
  optim::SGD opt({w}, {.lr = lr, .momentum = mu, .weight_decay = wd, .nesterov = true});
  std::vector<double> b(2);
  check_two_steps(opt, w, [&](size_t i, double p, double g, int t) {
    double d = g + wd * p;
    b[i] = t == 1 ? d : mu * b[i] + d;
    return p - lr * (d + mu * b[i]);
  });
}

// Plain-double Adam / AdamW / ClippedAdam moments for two elements.
struct Moments {
  std::vector<double> m = std::vector<double>(2), v = std::vector<double>(2);
  void update(size_t i, double g, double beta1, double beta2) {
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
  }
};

TEST(Optim, AdamTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-3, wd = 0.05;
  optim::Adam opt({w}, {.lr = lr, .beta1 = b1, .beta2 = b2, .eps = eps, .weight_decay = wd});
  Moments mo;
  check_two_steps(opt, w, [&](size_t i, double p, double g, int t) {
    double gw = g + wd * p;
    mo.update(i, gw, b1, b2);
    double bc1 = 1 - std::pow(b1, t), bc2 = 1 - std::pow(b2, t);
    return p - lr / bc1 * mo.m[i] / (std::sqrt(mo.v[i]) / std::sqrt(bc2) + eps);
  });
}

TEST(Optim, AdamFirstStepIsSignLike) {
  // m^ = g and v^ = g^2 on the first update: p <- p - lr * g / (|g| + eps).
  Tensor w = param({1.0});
  optim::Adam opt({w}, {.lr = 0.1});
  set_grad(w, {0.5});
  opt.step();
  EXPECT_TRUE(near(w, {1.0 - 0.1 * 0.5 / (0.5 + 1e-8)}, 1e-15));
  EXPECT_TRUE(near(w, {0.900000002}, 1e-9));
}

TEST(Optim, AdamWTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-3, wd = 0.05;
  optim::AdamW opt({w}, {.lr = lr, .beta1 = b1, .beta2 = b2, .eps = eps, .weight_decay = wd});
  EXPECT_STREQ(opt.name(), "AdamW");
  Moments mo;
  check_two_steps(opt, w, [&](size_t i, double p, double g, int t) {
    p *= 1 - lr * wd;
    mo.update(i, g, b1, b2);
    double bc1 = 1 - std::pow(b1, t), bc2 = 1 - std::pow(b2, t);
    return p - lr / bc1 * mo.m[i] / (std::sqrt(mo.v[i]) / std::sqrt(bc2) + eps);
  });
  EXPECT_EQ(optim::AdamWOptions{}.weight_decay, 1e-2);   // PyTorch's default
}

// Pyro's ClippedAdam.step in plain doubles; lr is decayed before each update.
Ref clipped_adam_ref(double lr, double b1, double b2, double eps, double wd, double clip, double lrd,
                     Moments& mo) {
  return [=, &mo](size_t i, double p, double g, int t) {
    double gc = std::fmin(std::fmax(g, -clip), clip) + wd * p;
    mo.update(i, gc, b1, b2);
    double lr_t = lr * std::pow(lrd, t);
    double step_size = lr_t * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
    return p - step_size * mo.m[i] / (std::sqrt(mo.v[i]) + eps);
  };
}

TEST(Optim, ClippedAdamTwoStepsClampAndDecay) {
  double lr = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-3, wd = 0.05, clip = 1.0, lrd = 0.9;
  Tensor w = param(kP0);
  optim::ClippedAdam opt({w}, {.lr = lr, .beta1 = b1, .beta2 = b2, .eps = eps, .weight_decay = wd,
                               .clip_norm = clip, .lrd = lrd});
  Moments mo;
  check_two_steps(opt, w, clipped_adam_ref(lr, b1, b2, eps, wd, clip, lrd, mo));
  EXPECT_EQ(opt.lr(), lr);   // the decay lives in the per-parameter update count

  // The clamp matters: without it (clip_norm 100) the result is different.
  Tensor w2 = param(kP0);
  optim::ClippedAdam loose({w2}, {.lr = lr, .beta1 = b1, .beta2 = b2, .eps = eps, .weight_decay = wd,
                                  .clip_norm = 100.0, .lrd = lrd});
  for (const auto& g : {kG1, kG2}) {
    set_grad(w2, g);
    loose.step();
  }
  EXPECT_GT(std::fabs(values(w)[0] - values(w2)[0]), 1e-3);
}

TEST(Optim, ClippedAdamFirstStepByHand) {
  // g = 3 clamps to 1; m = 0.1, v = 0.001; lr_1 = 0.1 * 0.9;
  // p = 1 - 0.09 * sqrt(0.001) / 0.1 * 0.1 / (sqrt(0.001) + 1e-8).
  Tensor w = param({1.0});
  optim::ClippedAdam opt({w}, {.lr = 0.1, .clip_norm = 1.0, .lrd = 0.9});
  set_grad(w, {3.0});
  opt.step();
  double s = std::sqrt(0.001);
  EXPECT_TRUE(near(w, {1 - 0.09 * s / 0.1 * 0.1 / (s + 1e-8)}, 1e-14));
  EXPECT_TRUE(near(w, {0.9100000285}, 1e-9));
  EXPECT_TRUE(near(w.grad(), {3.0}, 0, 0));   // grad() itself is not clamped
}

TEST(Optim, AdagradTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.1, lr_decay = 0.5, wd = 0.05, init = 0.1, eps = 1e-10;
  optim::Adagrad opt({w}, {.lr = lr, .lr_decay = lr_decay, .weight_decay = wd,
                           .initial_accumulator_value = init, .eps = eps});
  std::vector<double> sum(2, init);
  check_two_steps(opt, w, [&](size_t i, double p, double g, int t) {
    double gw = g + wd * p;
    double clr = lr / (1 + (t - 1) * lr_decay);
    sum[i] += gw * gw;
    return p - clr * gw / (std::sqrt(sum[i]) + eps);
  });
}

TEST(Optim, RMSpropTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.01, alpha = 0.9, eps = 1e-8;
  optim::RMSprop opt({w}, {.lr = lr, .alpha = alpha, .eps = eps});
  std::vector<double> sq(2);
  check_two_steps(opt, w, [&](size_t i, double p, double g, int) {
    sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
    return p - lr * g / (std::sqrt(sq[i]) + eps);
  });
}

TEST(Optim, RMSpropCenteredMomentumTwoSteps) {
  Tensor w = param(kP0);
  double lr = 0.01, alpha = 0.9, eps = 1e-8, wd = 0.05, mu = 0.5;
  optim::RMSprop opt({w}, {.lr = lr, .alpha = alpha, .eps = eps, .weight_decay = wd, .momentum = mu,
                           .centered = true});
  EXPECT_EQ(opt.buffer_names(), (std::vector<std::string>{"square_avg", "momentum_buffer", "grad_avg"}));
  std::vector<double> sq(2), ga(2), b(2);
  check_two_steps(opt, w, [&](size_t i, double p, double g, int) {
    double gw = g + wd * p;
    sq[i] = alpha * sq[i] + (1 - alpha) * gw * gw;
    ga[i] = alpha * ga[i] + (1 - alpha) * gw;
    double d = std::sqrt(sq[i] - ga[i] * ga[i]) + eps;
    b[i] = mu * b[i] + gw / d;
    return p - lr * b[i];
  });
}

TEST(Optim, Float32ParametersKeepTheirDtype) {
  Tensor w = tensor({1.0, -2.0}).to(kFloat32).requires_grad_();
  ASSERT_EQ(w.dtype(), kFloat32);
  optim::Adam opt({w}, {.lr = 0.1});
  Moments mo;
  std::vector<double> p = kP0;
  for (int t = 1; t <= 2; ++t) {
    const std::vector<double>& g = t == 1 ? kG1 : kG2;
    w.mutable_grad() = tensor(g, {2}).to(kFloat32);
    opt.step();
    for (size_t i = 0; i < 2; ++i) {
      mo.update(i, g[i], 0.9, 0.999);
      double bc1 = 1 - std::pow(0.9, t), bc2 = 1 - std::pow(0.999, t);
      p[i] -= 0.1 / bc1 * mo.m[i] / (std::sqrt(mo.v[i]) / std::sqrt(bc2) + 1e-8);
    }
  }
  EXPECT_EQ(w.dtype(), kFloat32);
  EXPECT_EQ(opt.state(0).buffers[0].dtype(), kFloat32);
  EXPECT_TRUE(near(w, p, 1e-6));
}

// ---- convergence on convex quadratics, gradients from autograd

// f(w) = 0.5 (w - c)^T A (w - c), A SPD (eigenvalues about 0.6 to 3.9).
struct Quadratic {
  Tensor A = tensor({{3.0, 1.0, 0.5}, {1.0, 2.0, 0.3}, {0.5, 0.3, 1.0}});
  Tensor c = tensor({1.0, -2.0, 0.5});
  Tensor loss(const Tensor& w) const {
    Tensor d = w - c;
    return (d * matmul(A, d)).sum() * 0.5;
  }
  // Minimum of f(w) + l2 / 2 |w|^2: (A + l2 I)^-1 A c.
  Tensor minimum(double l2) const {
    return solve(A + eye(3, std::nullopt, kFloat64) * l2, matmul(A, c));
  }
};

// Runs `steps` iterations of zero_grad / backward / step on the quadratic from w's value.
void run(optim::Optimizer& opt, const Tensor& w, int steps) {
  Quadratic q;
  for (int i = 0; i < steps; ++i) {
    opt.zero_grad();
    q.loss(w).backward();
    opt.step();
  }
}

struct ConvexCase {
  const char* name;
  Factory make;
  int steps;
  double tol;          // max |w - w*| after `steps` steps
  double l2 = 0;       // the L2 term l2/2 |w|^2 that the optimizer's weight decay adds to f
};

std::vector<ConvexCase> convex_cases() {
  using namespace tyche::optim;
  return {
      {"SGD", factory<SGD>(SGDOptions{.lr = 0.1}), 500, 1e-10},
      {"SGD momentum", factory<SGD>(SGDOptions{.lr = 0.05, .momentum = 0.9}), 500, 1e-10},
      {"SGD nesterov", factory<SGD>(SGDOptions{.lr = 0.05, .momentum = 0.9, .nesterov = true}), 500,
       1e-10},
      {"SGD weight decay", factory<SGD>(SGDOptions{.lr = 0.1, .weight_decay = 0.5}), 500, 1e-10, 0.5},
      {"Adam", factory<Adam>(AdamOptions{.lr = 0.05}), 2000, 1e-6},
      {"Adam weight decay", factory<Adam>(AdamOptions{.lr = 0.05, .weight_decay = 0.5}), 2000, 1e-6,
       0.5},
      {"AdamW", factory<AdamW>(AdamWOptions{.lr = 0.05, .weight_decay = 0}), 2000, 1e-6},
      {"ClippedAdam",
       factory<ClippedAdam>(ClippedAdamOptions{.lr = 0.05, .clip_norm = 1.0, .lrd = 0.999}), 2000,
       1e-6},
      {"Adagrad", factory<Adagrad>(AdagradOptions{.lr = 0.5}), 2000, 1e-10},
      // Plain RMSprop ends in a sign-like oscillation of amplitude about lr / 2.
      {"RMSprop", factory<RMSprop>(RMSpropOptions{.lr = 0.01}), 2000, 1e-2},
      {"RMSprop centered momentum",
       factory<RMSprop>(RMSpropOptions{.lr = 0.01, .momentum = 0.5, .centered = true}), 2000, 1e-5},
  };
}

TEST(Optim, ConvergesToTheKnownMinimum) {
  Quadratic q;
  for (const ConvexCase& cc : convex_cases()) {
    Tensor w = zeros({3}, kFloat64).requires_grad_();
    OptimizerPtr opt = cc.make({w});
    run(*opt, w, cc.steps);
    Tensor target = q.minimum(cc.l2);
    double err = (w.detach() - target).abs().max().item<double>();
    std::cout << "[ converge ] " << cc.name << ": max |w - w*| = " << err << " after " << cc.steps
              << " steps (tolerance " << cc.tol << ")\n";
    EXPECT_LT(err, cc.tol) << cc.name;
  }
}

// ---- bookkeeping

TEST(Optim, ZeroGradAndStepRecordNothing) {
  Quadratic q;
  Tensor w = zeros({3}, kFloat64).requires_grad_();
  optim::SGD opt({w}, {.lr = 0.1});
  q.loss(w).backward();
  ASSERT_TRUE(w.grad().defined());
  EXPECT_TRUE(near(w.grad(), values(-matmul(q.A, q.c)), 1e-13));
  opt.step();
  EXPECT_TRUE(w.is_leaf());
  EXPECT_EQ(w.grad_fn_name(), nullptr);
  EXPECT_TRUE(w.requires_grad());
  opt.zero_grad();
  EXPECT_FALSE(w.grad().defined());
  Tensor before = w.detach().clone();
  opt.step();   // no grad: w is skipped
  EXPECT_TRUE(equal(w.detach(), before));
  EXPECT_EQ(opt.step_count(), 2);
  EXPECT_EQ(opt.state(0).step, 1);
  // A fresh backward after zero_grad gives A (w - c), not an accumulation.
  q.loss(w).backward();
  EXPECT_TRUE(near(w.grad(), values(matmul(q.A, w.detach() - q.c)), 1e-14));
}

TEST(Optim, ParametersWithoutGradAreSkipped) {
  Tensor w1 = param({1.0}), w2 = param({2.0});
  optim::Adam opt({w1, w2}, {.lr = 0.1});
  set_grad(w1, {1.0});
  opt.step();
  EXPECT_TRUE(near(w2, {2.0}, 0, 0));
  EXPECT_EQ(opt.state(0).step, 1);
  EXPECT_EQ(opt.state(1).step, 0);
  EXPECT_TRUE(near(opt.state(1).buffers[0], {0.0}, 0, 0));
}

TEST(Optim, AddParamsSkipsKnownTensorsAndStartsFreshState) {
  Tensor w1 = param({1.0, 2.0}), w2 = param({-1.0});
  optim::Adam opt({.lr = 0.1});
  EXPECT_EQ(opt.params().size(), 0u);
  opt.add_params({w1});
  for (int i = 0; i < 3; ++i) {
    set_grad(w1, {0.3, -0.2});
    opt.step();
  }
  Tensor alias = w1;   // same TensorImpl
  opt.add_params({alias, w2, w1, w2});
  ASSERT_EQ(opt.params().size(), 2u);
  EXPECT_TRUE(opt.params()[1].is_same(w2));
  // w2's first update is a first update (bias correction from t = 1).
  set_grad(w2, {0.5});
  w1.mutable_grad() = Tensor();
  opt.step();
  Tensor w3 = param({-1.0});
  optim::Adam fresh({w3}, {.lr = 0.1});
  set_grad(w3, {0.5});
  fresh.step();
  EXPECT_TRUE(equal(w2.detach(), w3.detach()));
  EXPECT_EQ(opt.state(1).step, 1);
  EXPECT_EQ(opt.state(0).step, 3);
  EXPECT_EQ(opt.step_count(), 4);
}

// ---- schedulers

TEST(Optim, StepLRSequence) {
  Tensor w = param({0.0});
  optim::SGD opt({w}, {.lr = 1.0});
  optim::StepLR sched(opt, /*step_size=*/3, /*gamma=*/0.5);
  std::vector<double> lrs;
  for (int e = 0; e < 7; ++e) {
    sched.step();
    lrs.push_back(opt.lr());
  }
  // PyTorch: lr(epoch) = base * gamma^(epoch // step_size) for epochs 1..7.
  EXPECT_EQ(lrs, (std::vector<double>{1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25}));
  EXPECT_EQ(sched.last_epoch(), 7);
  EXPECT_EQ(sched.base_lr(), 1.0);
  EXPECT_EQ(sched.last_lr(), 0.25);
}

TEST(Optim, ExponentialLRSequence) {
  Tensor w = param({0.0});
  optim::Adam opt({w}, {.lr = 0.1});
  optim::ExponentialLR sched(opt, 0.9);
  double expected = 0.1;
  for (int e = 1; e <= 5; ++e) {
    sched.step();
    expected *= 0.9;
    EXPECT_EQ(opt.lr(), expected) << "epoch " << e;
  }
  EXPECT_NEAR(opt.lr(), 0.1 * std::pow(0.9, 5), 1e-16);
  // The scheduled lr drives the update: SGD with lr 0.1 * 0.9 moves w by 0.09 * g.
  Tensor v = param({1.0});
  optim::SGD sgd({v}, {.lr = 0.1});
  optim::ExponentialLR s2(sgd, 0.9);
  s2.step();
  set_grad(v, {1.0});
  sgd.step();
  EXPECT_TRUE(near(v, {1.0 - 0.1 * 0.9}, 1e-15));
}

// ---- state save / load

std::vector<std::pair<const char*, Factory>> all_kinds() {
  using namespace tyche::optim;
  return {
      {"SGD", factory<SGD>(SGDOptions{.lr = 0.05, .momentum = 0.9, .nesterov = true})},
      {"Adam", factory<Adam>(AdamOptions{.lr = 0.05, .weight_decay = 0.1})},
      {"AdamW", factory<AdamW>(AdamWOptions{.lr = 0.05})},
      {"ClippedAdam", factory<ClippedAdam>(ClippedAdamOptions{.lr = 0.05, .clip_norm = 1.0, .lrd = 0.99})},
      {"Adagrad", factory<Adagrad>(AdagradOptions{.lr = 0.3, .lr_decay = 0.01,
                                                  .initial_accumulator_value = 0.1})},
      {"RMSprop", factory<RMSprop>(RMSpropOptions{.lr = 0.01, .momentum = 0.5, .centered = true})},
  };
}

// Two parameters (a vector and a matrix) and a loss using both.
struct TwoParams {
  Tensor w = zeros({3}, kFloat64).requires_grad_();
  Tensor M = tensor({{0.5, -0.25}, {1.0, 0.125}}).requires_grad_();
  void run(optim::Optimizer& opt, int steps) const {
    Quadratic q;
    for (int i = 0; i < steps; ++i) {
      opt.zero_grad();
      Tensor loss = q.loss(w) + ((M - 0.3) * (M - 0.3)).sum() * 1.7;
      loss.backward();
      opt.step();
    }
  }
};

TEST(Optim, SaveLoadContinuesBitIdentically) {
  for (const auto& [name, make] : all_kinds()) {
    TwoParams a;
    OptimizerPtr oa = make({a.w, a.M});
    a.run(*oa, 7);
    oa->set_lr(oa->lr() * 0.7);   // a non-default lr is saved too
    std::stringstream file;
    oa->save(file);
    TwoParams b;
    {
      NoGradGuard no_grad;
      b.w.copy_(a.w);
      b.M.copy_(a.M);
    }
    a.run(*oa, 6);

    OptimizerPtr ob = make({b.w, b.M});
    ob->load(file);
    EXPECT_EQ(ob->lr(), oa->lr()) << name;
    EXPECT_EQ(ob->step_count(), 7) << name;
    b.run(*ob, 6);
    EXPECT_TRUE(equal(a.w.detach(), b.w.detach())) << name;
    EXPECT_TRUE(equal(a.M.detach(), b.M.detach())) << name;
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(oa->state(i).step, ob->state(i).step) << name;
      for (size_t k = 0; k < oa->buffer_names().size(); ++k)
        EXPECT_TRUE(equal(oa->state(i).buffers[k], ob->state(i).buffers[k]))
            << name << " buffer " << oa->buffer_names()[k];
    }
  }
}

TEST(Optim, StateDictAndCloneContinueBitIdentically) {
  for (const auto& [name, make] : all_kinds()) {
    TwoParams a;
    OptimizerPtr oa = make({a.w, a.M});
    a.run(*oa, 5);
    optim::OptimizerState st = oa->state_dict();
    EXPECT_EQ(st.optimizer, name);
    EXPECT_EQ(st.params.size(), 2u);
    EXPECT_EQ(st.buffer_names, oa->buffer_names());
    // The snapshot is a deep copy: later steps leave it alone.
    Tensor first = st.params[0].buffers[0].clone();
    OptimizerPtr copy = oa->clone();
    TwoParams b;
    {
      NoGradGuard no_grad;
      b.w.copy_(a.w);
      b.M.copy_(a.M);
    }
    a.run(*oa, 4);
    EXPECT_TRUE(equal(st.params[0].buffers[0], first)) << name;

    OptimizerPtr ob = make({b.w, b.M});
    ob->load_state_dict(st);
    b.run(*ob, 4);
    EXPECT_TRUE(equal(a.w.detach(), b.w.detach())) << name;
    EXPECT_TRUE(equal(a.M.detach(), b.M.detach())) << name;
    // The clone has its own state (it did not see the last 4 steps).
    EXPECT_EQ(copy->step_count(), 5) << name;
    EXPECT_STREQ(copy->name(), oa->name());
  }
}

TEST(Optim, SavedFormatIsDocumentedText) {
  Tensor w = param({1.0, 2.0});
  optim::Adam opt({w}, {.lr = 0.1});
  set_grad(w, {0.5, -0.5});
  opt.step();
  std::stringstream s;
  opt.save(s);
  std::string text = s.str();
  EXPECT_EQ(text.rfind("tyche-optimizer-state 1\noptimizer Adam\nstep 1\nlr ", 0), 0u) << text;
  EXPECT_NE(text.find("buffers 2 exp_avg exp_avg_sq\nparams 1\nparam 1\nfloat64 1 2 "), std::string::npos)
      << text;
  optim::OptimizerState st = optim::read_state(s);
  EXPECT_EQ(st.lr, 0.1);
  EXPECT_TRUE(equal(st.buffer(0, "exp_avg"), opt.state(0).buffers[0]));
  EXPECT_TRUE(equal(st.buffer(0, "exp_avg_sq"), opt.state(0).buffers[1]));
}

// ---- errors

TEST(Optim, RejectsBadParameters) {
  Tensor ok = param({1.0});
  EXPECT_ERROR(optim::SGD({ok, tensor({1, 2})}, {.lr = 0.1}), "SGD:", "parameter 1", "floating", "int64");
  EXPECT_ERROR(optim::Adam({Tensor()}, {}), "Adam:", "parameter 0", "undefined");
  Tensor w = param({1.0, 2.0});
  EXPECT_ERROR(optim::RMSprop({w * 2.0}, {}), "RMSprop:", "parameter 0", "not a leaf");
  // add_params checks everything first and adds nothing on failure.
  optim::Adagrad opt({ok}, {});
  EXPECT_ERROR(opt.add_params({w, tensor({1})}), "Adagrad:", "parameter 1");
  EXPECT_EQ(opt.params().size(), 1u);
  // A gradient of the wrong shape.
  Tensor v = param({1.0, 2.0});
  optim::ClippedAdam ca({v}, {});
  v.mutable_grad() = zeros({3}, kFloat64);
  EXPECT_ERROR(ca.step(), "ClippedAdam:", "parameter 0", "[3]", "[2]");
}

TEST(Optim, RejectsBadOptions) {
  Tensor w = param({1.0});
  EXPECT_ERROR(optim::SGD({w}, {.lr = -1.0}), "SGD:", "learning rate");
  EXPECT_ERROR(optim::SGD({w}, {.lr = 0.1, .nesterov = true}), "SGD:", "nesterov");
  EXPECT_ERROR(optim::SGD({w}, {.lr = 0.1, .momentum = 0.9, .dampening = 0.1, .nesterov = true}), "nesterov");
  EXPECT_ERROR(optim::Adam({w}, {.beta1 = 1.0}), "Adam:", "beta1");
  EXPECT_ERROR(optim::AdamW({w}, {.beta2 = -0.1}), "AdamW:", "beta2");
  EXPECT_ERROR(optim::ClippedAdam({w}, {.clip_norm = 0}), "ClippedAdam:", "clip_norm");
  EXPECT_ERROR(optim::ClippedAdam({w}, {.lrd = 0}), "ClippedAdam:", "lrd");
  EXPECT_ERROR(optim::Adagrad({w}, {.lr_decay = -1}), "Adagrad:", "lr_decay");
  EXPECT_ERROR(optim::RMSprop({w}, {.momentum = -0.5}), "RMSprop:", "momentum");
  optim::SGD opt({w}, {.lr = 0.1});
  EXPECT_ERROR(opt.set_lr(-0.5), "SGD:", "learning rate");
  EXPECT_ERROR(optim::StepLR(opt, 0), "StepLR:", "step_size");
}

TEST(Optim, LoadRejectsMismatchedState) {
  Tensor w = param({1.0, 2.0}), u = param({3.0});
  optim::Adam adam({w, u}, {.lr = 0.1});
  optim::SGD sgd({w, u}, {.lr = 0.1, .momentum = 0.9});
  EXPECT_ERROR(adam.load_state_dict(sgd.state_dict()), "Adam.load_state_dict:", "saved by SGD");
  optim::SGD plain({w, u}, {.lr = 0.1});
  EXPECT_ERROR(plain.load_state_dict(sgd.state_dict()), "SGD.load_state_dict:", "buffers");
  optim::Adam one({w}, {.lr = 0.1});
  EXPECT_ERROR(one.load_state_dict(adam.state_dict()), "parameters");
  Tensor big = param({1.0, 2.0, 3.0});
  optim::Adam other({big, u}, {.lr = 0.1});
  EXPECT_ERROR(other.load_state_dict(adam.state_dict()), "buffer 'exp_avg' of parameter 0", "[2]", "[3]");
  // Nothing changed by the failed loads.
  EXPECT_EQ(other.step_count(), 0);

  std::stringstream junk("not-a-state 1");
  EXPECT_ERROR(adam.load(junk), "read_state:", "tyche-optimizer-state");
  std::stringstream saved;
  adam.save(saved);
  std::string text = saved.str();
  std::stringstream cut(text.substr(0, text.find("\nparam ") + 1));   // no parameters left
  EXPECT_ERROR(adam.load(cut), "read_state:", "end of input");
}

}  // namespace
