// Distribution log-density benchmarks: tyche's dist:: families vs a
// hand-written loop (the floor) vs the same formula in LibTorch ops, one
// thread, float64. Names are <case>/<impl>/<size> for bench/ratios.py.
//
//   dist_normal_lp     Normal(loc, scale).log_prob(x), x: 1e6 values, scalar params.
//   dist_normal_lp_validated   the same with argument validation on (tyche's
//                      default: the support check is one more pass); floor unchanged.
//   dist_gamma_lp      Gamma(concentration, rate).log_prob(x), 1e6 values.
//   dist_mvn_lp        MultivariateNormal(loc, scale_tril).log_prob(x), d = 50,
//                      x: [20000, 50] (1e6 values). Floor: Eigen's triangular
//                      solve of the [50, 20000] residual block + column norms.
//
// Each case checks once, untimed, that tyche's result equals the floor's to
// 1e-10 relative, so the benchmark also proves it computes the right thing.
// tyche runs with validation off except in the _validated case (the floor
// and LibTorch validate nothing).
#include <Eigen/Core>
#include <Eigen/Dense>
#include <benchmark/benchmark.h>
#include <tyche/tyche.h>

#include "single_thread.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using tyche::Tensor;
namespace dist = tyche::dist;

constexpr int64_t kN = 1000000;
constexpr int64_t kD = 50, kRows = kN / kD;
constexpr double kLoc = 0.3, kScale = 1.7, kConc = 2.5, kRate = 1.5;

void check_close(const char* what, const Tensor& got, const std::vector<double>& want) {
  std::vector<double> g = got.contiguous().to_vector<double>();
  double diff2 = 0, norm2 = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    diff2 += (g[i] - want[i]) * (g[i] - want[i]);
    norm2 += want[i] * want[i];
  }
  if (g.size() != want.size() || !(std::sqrt(diff2) <= 1e-10 * std::sqrt(norm2))) {
    std::fprintf(stderr, "bench_distributions: %s differs from the floor\n", what);
    std::abort();
  }
}

struct Data {
  std::vector<double> x, pos, mvn_x, loc, L;
  Data() : x(kN), pos(kN), mvn_x(kN), loc(kD), L(kD * kD, 0.0) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::gamma_distribution<double> gamma(kConc, 1.0 / kRate);
    for (auto& v : x) v = kLoc + kScale * normal(rng);
    for (auto& v : pos) v = gamma(rng);
    for (auto& v : mvn_x) v = normal(rng);
    for (auto& v : loc) v = 0.1 * normal(rng);
    for (int64_t i = 0; i < kD; ++i) {
      for (int64_t j = 0; j < i; ++j) L[i * kD + j] = 0.1 * normal(rng);
      L[i * kD + i] = 1.0 + 0.1 * std::abs(normal(rng));
    }
  }
  Tensor t(std::vector<double>& v, tyche::IntList sizes) const {
    return tyche::from_blob(v.data(), sizes, tyche::kFloat64);
  }
};

Data& data() {
  static Data d;
  return d;
}

// ---------------------------------------------------------------- floors
std::vector<double> normal_floor(const std::vector<double>& x) {
  std::vector<double> out(x.size());
  const double c = -std::log(kScale) - 0.5 * std::log(2 * M_PI), inv = 1.0 / kScale;
  for (size_t i = 0; i < x.size(); ++i) {
    double z = (x[i] - kLoc) * inv;
    out[i] = -0.5 * z * z + c;
  }
  return out;
}

std::vector<double> gamma_floor(const std::vector<double>& x) {
  std::vector<double> out(x.size());
  const double c = kConc * std::log(kRate) - std::lgamma(kConc);
  for (size_t i = 0; i < x.size(); ++i) out[i] = c + (kConc - 1) * std::log(x[i]) - kRate * x[i];
  return out;
}

std::vector<double> mvn_floor(const std::vector<double>& x, const std::vector<double>& loc,
                              const std::vector<double>& l) {
  using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMat> X(x.data(), kRows, kD);
  Eigen::Map<const RowMat> L(l.data(), kD, kD);
  Eigen::Map<const Eigen::VectorXd> mu(loc.data(), kD);
  Eigen::MatrixXd r = (X.rowwise() - mu.transpose()).transpose();  // [D, rows]
  L.triangularView<Eigen::Lower>().solveInPlace(r);
  double c = -0.5 * kD * std::log(2 * M_PI);
  for (int64_t i = 0; i < kD; ++i) c -= std::log(l[i * kD + i]);
  std::vector<double> out(kRows);
  for (int64_t j = 0; j < kRows; ++j) out[j] = c - 0.5 * r.col(j).squaredNorm();
  return out;
}

template <class F>
void run_floor(benchmark::State& st, F f) {
  for (auto _ : st) {
    auto out = f();
    benchmark::DoNotOptimize(out.data());
  }
  st.SetItemsProcessed(st.iterations() * kN);
}

