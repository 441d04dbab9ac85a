// MCMC over models: a Normal-Normal conjugate posterior by NUTS and by HMC
// (mean within 4 Monte Carlo standard errors of the closed form, sd within a
// stated tolerance); reproducibility by seed, whatever the thread count; Stan
// CSV (CmdStan's columns and per-chain file names, the written and the
// streamed files parsing back to the draws exactly, a run interrupted by the
// model leaving exactly the rows it finished, a file cut mid-row); and the
// API (get_samples' and get_sampler_stats' shapes, deterministic sites,
// float32 models, thinning, print_summary, errors, Predictive on the draws).
//
// Statistical checks use fixed seeds; TYCHE_TEST_SEED_OFFSET=<n> shifts every
// seed (to check that the tolerances are not tuned to one stream).
#include <tyche/inference.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "../test_util.h"

namespace tyche::testing {
namespace {

namespace dist = tyche::dist;

uint64_t test_seed(uint64_t k) {
  const char* off = std::getenv("TYCHE_TEST_SEED_OFFSET");
  return k + (off ? std::strtoull(off, nullptr, 10) : 0);
}

std::vector<int64_t> shape_of(const Tensor& t) { return t.sizes().vec(); }

std::set<std::string> keys(const std::map<std::string, Tensor>& m) {
  std::set<std::string> k;
  for (const auto& [name, v] : m) k.insert(name);
  return k;
}

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "tyche_mcmc_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ---------------------------------------------------------------- Normal-Normal

// mu ~ N(m0, s0); y_i ~ N(mu, sigma), sigma known.
constexpr double kM0 = 1.0, kS0 = 2.0, kSigma = 1.5;
constexpr int64_t kN = 20;

void normal_normal(int64_t n, const std::optional<Tensor>& y) {
  Tensor mu = sample("mu", dist::Normal(kM0, kS0));
  auto data = plate("data", n);
  sample("y", dist::Normal(mu, kSigma), y);
}

// 20 draws from N(2.5, 1.5) with a fixed generator.
const Tensor& ys() {
  static const Tensor y = [] {
    Generator gen(12345);
    return dist::Normal(2.5, kSigma).sample(gen, {kN});
  }();
  return y;
}

struct Posterior {
  double mean, sd;
};
Posterior normal_normal_posterior() {
  const double sum = ys().sum().item<double>();
  const double precision = 1 / (kS0 * kS0) + static_cast<double>(kN) / (kSigma * kSigma);
  return {(kM0 / (kS0 * kS0) + sum / (kSigma * kSigma)) / precision, 1 / std::sqrt(precision)};
}

template <class Kernel>
void expect_normal_normal_posterior(Kernel kernel, uint64_t seed) {
  infer::MCMC mcmc(kernel, {.num_warmup = 500, .num_samples = 1000, .num_chains = 4, .seed = seed,
                            .progress_bar = false});
  mcmc.run(kN, std::optional<Tensor>(ys()));
  const Posterior want = normal_normal_posterior();  // mean ~2.53, sd 0.33
  const Tensor mu = mcmc.get_samples(true).at("mu");
  ASSERT_EQ(shape_of(mu), (std::vector<int64_t>{4, 1000}));
  const double mean = mu.mean().item<double>(), mcse = infer::mcse_mean(mu);
  EXPECT_LT(std::abs(mean - want.mean), 4 * mcse) << "mean " << mean << " vs " << want.mean << ", mcse " << mcse;
  EXPECT_LT(mcse, 0.02);  // ESS > ~270: the chains mix
  // The sd of 4000 draws with ESS >= 1000 is within ~2.3% (1 sd); tolerance 8%.
  const double sd = mu.std().item<double>();
  EXPECT_NEAR(sd, want.sd, 0.08 * want.sd);
  // Converged: split R-hat near 1.
  EXPECT_LT(infer::split_rhat(mu), 1.01);
  EXPECT_EQ(mcmc.num_divergences(), 0);
}

TEST(MCMCConjugate, NormalNormalByNUTS) {
  expect_normal_normal_posterior(infer::NUTS(normal_normal), test_seed(1));
}

TEST(MCMCConjugate, NormalNormalByHMC) {
  infer::HMCOptions opt;
  opt.trajectory_length = 1.0;  // ~3 posterior sds
  expect_normal_normal_posterior(infer::HMC(normal_normal, opt), test_seed(2));
}

// ---------------------------------------------------------------- reproducibility

std::vector<double> flat_values(const Tensor& t) { return values(t.to(kFloat64).contiguous()); }

TEST(MCMCSeeds, SameSeedSameDrawsWhateverTheThreadCount) {
  auto run = [](uint64_t seed, int64_t chains, int64_t threads) {
    infer::MCMC mcmc(infer::NUTS{normal_normal}, {.num_warmup = 100, .num_samples = 100, .num_chains = chains,
                                                  .seed = seed, .num_threads = threads, .progress_bar = false});
    mcmc.run(kN, std::optional<Tensor>(ys()));
    return std::pair{flat_values(mcmc.get_samples(true).at("mu")), flat_values(mcmc.get_sampler_stats(true).at("energy"))};
  };
  const auto a = run(7, 4, 1), b = run(7, 4, 1), c = run(7, 4, 4), d = run(8, 4, 4), single = run(7, 1, 1);
  ASSERT_EQ(a.first.size(), 400u);
  EXPECT_EQ(a.first, b.first);    // bit-identical draws
  EXPECT_EQ(a.second, b.second);  // and sampler statistics
  EXPECT_EQ(a.first, c.first);    // 1 thread or 4
  EXPECT_EQ(a.second, c.second);
  // Chain c draws from Generator(seed, c): chain 0 is the one-chain run.
  EXPECT_EQ(std::vector<double>(a.first.begin(), a.first.begin() + 100), single.first);
  // Another seed, and the other chains, give other draws.
  size_t same = 0;
  for (size_t i = 0; i < 400; ++i) same += a.first[i] == d.first[i];
  EXPECT_LT(same, 10u);
  same = 0;
  for (size_t i = 0; i < 100; ++i) same += a.first[i] == a.first[100 + i];
  EXPECT_LT(same, 5u);
}

// ---------------------------------------------------------------- Stan CSV

// mu (scalar), theta [3], L [2, 2] latent; shifted = theta + mu deterministic.
void csv_model() {
  Tensor mu = sample("mu", dist::Normal(0.0, 1.0));
  Tensor theta = sample("theta", dist::Normal(0.0, 1.0).expand({3}).to_event(1));
  Tensor L = sample("L", dist::Normal(0.0, 1.0).expand({2, 2}).to_event(2));
  deterministic("shifted", theta + mu);
  sample("y", dist::Normal(mu + theta.sum() + L.sum(), 1.0), scalar_tensor(0.5));
}

const std::vector<std::string> kCsvColumns = {
    "lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__",
    "mu", "theta.1", "theta.2", "theta.3", "L.1.1", "L.2.1", "L.1.2", "L.2.2", "shifted.1", "shifted.2", "shifted.3"};

// Checks that csv holds chain c's draws exactly, in CmdStan's column order.
// The sampler columns of row k against chain c's k-th kept draw.
template <class M>
void expect_sampler_columns(const std::vector<double>& row, const M& mcmc, int64_t c, int64_t k) {
  const auto stats = mcmc.get_sampler_stats(true);
  auto stat = [&](const char* name) { return at(stats.at(name), {c, k}); };
  EXPECT_EQ(row[0], -stat("potential_energy")) << "lp__, row " << k;
  EXPECT_EQ(row[1], stat("accept_prob")) << k;
  EXPECT_EQ(row[2], stat("step_size")) << k;
  EXPECT_EQ(row[3], stat("tree_depth")) << k;
  EXPECT_EQ(row[4], stat("n_leapfrog")) << k;
  EXPECT_EQ(row[5], stat("divergent")) << k;
  EXPECT_EQ(row[6], stat("energy")) << k;
}

// A Stan CSV of normal_normal's draws (one site, mu) holds chain c's first num_rows draws exactly.
template <class M>
void expect_mu_csv_matches_chain(const infer::StanCsv& csv, const M& mcmc, int64_t c, size_t num_rows) {
  ASSERT_EQ(csv.columns, (std::vector<std::string>{"lp__", "accept_stat__", "stepsize__", "treedepth__",
                                                   "n_leapfrog__", "divergent__", "energy__", "mu"}));
  ASSERT_EQ(csv.rows.size(), num_rows);
  const Tensor mu = mcmc.get_samples(true).at("mu");
  for (size_t k = 0; k < num_rows; ++k) {
    expect_sampler_columns(csv.rows[k], mcmc, c, static_cast<int64_t>(k));
    EXPECT_EQ(csv.rows[k][7], at(mu, {c, static_cast<int64_t>(k)})) << k;
  }
}

// A Stan CSV of csv_model's draws holds chain c's first num_rows draws exactly, in CmdStan's column order.
template <class M>
void expect_csv_matches_chain(const infer::StanCsv& csv, const M& mcmc, int64_t c, size_t num_rows) {
  const auto draws = mcmc.get_samples(true);
  ASSERT_EQ(csv.columns, kCsvColumns);
  ASSERT_EQ(csv.rows.size(), num_rows);
  for (size_t k = 0; k < num_rows; ++k) {
    const std::vector<double>& row = csv.rows[k];
    const int64_t i = static_cast<int64_t>(k);
    expect_sampler_columns(row, mcmc, c, i);
    EXPECT_EQ(row[7], at(draws.at("mu"), {c, i}));
    for (int64_t j = 0; j < 3; ++j) {
      EXPECT_EQ(row[static_cast<size_t>(8 + j)], at(draws.at("theta"), {c, i, j}));
      EXPECT_EQ(row[static_cast<size_t>(15 + j)], at(draws.at("shifted"), {c, i, j}));
    }
    // Column-major: L.1.1, L.2.1, L.1.2, L.2.2 (1-based) are L[0][0], L[1][0], L[0][1], L[1][1].
    EXPECT_EQ(row[11], at(draws.at("L"), {c, i, 0, 0}));
    EXPECT_EQ(row[12], at(draws.at("L"), {c, i, 1, 0}));
    EXPECT_EQ(row[13], at(draws.at("L"), {c, i, 0, 1}));
    EXPECT_EQ(row[14], at(draws.at("L"), {c, i, 1, 1}));
  }
}

TEST(MCMCStanCsv, WrittenFilesParseBackExactlyInCmdStansLayout) {
  const std::string dir = temp_dir("csv");
  infer::MCMC mcmc(infer::NUTS{csv_model}, {.num_warmup = 100, .num_samples = 50, .num_chains = 2,
                                            .seed = test_seed(3), .stan_csv = dir + "/streamed.csv",
                                            .progress_bar = false});
  mcmc.run();
  const std::vector<std::string> paths = mcmc.write_stan_csv(dir + "/draws.csv");
  EXPECT_EQ(paths, (std::vector<std::string>{dir + "/draws_1.csv", dir + "/draws_2.csv"}));
  for (int64_t c = 0; c < 2; ++c) {
    const infer::StanCsv csv = infer::read_stan_csv(paths[static_cast<size_t>(c)]);
    expect_csv_matches_chain(csv, mcmc, c, 50);
    // The adaptation comments: the step size to 17 digits and the diagonal metric.
    char step[64];
    std::snprintf(step, sizeof step, " Step size = %.17g", mcmc.step_sizes()[static_cast<size_t>(c)]);
    const auto& com = csv.comments;
    EXPECT_NE(std::find(com.begin(), com.end(), " Adaptation terminated"), com.end());
    EXPECT_NE(std::find(com.begin(), com.end(), std::string(step)), com.end()) << step;
    EXPECT_NE(std::find(com.begin(), com.end(), " Diagonal elements of inverse mass matrix:"), com.end());
    EXPECT_NE(std::find(com.begin(), com.end(), " id = " + std::to_string(c + 1)), com.end());
    // The file streamed while sampling is the same file, byte for byte.
    EXPECT_EQ(read_text(dir + "/streamed_" + std::to_string(c + 1) + ".csv"), read_text(paths[static_cast<size_t>(c)]));
  }
  // One chain: the path itself; no extension: "_<c>" appended; a dot in a directory is no extension.
  std::filesystem::create_directories(dir + "/out.d");
  EXPECT_EQ(mcmc.write_stan_csv(dir + "/out.d/draws"),
            (std::vector<std::string>{dir + "/out.d/draws_1", dir + "/out.d/draws_2"}));
  infer::MCMC one(infer::NUTS{csv_model}, {.num_warmup = 20, .num_samples = 5, .seed = test_seed(3),
                                           .progress_bar = false});
  one.run();
  EXPECT_EQ(one.write_stan_csv(dir + "/one.csv"), std::vector<std::string>{dir + "/one.csv"});
  expect_csv_matches_chain(infer::read_stan_csv(dir + "/one.csv"), one, 0, 5);
  EXPECT_ERROR(one.write_stan_csv(dir + "/missing/x.csv"), "cannot open");
  std::filesystem::remove_all(dir);
}

TEST(MCMCStanCsv, InterruptedRunLeavesTheRowsItFinished) {
  const std::string dir = temp_dir("interrupted");
  // The model counts its evaluations and throws (not a tyche::Error, which the
  // sampler would treat as a rejected proposal) from evaluation fail_at on.
  std::atomic<int64_t> calls{0}, fail_at{-1};
  auto model = [&](int64_t n, const std::optional<Tensor>& y) {
    const int64_t k = calls.fetch_add(1) + 1;
    if (fail_at >= 0 && k >= fail_at) throw std::runtime_error("interrupted at evaluation " + std::to_string(k));
    normal_normal(n, y);
  };
  const infer::MCMCOptions opt{.num_warmup = 100, .num_samples = 60, .seed = test_seed(4),
                               .stan_csv = dir + "/full.csv", .progress_bar = false};
  infer::MCMC full(infer::NUTS{model}, opt);
  full.run(kN, std::optional<Tensor>(ys()));
  const int64_t total_calls = calls.load();
  // Sampling's evaluations are the last ones (no deterministic sites: storing a
  // draw runs no model), one per leapfrog step.
  const int64_t sampling = full.chain_costs()[0].sampling_gradients;
  const Tensor n_leapfrog = full.get_sampler_stats().at("n_leapfrog");
  ASSERT_EQ(static_cast<int64_t>(n_leapfrog.sum().item<double>()), sampling);
  // Fail in the middle of sampling iteration 37: rows 0..36 are complete.
  const int64_t failing_row = 37;
  int64_t before = total_calls - sampling;
  for (int64_t i = 0; i < failing_row; ++i) before += static_cast<int64_t>(n_leapfrog[i].item<double>());
  const int64_t in_row = static_cast<int64_t>(n_leapfrog[failing_row].item<double>());

  calls = 0;
  fail_at = before + (in_row + 1) / 2;
  infer::MCMCOptions cut_opt = opt;
  cut_opt.stan_csv = dir + "/cut.csv";
  infer::MCMC cut(infer::NUTS{model}, cut_opt);
  try {
    cut.run(kN, std::optional<Tensor>(ys()));
    ADD_FAILURE() << "run() did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "interrupted at evaluation " + std::to_string(fail_at.load()));
  }
  EXPECT_ERROR(cut.get_samples(), "get_samples", "run() has not completed");
  const infer::StanCsv streamed = infer::read_stan_csv(dir + "/cut.csv");
  expect_mu_csv_matches_chain(streamed, full, 0, static_cast<size_t>(failing_row));
  // Its header and adaptation comments were written before sampling began.
  EXPECT_EQ(streamed.comments, infer::read_stan_csv(dir + "/full.csv").comments);

  // A file cut inside its last row (as a crash mid-write leaves it) keeps its complete rows.
  const std::string text = read_text(dir + "/full.csv");
  const size_t last_row = text.rfind('\n', text.size() - 2) + 1;
  {
    std::ofstream out(dir + "/torn.csv", std::ios::trunc);
    out << text.substr(0, last_row + (text.size() - last_row) / 2);
  }
  expect_mu_csv_matches_chain(infer::read_stan_csv(dir + "/torn.csv"), full, 0, 59);
  expect_mu_csv_matches_chain(infer::read_stan_csv(dir + "/full.csv"), full, 0, 60);
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------- API

// A vector site in a plate, a positive scalar, a deterministic site.
void api_model(const Tensor& y) {
  Tensor tau = sample("tau", dist::HalfNormal(1.0));
  Tensor theta;
  {
    auto groups = plate("groups", 3);
    theta = sample("theta", dist::Normal(0.0, tau));
  }
  deterministic("theta_sq", theta * theta);
  auto data = plate("data", 3);
  sample("y", dist::Normal(theta, 1.0), y);
}

TEST(MCMCApi, SampleAndStatShapes) {
  infer::MCMC mcmc(infer::NUTS{api_model}, {.num_warmup = 50, .num_samples = 40, .num_chains = 3,
                                            .seed = test_seed(5), .progress_bar = false});
  EXPECT_ERROR(mcmc.get_samples(), "MCMC", "get_samples: run() has not completed");
  EXPECT_ERROR(mcmc.get_sampler_stats(), "get_sampler_stats: run() has not completed");
  EXPECT_ERROR(mcmc.num_divergences(), "run() has not completed");
  EXPECT_ERROR(mcmc.write_stan_csv("x.csv"), "write_stan_csv: run() has not completed");
  const Tensor y = tensor({0.5, -1.0, 2.0});
  mcmc.run(y);

  const auto flat = mcmc.get_samples(), grouped = mcmc.get_samples(true);
  EXPECT_EQ(keys(flat), (std::set<std::string>{"tau", "theta", "theta_sq"}));
  EXPECT_EQ(shape_of(flat.at("tau")), (std::vector<int64_t>{120}));
  EXPECT_EQ(shape_of(flat.at("theta")), (std::vector<int64_t>{120, 3}));
  EXPECT_EQ(shape_of(flat.at("theta_sq")), (std::vector<int64_t>{120, 3}));
  EXPECT_EQ(shape_of(grouped.at("tau")), (std::vector<int64_t>{3, 40}));
  EXPECT_EQ(shape_of(grouped.at("theta")), (std::vector<int64_t>{3, 40, 3}));
  for (const auto& [name, t] : flat) EXPECT_EQ(t.dtype(), kFloat64) << name;
  // Flat is grouped with the chains concatenated; the deterministic site is theta^2 per draw.
  EXPECT_EQ(flat_values(grouped.at("theta").reshape({120, 3})), flat_values(flat.at("theta")));
  EXPECT_TRUE(near(flat.at("theta_sq"), flat.at("theta") * flat.at("theta"), 1e-15, 0));
  EXPECT_TRUE((flat.at("tau") > 0.0).all().item<bool>());

  const auto stats = mcmc.get_sampler_stats(), gstats = mcmc.get_sampler_stats(true);
  EXPECT_EQ(keys(stats), (std::set<std::string>{"accept_prob", "step_size", "tree_depth", "n_leapfrog", "divergent",
                                                "energy", "potential_energy"}));
  for (const auto& [name, t] : stats) {
    EXPECT_EQ(shape_of(t), std::vector<int64_t>{120}) << name;
    EXPECT_EQ(shape_of(gstats.at(name)), (std::vector<int64_t>{3, 40})) << name;
  }
  // The kept draws' step sizes are each chain's adapted step size.
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t k = 0; k < 40; ++k) EXPECT_EQ(at(gstats.at("step_size"), {c, k}), mcmc.step_sizes()[static_cast<size_t>(c)]);
  // As Stan counts them, tree_depth is the number of completed doublings; the
  // doubling that ended the trajectory (U-turn or divergence inside it) adds
  // up to 2^depth more steps: 2^depth - 1 <= n_leapfrog <= 2^(depth + 1) - 1.
  int64_t leapfrogs = 0;
  for (int64_t i = 0; i < 120; ++i) {
    const double depth = at(stats.at("tree_depth"), {i}), n = at(stats.at("n_leapfrog"), {i});
    EXPECT_GE(n, std::pow(2.0, depth) - 1) << i;
    EXPECT_LE(n, std::pow(2.0, depth + 1) - 1) << i;
    leapfrogs += static_cast<int64_t>(n);
  }
  int64_t sampling = 0;
  for (const infer::ChainCost& c : mcmc.chain_costs()) sampling += c.sampling_gradients;
  EXPECT_EQ(leapfrogs, sampling);
  EXPECT_GT(mcmc.num_gradients(), sampling);
  EXPECT_EQ(mcmc.inverse_metrics().size(), 3u);
  EXPECT_EQ(mcmc.inverse_metrics()[0].size(), 4u);  // tau (unconstrained) + theta
  EXPECT_EQ(mcmc.num_divergences(), static_cast<int64_t>(stats.at("divergent").sum().item<double>()));
}

TEST(MCMCApi, Float32ModelGivesFloat32Samples) {
  auto model = [] {
    Tensor loc = scalar_tensor(0.0).to(kFloat32), scale = scalar_tensor(1.0).to(kFloat32);
    Tensor mu = sample("mu", dist::Normal(loc, scale));
    Tensor s = sample("s", dist::LogNormal(loc, scale));
    deterministic("twice", mu * 2.0f);
    sample("y", dist::Normal(mu, s), tensor({0.1, 0.4}).to(kFloat32));
  };
  infer::MCMC mcmc(infer::NUTS{model}, {.num_warmup = 30, .num_samples = 20, .seed = test_seed(6), .progress_bar = false});
  mcmc.run();
  const auto s = mcmc.get_samples();
  EXPECT_EQ(s.at("mu").dtype(), kFloat32);
  EXPECT_EQ(s.at("s").dtype(), kFloat32);
  EXPECT_EQ(shape_of(s.at("mu")), std::vector<int64_t>{20});
  EXPECT_TRUE(near(s.at("twice"), s.at("mu").to(kFloat64) * 2.0, 1e-6, 0));
  EXPECT_TRUE((s.at("s") > 0.0f).all().item<bool>());
}

TEST(MCMCApi, ThinningKeepsEveryKthDrawOfTheSameRun) {
  auto run = [](int64_t thinning) {
    infer::MCMC mcmc(infer::NUTS{normal_normal}, {.num_warmup = 50, .num_samples = 10, .num_chains = 2,
                                                  .seed = test_seed(7), .thinning = thinning, .progress_bar = false});
    mcmc.run(kN, std::optional<Tensor>(ys()));
    return std::pair{mcmc.get_samples(true).at("mu"), mcmc.get_sampler_stats(true).at("energy")};
  };
  const auto [all, all_energy] = run(1);
  const auto [thin, thin_energy] = run(3);
  ASSERT_EQ(shape_of(thin), (std::vector<int64_t>{2, 4}));  // draws 0, 3, 6, 9
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t k = 0; k < 4; ++k) {
      EXPECT_EQ(at(thin, {c, k}), at(all, {c, 3 * k}));
      EXPECT_EQ(at(thin_energy, {c, k}), at(all_energy, {c, 3 * k}));
    }
}

TEST(MCMCApi, PrintSummaryNamesEveryElementAndDivergences) {
  infer::MCMC mcmc(infer::NUTS{api_model}, {.num_warmup = 50, .num_samples = 40, .num_chains = 2,
                                            .seed = test_seed(8), .progress_bar = false});
  mcmc.run(tensor({0.5, -1.0, 2.0}));
  std::ostringstream os;
  mcmc.print_summary(os);
  const std::string text = os.str();
  for (const char* name : {"tau", "theta[0]", "theta[1]", "theta[2]", "theta_sq[0]", "theta_sq[1]", "theta_sq[2]"})
    EXPECT_NE(text.find(name), std::string::npos) << name << " in\n" << text;
  EXPECT_NE(text.find("Number of divergences: " + std::to_string(mcmc.num_divergences())), std::string::npos) << text;
  const auto rows = mcmc.summary();
  EXPECT_EQ(rows.size(), 7u);
  // The summary's mean is the draws' mean.
  for (const auto& r : rows) {
    if (r.name == "tau") {
      EXPECT_NEAR(r.mean, mcmc.get_samples().at("tau").mean().item<double>(), 1e-12);
    }
  }
}

// A model that raises tyche::Error on some proposals: those leapfrog steps are
// rejected (as Stan rejects them), the run completes, and the summary reports
// how many with the last message.
void raising_model() {
  Tensor x = sample("x", dist::Normal(0.0, 1.0));
  if (x.item<double>() > 1.5) throw Error("raising_model: x = " + std::to_string(x.item<double>()) + " is too large");
}

TEST(MCMCApi, ModelErrorsRejectProposalsAndAreReported) {
  infer::MCMC mcmc(infer::NUTS{raising_model}, {.num_warmup = 200, .num_samples = 400, .num_chains = 1,
                                                .seed = test_seed(9), .progress_bar = false});
  mcmc.run();
  const Tensor x = mcmc.get_samples().at("x");
  EXPECT_LE(x.max().item<double>(), 1.5);  // no kept draw in the region the model rejects
  std::ostringstream os;
  mcmc.print_summary(os);
  EXPECT_NE(os.str().find("rejected because the model raised an error"), std::string::npos) << os.str();
  EXPECT_NE(os.str().find("is too large"), std::string::npos) << os.str();
}

TEST(MCMCApi, OptionErrors) {
  auto k = infer::NUTS(normal_normal);
  EXPECT_ERROR(infer::MCMC(k, {.num_samples = 0}), "MCMC", "num_samples must be >= 1, got 0");
  EXPECT_ERROR(infer::MCMC(k, {.num_warmup = -1}), "num_warmup must be >= 0");
  EXPECT_ERROR(infer::MCMC(k, {.num_chains = 0}), "num_chains must be >= 1");
  EXPECT_ERROR(infer::MCMC(k, {.thinning = 0}), "thinning must be >= 1");
  // Model errors at the start name the kernel and the site.
  auto discrete = [] { sample("k", dist::Poisson(3.0)); };
  infer::MCMC m(infer::NUTS{discrete}, {.num_warmup = 10, .num_samples = 10, .progress_bar = false});
  EXPECT_ERROR(m.run(), "NUTS", "latent site 'k'", "discrete");
  auto hopeless = [] {
    sample("x", dist::Normal(0.0, 1.0));
    factor("never", scalar_tensor(-std::numeric_limits<double>::infinity()));
  };
  infer::HMCOptions few;
  few.max_init_tries = 3;
  infer::MCMC h(infer::HMC(hopeless, few), {.num_warmup = 10, .num_samples = 10, .progress_bar = false});
  EXPECT_ERROR(h.run(), "HMC", "after 3 tries");
}

TEST(MCMCPredictive, PosteriorPredictiveDrawsOfTheObservedSite) {
  infer::MCMC mcmc(infer::NUTS{normal_normal}, {.num_warmup = 300, .num_samples = 500, .num_chains = 2,
                                                .seed = test_seed(9), .progress_bar = false});
  mcmc.run(kN, std::optional<Tensor>(ys()));
  const auto draws = mcmc.get_samples();
  infer::Predictive pred(normal_normal, draws);
  Generator gen(test_seed(10));
  const auto out = pred(gen, kN, std::optional<Tensor>());
  EXPECT_EQ(keys(out), std::set<std::string>{"y"});
  const Tensor y = out.at("y"), mu = draws.at("mu");
  ASSERT_EQ(shape_of(y), (std::vector<int64_t>{1000, kN}));
  // Each draw's y is N(mu_i, 1.5) for its own mu_i: the per-draw mean over the
  // 20 points minus mu_i has variance 1.5^2 / 20 = 0.1125 (1000 draws: sd of
  // the estimate ~4.5%; tolerance 20%), and the overall mean of y is mu's mean
  // (difference sd 1.5 / sqrt(20000) = 0.011; tolerance 0.05).
  const Tensor resid = y.mean({1}) - mu;
  EXPECT_NEAR((resid * resid).mean().item<double>(), kSigma * kSigma / kN, 0.2 * kSigma * kSigma / kN);
  EXPECT_NEAR(y.mean().item<double>(), mu.mean().item<double>(), 0.05);
  EXPECT_NEAR(y.mean().item<double>(), normal_normal_posterior().mean, 0.1);
}

}  // namespace
}  // namespace tyche::testing
