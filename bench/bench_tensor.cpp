// Tensor-core benchmarks: tyche vs a hand-written Eigen floor vs LibTorch,
// all on one thread. Names are <op>/<impl>/<size> so bench/ratios.py can pair them.
#include <Eigen/Core>
#include <benchmark/benchmark.h>
#include <tyche/tyche.h>

#include "single_thread.h"

#ifdef TYCHE_HAVE_TORCH
#include <torch/torch.h>
#endif

namespace {

using tyche::Tensor;

// --------------------------------------------------------- per-op overhead
void add_scalar_tyche(benchmark::State& st) {
  Tensor a = tyche::ones({1}), b = tyche::ones({1});
  for (auto _ : st) benchmark::DoNotOptimize(a + b);
}
BENCHMARK(add_scalar_tyche)->Name("add_1elem/tyche");

// --------------------------------------------------------- exp over n float32
void exp_tyche(benchmark::State& st) {
  Tensor a = tyche::linspace(-3, 3, st.range(0));
  for (auto _ : st) benchmark::DoNotOptimize(tyche::exp(a));
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
void exp_eigen(benchmark::State& st) {
  Eigen::ArrayXf a = Eigen::ArrayXf::LinSpaced(st.range(0), -3, 3), out(st.range(0));
  for (auto _ : st) {
    out = a.exp();
    benchmark::DoNotOptimize(out.data());
  }
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
BENCHMARK(exp_tyche)->Name("exp/tyche")->Arg(1000)->Arg(1000000);
BENCHMARK(exp_eigen)->Name("exp/floor")->Arg(1000)->Arg(1000000);

// --------------------------------------------------------- a + b * c over n float32
void fma_tyche(benchmark::State& st) {
  Tensor a = tyche::linspace(-3, 3, st.range(0)), b = a * 0.5f, c = a + 1.0f;
  for (auto _ : st) benchmark::DoNotOptimize(a + b * c);
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
void fma_eigen(benchmark::State& st) {
  Eigen::ArrayXf a = Eigen::ArrayXf::LinSpaced(st.range(0), -3, 3), b = a * 0.5f, c = a + 1.0f, out(st.range(0));
  for (auto _ : st) {
    out = a + b * c;
    benchmark::DoNotOptimize(out.data());
  }
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
BENCHMARK(fma_tyche)->Name("a+b*c/tyche")->Arg(1000)->Arg(1000000);
BENCHMARK(fma_eigen)->Name("a+b*c/floor")->Arg(1000)->Arg(1000000);

// --------------------------------------------------------- full sum over n float32
void sum_tyche(benchmark::State& st) {
  Tensor a = tyche::linspace(-3, 3, st.range(0));
  for (auto _ : st) benchmark::DoNotOptimize(a.sum());
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
void sum_eigen(benchmark::State& st) {
  Eigen::ArrayXf a = Eigen::ArrayXf::LinSpaced(st.range(0), -3, 3);
  for (auto _ : st) benchmark::DoNotOptimize(a.sum());
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
BENCHMARK(sum_tyche)->Name("sum/tyche")->Arg(1000000);
BENCHMARK(sum_eigen)->Name("sum/floor")->Arg(1000000);

// --------------------------------------------------------- matmul n x n float32
void matmul_tyche(benchmark::State& st) {
  int64_t n = st.range(0);
  Tensor a = tyche::linspace(-1, 1, n * n).reshape({n, n}), b = a.t().contiguous();
  for (auto _ : st) benchmark::DoNotOptimize(tyche::matmul(a, b));
  st.SetItemsProcessed(st.iterations() * 2 * n * n * n);
}
void matmul_eigen(benchmark::State& st) {
  int64_t n = st.range(0);
  Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n), c(n, n);
  for (auto _ : st) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
  }
  st.SetItemsProcessed(st.iterations() * 2 * n * n * n);
}
BENCHMARK(matmul_tyche)->Name("matmul/tyche")->Arg(256);
BENCHMARK(matmul_eigen)->Name("matmul/floor")->Arg(256);

#ifdef TYCHE_HAVE_TORCH
void add_scalar_torch(benchmark::State& st) {
  torch::Tensor a = torch::ones({1}), b = torch::ones({1});
  for (auto _ : st) benchmark::DoNotOptimize(a + b);
}
void exp_torch(benchmark::State& st) {
  torch::Tensor a = torch::linspace(-3, 3, st.range(0));
  for (auto _ : st) benchmark::DoNotOptimize(torch::exp(a));
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
void fma_torch(benchmark::State& st) {
  torch::Tensor a = torch::linspace(-3, 3, st.range(0)), b = a * 0.5, c = a + 1.0;
  for (auto _ : st) benchmark::DoNotOptimize(a + b * c);
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
void sum_torch(benchmark::State& st) {
  torch::Tensor a = torch::linspace(-3, 3, st.range(0));
  for (auto _ : st) benchmark::DoNotOptimize(a.sum());
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
void matmul_torch(benchmark::State& st) {
  int64_t n = st.range(0);
  torch::Tensor a = torch::linspace(-1, 1, n * n).reshape({n, n}), b = a.t().contiguous();
  for (auto _ : st) benchmark::DoNotOptimize(torch::matmul(a, b));
  st.SetItemsProcessed(st.iterations() * 2 * n * n * n);
}
BENCHMARK(add_scalar_torch)->Name("add_1elem/torch");
BENCHMARK(exp_torch)->Name("exp/torch")->Arg(1000)->Arg(1000000);
BENCHMARK(fma_torch)->Name("a+b*c/torch")->Arg(1000)->Arg(1000000);
BENCHMARK(sum_torch)->Name("sum/torch")->Arg(1000000);
BENCHMARK(matmul_torch)->Name("matmul/torch")->Arg(256);
#endif

}  // namespace

BENCHMARK_MAIN();