void normal_floor_bm(benchmark::State& st) { run_floor(st, [] { return normal_floor(data().x); }); }
void gamma_floor_bm(benchmark::State& st) { run_floor(st, [] { return gamma_floor(data().pos); }); }
void mvn_floor_bm(benchmark::State& st) {
  run_floor(st, [] { return mvn_floor(data().mvn_x, data().loc, data().L); });
}

// ---------------------------------------------------------------- tyche
template <class Make>
void run_tyche(benchmark::State& st, const char* what, Make make, const Tensor& x, const std::vector<double>& want,
               bool validate) {
  dist::ValidationGuard guard(validate);
  static bool checked = false;
  if (!checked) {
    check_close(what, make().log_prob(x), want);
    checked = true;
  }
  for (auto _ : st) {
    Tensor lp = make().log_prob(x);
    benchmark::DoNotOptimize(lp.data_ptr());
  }
  st.SetItemsProcessed(st.iterations() * kN);
}

void normal_tyche(benchmark::State& st, bool validate) {
  Tensor x = data().t(data().x, {kN});
  run_tyche(st, "normal", [] { return dist::Normal(kLoc, kScale); }, x, normal_floor(data().x), validate);
}
void normal_tyche_bm(benchmark::State& st) { normal_tyche(st, false); }
void normal_tyche_validated_bm(benchmark::State& st) { normal_tyche(st, true); }

void gamma_tyche_bm(benchmark::State& st) {
  Tensor x = data().t(data().pos, {kN});
  run_tyche(st, "gamma", [] { return dist::Gamma(kConc, kRate); }, x, gamma_floor(data().pos), false);
}

void mvn_tyche_bm(benchmark::State& st) {
  Data& d = data();
  Tensor x = d.t(d.mvn_x, {kRows, kD}), loc = d.t(d.loc, {kD}), L = d.t(d.L, {kD, kD});
  run_tyche(st, "mvn", [&] { return dist::MultivariateNormal(loc, dist::ScaleTril(L)); }, x,
            mvn_floor(d.mvn_x, d.loc, d.L), false);
}

#ifdef TYCHE_HAVE_TORCH
torch::Tensor torch_from(std::vector<double>& v, std::vector<int64_t> sizes) {
  return torch::from_blob(v.data(), sizes, torch::kFloat64);
}

template <class F>
void run_torch(benchmark::State& st, F f) {
  torch::NoGradGuard no_grad;
  for (auto _ : st) {
    torch::Tensor lp = f();
    benchmark::DoNotOptimize(lp.data_ptr());
  }
  st.SetItemsProcessed(st.iterations() * kN);
}

void normal_torch_bm(benchmark::State& st) {
  torch::Tensor x = torch_from(data().x, {kN});
  torch::Tensor loc = torch::scalar_tensor(kLoc, torch::kFloat64), scale = torch::scalar_tensor(kScale, torch::kFloat64);
  run_torch(st, [&] {
    torch::Tensor z = (x - loc) / scale;
    return -0.5 * z * z - torch::log(scale) - 0.5 * std::log(2 * M_PI);
  });
}

void gamma_torch_bm(benchmark::State& st) {
  torch::Tensor x = torch_from(data().pos, {kN});
  torch::Tensor a = torch::scalar_tensor(kConc, torch::kFloat64), b = torch::scalar_tensor(kRate, torch::kFloat64);
  run_torch(st, [&] { return torch::xlogy(a, b) + torch::xlogy(a - 1, x) - b * x - torch::lgamma(a); });
}

void mvn_torch_bm(benchmark::State& st) {
  Data& d = data();
  torch::Tensor x = torch_from(d.mvn_x, {kRows, kD}), loc = torch_from(d.loc, {kD}), L = torch_from(d.L, {kD, kD});
  run_torch(st, [&] {
    torch::Tensor r = torch::linalg_solve_triangular(L, (x - loc).t(), /*upper=*/false);
    return -0.5 * r.pow(2).sum(0) - L.diagonal().log().sum() - 0.5 * kD * std::log(2 * M_PI);
  });
}

BENCHMARK(normal_torch_bm)->Name("dist_normal_lp/torch/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(gamma_torch_bm)->Name("dist_gamma_lp/torch/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(mvn_torch_bm)->Name("dist_mvn_lp/torch/20000x50")->Unit(benchmark::kMicrosecond);
#endif

BENCHMARK(normal_tyche_bm)->Name("dist_normal_lp/tyche/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(normal_floor_bm)->Name("dist_normal_lp/floor/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(normal_tyche_validated_bm)->Name("dist_normal_lp_validated/tyche/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(normal_floor_bm)->Name("dist_normal_lp_validated/floor/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(gamma_tyche_bm)->Name("dist_gamma_lp/tyche/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(gamma_floor_bm)->Name("dist_gamma_lp/floor/1000000")->Unit(benchmark::kMicrosecond);
BENCHMARK(mvn_tyche_bm)->Name("dist_mvn_lp/tyche/20000x50")->Unit(benchmark::kMicrosecond);
BENCHMARK(mvn_floor_bm)->Name("dist_mvn_lp/floor/20000x50")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
