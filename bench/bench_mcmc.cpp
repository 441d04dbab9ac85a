// NUTS efficiency on two models, 4 chains x (1000 warm-up + 1000 draws), one
// thread (chains one after another), as Stan is run by bench/stan_mcmc.R:
//
//   mcmc/eight_schools         non-centred eight schools (mu, tau, theta_tilde[8])
//   mcmc/logistic_regression   N = 1000, D = 20 synthetic data, alpha ~ N(0, 5), beta ~ N(0, 1)
//
// Counters per run: us_per_grad (CPU microseconds per gradient of the
// potential, warm-up included), min_ess_bulk (smallest bulk ESS over all
// parameters), ess_per_s (min_ess_bulk per CPU second of all chains),
// grads_per_ess (gradients, warm-up included, per min_ess_bulk).
// grad/<model> times one potential-plus-gradient evaluation on its own.
//
// With TYCHE_BENCH_DATA_DIR set, the data of both models are written there
// as Stan JSON (eight_schools.json, logistic_regression.json) so the peers
// (bench/stan_mcmc.R, bench/pyro_mcmc.py) fit the same numbers.
#include <benchmark/benchmark.h>
#include <tyche/tyche.h>

#include "single_thread.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using tyche::Tensor;
namespace dist = tyche::dist;
namespace infer = tyche::infer;

void eight_schools(const Tensor& sigma, const std::optional<Tensor>& y) {
  Tensor mu = tyche::sample("mu", dist::Normal(0.0, 5.0));
  Tensor tau = tyche::sample("tau", dist::HalfCauchy(5.0));
  auto schools = tyche::plate("schools", sigma.size(0));
  Tensor theta_tilde = tyche::sample("theta_tilde", dist::Normal(0.0, 1.0));
  tyche::sample("y", dist::Normal(mu + tau * theta_tilde, sigma), y);
}

void logistic_regression(const Tensor& X, const std::optional<Tensor>& y) {
  Tensor alpha = tyche::sample("alpha", dist::Normal(0.0, 5.0));
  Tensor beta = tyche::sample("beta", dist::Normal(0.0, 1.0).expand({X.size(1)}).to_event(1));
  auto data = tyche::plate("data", X.size(0));
  tyche::sample("y", dist::Bernoulli(dist::Logits(alpha + tyche::matmul(X, beta))), y);
}

struct Schools {
  Tensor y = tyche::tensor({28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0});
  Tensor sigma = tyche::tensor({15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0});
};

struct Logistic {
  static constexpr int64_t N = 1000, D = 20;
  static constexpr double alpha_true = 0.5;
  Tensor X, y, beta_true;
  Logistic() {
    tyche::Generator gen(20261208);
    X = tyche::randn({N, D}, gen, tyche::kFloat64);
    beta_true = tyche::randn({D}, gen, tyche::kFloat64);
    y = dist::Bernoulli(dist::Logits(alpha_true + tyche::matmul(X, beta_true))).sample(gen);
  }
};

const Schools& schools() {
  static const Schools s;
  return s;
}
const Logistic& logistic() {
  static const Logistic l;
  return l;
}

std::string json_array(const Tensor& t) {
  std::string s = "[";
  const std::vector<double> v = t.to(tyche::kFloat64).contiguous().to_vector<double>();
  char buf[32];
  for (size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.17g", i ? "," : "", v[i]);
    s += buf;
  }
  return s + "]";
}

void write_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::fprintf(stderr, "bench_mcmc: cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

// The data as Stan JSON, for the peers.
void write_data(const std::string& dir) {
  const Schools& s = schools();
  std::string schools_json = "{\"J\":8,\"y\":";
  schools_json.append(json_array(s.y)).append(",\"sigma\":").append(json_array(s.sigma)).append("}\n");
  write_file(dir + "/eight_schools.json", schools_json);
  const Logistic& l = logistic();
  std::string rows = "[";
  for (int64_t i = 0; i < Logistic::N; ++i) {
    if (i) rows += ',';
    rows += json_array(l.X.select(0, i));
  }
  rows += "]";
  char alpha[32];
  std::snprintf(alpha, sizeof alpha, "%.17g", Logistic::alpha_true);
  std::string json = "{\"N\":1000,\"D\":20,\"X\":";
  json.append(rows).append(",\"y\":").append(json_array(l.y)).append(",\"alpha_true\":").append(alpha);
  json.append(",\"beta_true\":").append(json_array(l.beta_true)).append("}\n");
  write_file(dir + "/logistic_regression.json", json);
}

template <class Model, class... A>
void run_nuts(benchmark::State& state, Model model, const A&... args) {
  for (auto _ : state) {
    auto kernel = infer::NUTS(model);
    infer::MCMC mcmc(kernel, {.num_warmup = 1000, .num_samples = 1000, .num_chains = 4, .seed = 1,
                                          .num_threads = 1, .progress_bar = false});
    mcmc.run(args...);
    double seconds = 0;
    for (const infer::ChainCost& t : mcmc.chain_costs()) seconds += t.warmup_seconds + t.sampling_seconds;
    double min_ess = 1e300;
    for (const infer::SummaryRow& r : mcmc.summary()) min_ess = std::min(min_ess, r.ess_bulk);
    const double grads = static_cast<double>(mcmc.num_gradients());
    state.counters["us_per_grad"] = 1e6 * seconds / grads;
    state.counters["min_ess_bulk"] = min_ess;
    state.counters["ess_per_s"] = min_ess / seconds;
    state.counters["grads_per_ess"] = grads / min_ess;
    state.counters["seconds"] = seconds;
    state.counters["chains"] = 4;
    state.counters["divergences"] = static_cast<double>(mcmc.num_divergences());
  }
}

void BM_nuts_eight_schools(benchmark::State& state) {
  run_nuts(state, eight_schools, schools().sigma, std::optional<Tensor>(schools().y));
}
void BM_nuts_logistic(benchmark::State& state) {
  run_nuts(state, logistic_regression, logistic().X, std::optional<Tensor>(logistic().y));
}

template <class Model, class... A>
void time_gradient(benchmark::State& state, Model model, const A&... args) {
  infer::Potential potential([&] { model(args...); });
  tyche::Generator gen(0);
  std::vector<double> z = potential.initial_point(gen), g(static_cast<size_t>(potential.dim()));
  for (auto _ : state) benchmark::DoNotOptimize(potential.value_and_grad(z.data(), g.data()));
}

void BM_grad_eight_schools(benchmark::State& state) {
  time_gradient(state, eight_schools, schools().sigma, std::optional<Tensor>(schools().y));
}
void BM_grad_logistic(benchmark::State& state) {
  time_gradient(state, logistic_regression, logistic().X, std::optional<Tensor>(logistic().y));
}

BENCHMARK(BM_grad_eight_schools)->Name("grad/eight_schools")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_grad_logistic)->Name("grad/logistic_regression")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_nuts_eight_schools)->Name("mcmc/eight_schools")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_nuts_logistic)->Name("mcmc/logistic_regression")->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

int main(int argc, char** argv) {
  if (const char* dir = std::getenv("TYCHE_BENCH_DATA_DIR")) write_data(dir);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
