// SVI step time: Bayesian linear regression (N = 1000, D = 10; w ~ N(0, I),
// b ~ N(0, 1), sigma ~ HalfNormal(1), y ~ N(X w + b, sigma) in a plate),
// AutoNormal guide, TraceELBO (one particle), Adam(lr 1e-2), float64, one
// thread. Names are svi_blr/<impl>/1000 for bench/ratios.py:
//
//   tyche   infer::SVI(model, AutoNormal(model), Adam, TraceELBO): the PPL
//           path a user writes (handlers, traces, ParamStore), validation on
//           (as Pyro's default).
//   floor   the same ELBO written by hand with tyche tensor ops and tyche's
//           Adam: what the step costs without the PPL machinery.
//   torch   the hand-written ELBO in LibTorch ops with torch::optim::Adam.
//
// Pyro's step for the same model (bench/pyro_svi.py) is measured by
// scripts/bench.sh in the same run. Before timing, each case trains 3000
// steps from the same start and checks the posterior means of w and b
// against least squares (0.05), so the benchmark also shows it fits.
#include <benchmark/benchmark.h>
#include <tyche/tyche.h>

#include "single_thread.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

namespace {

using tyche::Tensor;
namespace dist = tyche::dist;
namespace infer = tyche::infer;
namespace optim = tyche::optim;

constexpr int64_t kN = 1000, kD = 10;
constexpr double kB = 0.5, kSigma = 0.3;

struct Data {
  Tensor X, y;
  std::vector<double> w_true;
  Data() {
    tyche::Generator gen(11);
    X = tyche::randn({kN, kD}, gen, tyche::kFloat64);
    Tensor w = tyche::linspace(-1.0, 1.0, kD, tyche::kFloat64);
    y = tyche::matmul(X, w) + kB + kSigma * tyche::randn({kN}, gen, tyche::kFloat64);
    w_true = w.to_vector<double>();
  }
};
const Data& data() {
  static Data d;
  return d;
}

void blr_model(const Tensor& X, const std::optional<Tensor>& y) {
  Tensor w = tyche::sample("w", dist::Normal(0.0, 1.0).expand({X.size(1)}).to_event(1));
  Tensor b = tyche::sample("b", dist::Normal(0.0, 1.0));
  Tensor sigma = tyche::sample("sigma", dist::HalfNormal(1.0));
  auto rows = tyche::plate("data", X.size(0));
  tyche::sample("y", dist::Normal(tyche::matmul(X, w) + b, sigma), y);
}

void check_fit(const char* impl, const std::vector<double>& w, double b) {
  for (size_t i = 0; i < w.size(); ++i)
    if (!(std::abs(w[i] - data().w_true[i]) < 0.05)) {
      std::fprintf(stderr, "bench_svi: %s: w[%zu] = %g, expected about %g\n", impl, i, w[i], data().w_true[i]);
      std::abort();
    }
  if (!(std::abs(b - kB) < 0.05)) {
    std::fprintf(stderr, "bench_svi: %s: b = %g, expected about %g\n", impl, b, kB);
    std::abort();
  }
}

constexpr int kFitSteps = 3000;

void svi_tyche(benchmark::State& st) {
  tyche::get_param_store().clear();
  tyche::manual_seed(0);
  const Data& d = data();
  std::optional<Tensor> y = d.y;
  auto guide = infer::AutoNormal(blr_model);
  infer::SVI svi(blr_model, guide, optim::Adam({.lr = 1e-2}), infer::TraceELBO());
  for (int i = 0; i < kFitSteps; ++i) svi.step(d.X, y);
  auto med = guide.median();
  check_fit("tyche", med["w"].to_vector<double>(), med["b"].item<double>());
  for (auto _ : st) benchmark::DoNotOptimize(svi.step(d.X, y));
}

// The AutoNormal ELBO by hand: q(w) = N(mw, exp(sw)), q(b) = N(mb, exp(sb)),
// q(log sigma) = N(ms, exp(ss)); one reparameterised draw per step.
struct HandParams {
  Tensor mw, sw, mb, sb, ms, ss;
  std::vector<Tensor> all() const { return {mw, sw, mb, sb, ms, ss}; }
};

HandParams hand_params() {
  auto leaf = [](Tensor t) { return t.requires_grad_(); };
  return {leaf(tyche::zeros({kD}, tyche::kFloat64)), leaf(tyche::full({kD}, std::log(0.1), tyche::kFloat64)),
          leaf(tyche::zeros({}, tyche::kFloat64)),   leaf(tyche::full({}, std::log(0.1), tyche::kFloat64)),
          leaf(tyche::zeros({}, tyche::kFloat64)),   leaf(tyche::full({}, std::log(0.1), tyche::kFloat64))};
}

Tensor hand_loss(const HandParams& p, tyche::Generator& gen) {
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  const Data& d = data();
  auto draw = [&](const Tensor& m, const Tensor& s, std::vector<int64_t> shape) {
    Tensor eps = tyche::randn(shape, gen, tyche::kFloat64);
    // value, log q(value) summed
    return std::pair{m + tyche::exp(s) * eps, (-0.5 * eps * eps - s).sum() - kHalfLog2Pi * double(eps.numel())};
  };
  auto [w, lqw] = draw(p.mw, p.sw, {kD});
  auto [b, lqb] = draw(p.mb, p.sb, {});
  auto [u, lqu] = draw(p.ms, p.ss, {});
  Tensor sigma = tyche::exp(u);
  Tensor lp_w = (-0.5 * w * w).sum() - kHalfLog2Pi * double(kD);
  Tensor lp_b = -0.5 * b * b - kHalfLog2Pi;
  Tensor lp_sigma = -0.5 * sigma * sigma + (0.5 * std::log(2.0 / M_PI)) + u;  // HalfNormal + log|d sigma/du|
  Tensor r = (d.y - (tyche::matmul(d.X, w) + b)) / sigma;
  Tensor lik = (-0.5 * r * r).sum() - double(kN) * (tyche::log(sigma) + kHalfLog2Pi);
  return -(lik + lp_w + lp_b + lp_sigma - lqw - lqb - lqu);
}

void svi_floor(benchmark::State& st) {
  HandParams p = hand_params();
  optim::Adam opt(p.all(), {.lr = 1e-2});
  tyche::Generator gen(0);
  auto step = [&] {
    opt.zero_grad();
    Tensor loss = hand_loss(p, gen);
    loss.backward();
    opt.step();
    return loss.item<double>();
  };
  for (int i = 0; i < kFitSteps; ++i) step();
  check_fit("floor", p.mw.detach().to_vector<double>(), p.mb.item<double>());
  for (auto _ : st) benchmark::DoNotOptimize(step());
}

BENCHMARK(svi_tyche)->Name("svi_blr/tyche/1000")->Unit(benchmark::kMicrosecond);
BENCHMARK(svi_floor)->Name("svi_blr/floor/1000")->Unit(benchmark::kMicrosecond);

#ifdef TYCHE_HAVE_TORCH
void svi_torch(benchmark::State& st) {
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  const Data& d = data();
  std::vector<double> xv = d.X.contiguous().to_vector<double>(), yv = d.y.contiguous().to_vector<double>();
  torch::Tensor X = torch::from_blob(xv.data(), {kN, kD}, torch::kFloat64).clone();
  torch::Tensor y = torch::from_blob(yv.data(), {kN}, torch::kFloat64).clone();
  auto opts = torch::TensorOptions().dtype(torch::kFloat64).requires_grad(true);
  torch::Tensor mw = torch::zeros({kD}, opts), sw = torch::full({kD}, std::log(0.1), opts);
  torch::Tensor mb = torch::zeros({}, opts), sb = torch::full({}, std::log(0.1), opts);
  torch::Tensor ms = torch::zeros({}, opts), ss = torch::full({}, std::log(0.1), opts);
  torch::optim::Adam opt({mw, sw, mb, sb, ms, ss}, torch::optim::AdamOptions(1e-2));
  torch::manual_seed(0);
  auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  auto step = [&] {
    opt.zero_grad();
    auto draw = [&](const torch::Tensor& m, const torch::Tensor& s, c10::IntArrayRef shape) {
      torch::Tensor eps = torch::randn(shape, f64);
      return std::pair{m + torch::exp(s) * eps, (-0.5 * eps * eps - s).sum() - kHalfLog2Pi * double(eps.numel())};
    };
    auto [w, lqw] = draw(mw, sw, {kD});
    auto [b, lqb] = draw(mb, sb, {});
    auto [u, lqu] = draw(ms, ss, {});
    torch::Tensor sigma = torch::exp(u);
    torch::Tensor lp = (-0.5 * w * w).sum() - kHalfLog2Pi * double(kD) - 0.5 * b * b - kHalfLog2Pi - 0.5 * sigma * sigma +
                       0.5 * std::log(2.0 / M_PI) + u;
    torch::Tensor r = (y - (torch::matmul(X, w) + b)) / sigma;
    torch::Tensor lik = (-0.5 * r * r).sum() - double(kN) * (torch::log(sigma) + kHalfLog2Pi);
    torch::Tensor loss = -(lik + lp - lqw - lqb - lqu);
    loss.backward();
    opt.step();
    return loss.item<double>();
  };
  for (int i = 0; i < kFitSteps; ++i) step();
  std::vector<double> w(mw.data_ptr<double>(), mw.data_ptr<double>() + kD);
  check_fit("torch", w, mb.item<double>());
  for (auto _ : st) benchmark::DoNotOptimize(step());
}
BENCHMARK(svi_torch)->Name("svi_blr/torch/1000")->Unit(benchmark::kMicrosecond);
#endif

}  // namespace

BENCHMARK_MAIN();
