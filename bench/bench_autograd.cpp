// Autograd benchmarks: tyche vs a hand-written C++/Eigen floor vs LibTorch,
// all on one thread, float64. Names are <case>/<impl>/<size> so bench/ratios.py
// can pair them.
//
//   ag_chain_per_op   100 scalar ops (mul, add, exp, log) forward + backward on
//                     a 0-dim tensor. Reported per op (counter time_per_op, in
//                     seconds, which ratios.py prints in ns). Floor: a minimal tape AD on doubles
//                     (values + one parent and one partial per op in
//                     std::vectors, reverse sweep), i.e. a Stan-var-like tape.
//   ag_logreg_grad    log p(w | X, y) of a logistic regression with a N(0, 1)
//                     prior, N=1000, D=20: value and dlogp/dw per evaluation.
//                     Floor: Eigen, g = X^T (y - sigmoid(X w)) - w.
//   ag_logreg_hvp     its Hessian-vector product by double backward
//                     (grad with create_graph, then grad of <g, v>).
//                     Floor: Eigen, H v = -X^T (s (1 - s) .* (X v)) - v.
//
// Each benchmark checks once, untimed, that its result equals the floor's to
// 1e-10 relative (aborting otherwise), so it also proves it computes the
// right thing. Inputs come from one std::mt19937_64 with a fixed seed, shared
// by all implementations.
#include <Eigen/Core>
#include <benchmark/benchmark.h>
#include <tyche/autograd.h>
#include <tyche/tyche.h>

#include "single_thread.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#ifdef TYCHE_HAVE_TORCH
#include <torch/torch.h>
#endif

namespace {

using tyche::Tensor;

constexpr double kRelTol = 1e-10;

[[noreturn]] void fail(const char* what, double got, double want) {
  std::fprintf(stderr, "bench_autograd: %s: got %.17g, expected %.17g (relative tolerance %g)\n",
               what, got, want, kRelTol);
  std::abort();
}

// |got - want| <= tol * max(|want|, tiny), elementwise on the norm: ||got - want|| <= tol ||want||.
void check_close(const char* what, const std::vector<double>& got, const std::vector<double>& want) {
  if (got.size() != want.size()) fail(what, static_cast<double>(got.size()), static_cast<double>(want.size()));
  double diff2 = 0, norm2 = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!std::isfinite(got[i])) fail(what, got[i], want[i]);
    diff2 += (got[i] - want[i]) * (got[i] - want[i]);
    norm2 += want[i] * want[i];
  }
  if (!(std::sqrt(diff2) <= kRelTol * std::max(std::sqrt(norm2), 1e-300))) {
    size_t worst = 0;
    for (size_t i = 1; i < got.size(); ++i)
      if (std::abs(got[i] - want[i]) > std::abs(got[worst] - want[worst])) worst = i;
    fail(what, got[worst], want[worst]);
  }
}
void check_close(const char* what, double got, double want) {
  check_close(what, std::vector<double>{got}, std::vector<double>{want});
}

std::vector<double> to_vec(const Tensor& t) { return t.contiguous().to_vector<double>(); }

// =================================================================== 1. scalar chain
// x <- log(exp(x * a + b)), 25 times: 100 ops; x stays near the fixed point
// b / (1 - a) = 1, so every value is finite and dx_out/dx_in = a^25.
constexpr int kChainReps = 25;
constexpr int kChainOps = 4 * kChainReps;
constexpr double kChainA = 0.9, kChainB = 0.1, kChainX0 = 0.3;

void set_chain_counters(benchmark::State& st) {
  st.SetItemsProcessed(st.iterations() * kChainOps);
  // Inverted rate: seconds per op (the console prints it as e.g. "time_per_op=1.23us",
  // the JSON holds seconds; bench/ratios.py prints it in ns).
  st.counters["time_per_op"] = benchmark::Counter(
      kChainOps, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// ---- floor: a minimal tape (Stan-var-like) on doubles.
class Tape {
 public:
  struct Var { int idx; };
  void clear() { val_.clear(); parent_.clear(); partial_.clear(); }
  Var leaf(double v) { return push(v, -1, 0.0); }
  Var mul(Var x, double c) { return push(val_[x.idx] * c, x.idx, c); }
  Var add(Var x, double c) { return push(val_[x.idx] + c, x.idx, 1.0); }
  Var exp(Var x) { double e = std::exp(val_[x.idx]); return push(e, x.idx, e); }
  Var log(Var x) { double v = val_[x.idx]; return push(std::log(v), x.idx, 1.0 / v); }
  double value(Var x) const { return val_[x.idx]; }
  // d out / d (every var), in adj_; returns d out / d wrt.
  double grad(Var out, Var wrt) {
    adj_.assign(val_.size(), 0.0);
    adj_[out.idx] = 1.0;
    for (int i = out.idx; i > 0; --i)
      if (parent_[i] >= 0) adj_[parent_[i]] += partial_[i] * adj_[i];
    return adj_[wrt.idx];
  }

 private:
  Var push(double v, int parent, double partial) {
    val_.push_back(v);
    parent_.push_back(parent);
    partial_.push_back(partial);
    return Var{static_cast<int>(val_.size()) - 1};
  }
  std::vector<double> val_, adj_, partial_;
  std::vector<int> parent_;
};

std::pair<double, double> chain_floor_eval(Tape& tape, double x0) {
  tape.clear();
  Tape::Var in = tape.leaf(x0), x = in;
  for (int r = 0; r < kChainReps; ++r) x = tape.log(tape.exp(tape.add(tape.mul(x, kChainA), kChainB)));
  double v = tape.value(x);
  return {v, tape.grad(x, in)};
}

std::pair<double, double> chain_reference() {
  Tape tape;
  return chain_floor_eval(tape, kChainX0);
}

void chain_floor(benchmark::State& st) {
  Tape tape;
  double x0 = kChainX0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(x0);
    auto r = chain_floor_eval(tape, x0);
    benchmark::DoNotOptimize(r);
  }
  set_chain_counters(st);
}

// ---- tyche
std::pair<Tensor, Tensor> chain_tyche_eval(const Tensor& x0) {
  Tensor x = x0;
  for (int r = 0; r < kChainReps; ++r) x = tyche::log(tyche::exp(x * kChainA + kChainB));
  Tensor g = tyche::autograd::grad({x}, {x0})[0];
  return {x, g};
}

void chain_tyche(benchmark::State& st) {
  Tensor x0 = tyche::scalar_tensor(kChainX0);
  x0.requires_grad_();
  static const bool checked = [&] {
    auto [want_v, want_g] = chain_reference();
    auto [v, g] = chain_tyche_eval(x0);
    check_close("chain/tyche value", v.item<double>(), want_v);
    check_close("chain/tyche gradient", g.item<double>(), want_g);
    return true;
  }();
  (void)checked;
  for (auto _ : st) {
    auto r = chain_tyche_eval(x0);
    benchmark::DoNotOptimize(r);
  }
  set_chain_counters(st);
}

BENCHMARK(chain_tyche)->Name("ag_chain_per_op/tyche/100");
BENCHMARK(chain_floor)->Name("ag_chain_per_op/floor/100");

// =================================================================== 2./3. logistic regression
constexpr int64_t kN = 1000, kD = 20;

struct LogReg {
  std::vector<double> X;   // [N, D] row-major
  std::vector<double> y;   // [N] in {0, 1}
  std::vector<double> w;   // [D] where the density is evaluated
  std::vector<double> v;   // [D] direction of the Hessian-vector product
  LogReg() : X(kN * kD), y(kN), w(kD), v(kD) {
    std::mt19937_64 rng(20240601);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> unif(0.0, 1.0);
    std::vector<double> w_true(kD);
    for (auto& e : X) e = normal(rng);
    for (auto& e : w_true) e = 0.5 * normal(rng);
    for (auto& e : w) e = 0.25 * normal(rng);
    for (auto& e : v) e = normal(rng);
    for (int64_t i = 0; i < kN; ++i) {
      double z = 0;
      for (int64_t j = 0; j < kD; ++j) z += X[i * kD + j] * w_true[j];
      y[i] = unif(rng) < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
    }
  }
};

const LogReg& data() {
  static const LogReg d;
  return d;
}

// ---- floor: Eigen, column-major X (the faster layout for both X w and X^T r).
struct LogRegFloor {
  Eigen::MatrixXd X;
  Eigen::ArrayXd y;
  Eigen::VectorXd z, g, Xv, hv;
  Eigen::ArrayXd s, e;
  LogRegFloor() {
    const LogReg& d = data();
    X = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(d.X.data(), kN, kD);
    y = Eigen::Map<const Eigen::ArrayXd>(d.y.data(), kN);
    z.resize(kN); g.resize(kD); Xv.resize(kN); hv.resize(kD); s.resize(kN); e.resize(kN);
  }
  // log p and g = dlogp/dw. With e = exp(-|z|) (one vectorised exp):
  // softplus(z) = max(z, 0) + log(1 + e), sigmoid(z) = (z >= 0 ? 1 : e) / (1 + e).
  // (log(1 + e) rather than Eigen's scalar log1p: the absolute error, ~1e-16
  // per term, is far below the tolerance of the sum.)
  double grad(const Eigen::VectorXd& w) {
    z.noalias() = X * w;
    auto za = z.array();
    e = (-za.abs()).exp();
    double lp = (y * za - za.max(0.0) - (1.0 + e).log()).sum() - 0.5 * w.squaredNorm();
    s = (za >= 0.0).select(1.0, e) / (1.0 + e);
    g.noalias() = X.transpose() * (y - s).matrix();
    g -= w;
    return lp;
  }
  // H v = -X^T (s (1 - s) .* (X v)) - v
  const Eigen::VectorXd& hvp(const Eigen::VectorXd& w, const Eigen::VectorXd& v) {
    z.noalias() = X * w;
    s = 1.0 / (1.0 + (-z.array()).exp());
    Xv.noalias() = X * v;
    Xv.array() *= s * (1.0 - s);
    hv.noalias() = -(X.transpose() * Xv);
    hv -= v;
    return hv;
  }
};

Eigen::VectorXd eigen_vec(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}
std::vector<double> std_vec(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

struct LogRegReference {
  double logp;
  std::vector<double> grad, hvp;
};
const LogRegReference& logreg_reference() {
  static const LogRegReference r = [] {
    LogRegFloor f;
    LogRegReference out;
    out.logp = f.grad(eigen_vec(data().w));
    out.grad = std_vec(f.g);
    out.hvp = std_vec(f.hvp(eigen_vec(data().w), eigen_vec(data().v)));
    return out;
  }();
  return r;
}

void logreg_grad_floor(benchmark::State& st) {
  LogRegFloor f;
  Eigen::VectorXd w = eigen_vec(data().w);
  for (auto _ : st) {
    benchmark::DoNotOptimize(f.grad(w));
    benchmark::DoNotOptimize(f.g.data());
  }
}
void logreg_hvp_floor(benchmark::State& st) {
  LogRegFloor f;
  Eigen::VectorXd w = eigen_vec(data().w), v = eigen_vec(data().v);
  for (auto _ : st) benchmark::DoNotOptimize(f.hvp(w, v).data());
}

// ---- tyche: the public ops, as a user writes the model.
struct LogRegTyche {
  Tensor X, y, w, v;
  LogRegTyche() {
    const LogReg& d = data();
    X = tyche::tensor(d.X, {kN, kD});
    y = tyche::tensor(d.y, {kN});
    w = tyche::tensor(d.w, {kD});
    w.requires_grad_();
    v = tyche::tensor(d.v, {kD});
  }
  Tensor logp() const {
    Tensor z = tyche::matmul(X, w);
    return (y * z - tyche::softplus(z)).sum() - 0.5 * (w * w).sum();
  }
  std::pair<Tensor, Tensor> grad() const {
    Tensor lp = logp();
    return {lp, tyche::autograd::grad({lp}, {w})[0]};
  }
  Tensor hvp() const {
    Tensor g = tyche::autograd::grad({logp()}, {w}, {}, /*create_graph=*/true)[0];
    return tyche::autograd::grad({(g * v).sum()}, {w})[0];
  }
};

void logreg_grad_tyche(benchmark::State& st) {
  LogRegTyche m;
  static const bool checked = [&] {
    auto [lp, g] = m.grad();
    check_close("logreg_grad/tyche log p", lp.item<double>(), logreg_reference().logp);
    check_close("logreg_grad/tyche gradient", to_vec(g), logreg_reference().grad);
    return true;
  }();
  (void)checked;
  for (auto _ : st) {
    auto r = m.grad();
    benchmark::DoNotOptimize(r);
  }
}
void logreg_hvp_tyche(benchmark::State& st) {
  LogRegTyche m;
  static const bool checked = [&] {
    check_close("logreg_hvp/tyche Hv", to_vec(m.hvp()), logreg_reference().hvp);
    return true;
  }();
  (void)checked;
  for (auto _ : st) {
    Tensor hv = m.hvp();
    benchmark::DoNotOptimize(hv);
  }
}

BENCHMARK(logreg_grad_tyche)->Name("ag_logreg_grad/tyche/1000x20");
BENCHMARK(logreg_grad_floor)->Name("ag_logreg_grad/floor/1000x20");
BENCHMARK(logreg_hvp_tyche)->Name("ag_logreg_hvp/tyche/1000x20");
BENCHMARK(logreg_hvp_floor)->Name("ag_logreg_hvp/floor/1000x20");

// =================================================================== LibTorch
#ifdef TYCHE_HAVE_TORCH
std::vector<double> to_vec(const torch::Tensor& t) {
  torch::Tensor c = t.detach().contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}
torch::Tensor torch_tensor(const std::vector<double>& v, std::vector<int64_t> sizes) {
  return torch::from_blob(const_cast<double*>(v.data()), sizes, torch::kFloat64).clone();
}

std::pair<torch::Tensor, torch::Tensor> chain_torch_eval(const torch::Tensor& x0) {
  torch::Tensor x = x0;
  for (int r = 0; r < kChainReps; ++r) x = torch::log(torch::exp(x * kChainA + kChainB));
  torch::Tensor g = torch::autograd::grad({x}, {x0})[0];
  return {x, g};
}

void chain_torch(benchmark::State& st) {
  torch::Tensor x0 = torch::scalar_tensor(kChainX0, torch::kFloat64).requires_grad_();
  static const bool checked = [&] {
    auto [want_v, want_g] = chain_reference();
    auto [v, g] = chain_torch_eval(x0);
    check_close("chain/torch value", v.item<double>(), want_v);
    check_close("chain/torch gradient", g.item<double>(), want_g);
    return true;
  }();
  (void)checked;
  for (auto _ : st) {
    auto r = chain_torch_eval(x0);
    benchmark::DoNotOptimize(r);
  }
  set_chain_counters(st);
}

struct LogRegTorch {
  torch::Tensor X, y, w, v;
  LogRegTorch() {
    const LogReg& d = data();
    X = torch_tensor(d.X, {kN, kD});
    y = torch_tensor(d.y, {kN});
    w = torch_tensor(d.w, {kD}).requires_grad_();
    v = torch_tensor(d.v, {kD});
  }
  // torch::softplus's default threshold (20) returns z above it; |z| stays far
  // below here, and the check against the floor guards that.
  torch::Tensor logp() const {
    torch::Tensor z = torch::matmul(X, w);
    return (y * z - torch::softplus(z)).sum() - 0.5 * (w * w).sum();
  }
  std::pair<torch::Tensor, torch::Tensor> grad() const {
    torch::Tensor lp = logp();
    return {lp, torch::autograd::grad({lp}, {w})[0]};
  }
  torch::Tensor hvp() const {
    torch::Tensor g = torch::autograd::grad({logp()}, {w}, {}, /*retain_graph=*/true, /*create_graph=*/true)[0];
    return torch::autograd::grad({(g * v).sum()}, {w})[0];
  }
};

void logreg_grad_torch(benchmark::State& st) {
  LogRegTorch m;
  static const bool checked = [&] {
    auto [lp, g] = m.grad();
    check_close("logreg_grad/torch log p", lp.item<double>(), logreg_reference().logp);
    check_close("logreg_grad/torch gradient", to_vec(g), logreg_reference().grad);
    return true;
  }();
  (void)checked;
  for (auto _ : st) {
    auto r = m.grad();
    benchmark::DoNotOptimize(r);
  }
}
void logreg_hvp_torch(benchmark::State& st) {
  LogRegTorch m;
  static const bool checked = [&] {
    check_close("logreg_hvp/torch Hv", to_vec(m.hvp()), logreg_reference().hvp);
    return true;
  }();
  (void)checked;
  for (auto _ : st) {
    torch::Tensor hv = m.hvp();
    benchmark::DoNotOptimize(hv);
  }
}

BENCHMARK(chain_torch)->Name("ag_chain_per_op/torch/100");
BENCHMARK(logreg_grad_torch)->Name("ag_logreg_grad/torch/1000x20");
BENCHMARK(logreg_hvp_torch)->Name("ag_logreg_hvp/torch/1000x20");
#endif

}  // namespace

BENCHMARK_MAIN();
