#include "tyche/inference/mcmc.h"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cmath>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include "tyche/inference/potential.h"
#include "tyche/inference/progress_bar.h"
#include "tyche/inference/stan_csv.h"

namespace tyche::infer {

namespace {

// One output site: latent sites, then deterministic ones; values row-major at offset.
struct Column {
  std::string site;
  Shape shape;
  DType dtype;
  int64_t offset, numel;
};

// The sampler fields Stan writes before the parameters (lp__ is -U).
const std::vector<std::string> kStanFields = {"lp__",        "accept_stat__", "stepsize__", "treedepth__",
                                              "n_leapfrog__", "divergent__",   "energy__"};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// CmdStan's per-chain file names: path for one chain, else stem_<c+1>.ext.
std::string chain_path(const std::string& path, int64_t chain, int64_t num_chains) {
  if (num_chains == 1) return path;
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string stem = has_ext ? path.substr(0, dot) : path;
  const std::string ext = has_ext ? path.substr(dot) : "";
  return stem + "_" + std::to_string(chain + 1) + ext;
}

// prefix followed by text (appended: GCC 12's -Wrestrict misfires on literal + temporary).
std::string cat(const char* prefix, const std::string& text) {
  std::string s(prefix);
  s.append(text);
  return s;
}

std::string join_numbers(const std::vector<double>& v, size_t begin, size_t end) {
  std::string s;
  char buf[32];
  for (size_t i = begin; i < end; ++i) {
    std::snprintf(buf, sizeof buf, "%.6g", v[i]);
    if (i > begin) s.append(", ");
    s.append(buf);
  }
  return s;
}

}  // namespace

struct detail::MCMCEngine::State {
  KernelKind kind;
  HMCOptions kernel;
  MCMCOptions options;
  std::vector<Column> columns;
  int64_t width = 0;               // doubles per kept draw
  std::vector<int64_t> csv_order;  // row-major value index of each CSV parameter column
  std::vector<std::string> csv_columns;
  bool with_deterministic = false;
  struct Chain {
    std::vector<double> draws;  // kept draws, width each
    std::vector<TransitionStats> stats;
    double step_size = 0;
    std::vector<double> inverse_metric;
    ChainCost cost;
    int64_t rejections = 0;       // leapfrog steps where the model raised (rejected, as Stan does)
    std::string last_rejection;   // the last such error message
  };
  std::vector<Chain> chains;
  bool ran = false;

  int64_t kept() const { return (options.num_samples + options.thinning - 1) / options.thinning; }
  const char* kernel_name() const { return kind == KernelKind::NUTS ? "NUTS" : "HMC"; }
  void check_ran(const char* what) const {
    TYCHE_CHECK(ran, "MCMC", what, ": run() has not completed");
  }
  void layout(const Potential& potential);
  std::vector<std::string> csv_header_comments(int64_t chain) const;
  std::vector<std::string> adaptation_comments(const Chain& c) const;
  std::vector<double> csv_row(const TransitionStats& st, const double* draw) const;
  void run_chain(const Potential& potential, int64_t c, std::atomic<int64_t>& done, std::atomic<int64_t>& divergent,
                 std::atomic<bool>& abort);
};

void detail::MCMCEngine::State::layout(const Potential& potential) {
  columns.clear();
  width = 0;
  auto add = [&](const std::string& name, const Shape& shape, DType dtype) {
    const int64_t n = numel_of(IntList(shape));
    columns.push_back({name, shape, dtype, width, n});
    width += n;
  };
  for (const LatentSite& s : potential.sites()) add(s.name, s.shape, s.init.dtype());
  for (const auto& [name, shape] : potential.deterministic_sites()) add(name, shape, kFloat64);
  with_deterministic = !potential.deterministic_sites().empty();
  csv_columns = kStanFields;
  csv_order.clear();
  for (const Column& col : columns) {
    for (const std::string& n : stan_column_names(col.site, IntList(col.shape))) csv_columns.push_back(n);
    // stan_flatten of the row-major indices gives the column-major order.
    std::vector<double> idx(static_cast<size_t>(col.numel));
    for (int64_t i = 0; i < col.numel; ++i) idx[static_cast<size_t>(i)] = static_cast<double>(col.offset + i);
    const Tensor t = from_blob(idx.data(), IntList(col.shape), kFloat64, /*copy=*/true);
    for (double v : stan_flatten(t)) csv_order.push_back(static_cast<int64_t>(v));
  }
}

std::vector<std::string> detail::MCMCEngine::State::csv_header_comments(int64_t chain) const {
  return {" tyche (C++ probabilistic programming), Stan CSV layout",
          cat(" method = sample ", kernel_name()),
          cat("   num_samples = ", std::to_string(options.num_samples)),
          cat("   num_warmup = ", std::to_string(options.num_warmup)),
          cat("   thin = ", std::to_string(options.thinning)),
          cat("   max_depth = ", std::to_string(kernel.max_tree_depth)),
          cat("   delta = ", std::to_string(kernel.target_accept_prob)),
          cat("   metric = ", kernel.dense_mass ? "dense_e" : "diag_e"),
          cat(" id = ", std::to_string(chain + 1)),
          cat(" seed = ", std::to_string(options.seed))};
}

std::vector<std::string> detail::MCMCEngine::State::adaptation_comments(const Chain& c) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, " Step size = %.17g", c.step_size);
  std::vector<std::string> out = {" Adaptation terminated", buf};
  const size_t n = static_cast<size_t>(std::llround(std::sqrt(static_cast<double>(c.inverse_metric.size()))));
  if (kernel.dense_mass) {
    out.push_back(" Elements of inverse mass matrix:");
    for (size_t i = 0; i < n; ++i) out.push_back(cat(" ", join_numbers(c.inverse_metric, i * n, (i + 1) * n)));
  } else {
    out.push_back(" Diagonal elements of inverse mass matrix:");
    out.push_back(cat(" ", join_numbers(c.inverse_metric, 0, c.inverse_metric.size())));
  }
  return out;
}

std::vector<double> detail::MCMCEngine::State::csv_row(const TransitionStats& st, const double* draw) const {
  std::vector<double> row = {-st.potential,
                             st.accept_prob,
                             st.step_size,
                             static_cast<double>(st.tree_depth),
                             static_cast<double>(st.n_leapfrog),
                             st.divergent ? 1.0 : 0.0,
                             st.energy};
  for (int64_t i : csv_order) row.push_back(draw[i]);
  return row;
}

void detail::MCMCEngine::State::run_chain(const Potential& potential, int64_t c, std::atomic<int64_t>& done,
                                          std::atomic<int64_t>& divergent, std::atomic<bool>& abort) {
  Chain& chain = chains[static_cast<size_t>(c)];
  double t0 = thread_cpu_seconds();
  Generator gen(options.seed, static_cast<uint64_t>(c));
  std::vector<double> z0 = potential.initial_point(gen, kernel.max_init_tries);
  HMCSampler sampler(kind, potential.fn(), std::move(z0), kernel, gen, options.num_warmup);
  std::unique_ptr<StanCsvWriter> csv;
  if (!options.stan_csv.empty())
    csv = std::make_unique<StanCsvWriter>(chain_path(options.stan_csv, c, options.num_chains), csv_columns,
                                          csv_header_comments(c));
  chain.draws.reserve(static_cast<size_t>(kept() * width));
  chain.stats.reserve(static_cast<size_t>(kept()));
  const int64_t total = options.num_warmup + options.num_samples;
  for (int64_t it = 0; it < total && !abort.load(std::memory_order_relaxed); ++it) {
    if (it == options.num_warmup) {
      chain.step_size = sampler.step_size();
      chain.inverse_metric = sampler.inverse_metric();
      if (csv)
        for (const std::string& line : adaptation_comments(chain)) csv->comment(line);
      const double t1 = thread_cpu_seconds();
      chain.cost.warmup_seconds = t1 - t0;
      t0 = t1;
    }
    const TransitionStats st = sampler.step();
    (it < options.num_warmup ? chain.cost.warmup_gradients : chain.cost.sampling_gradients) += st.n_leapfrog;
    done.fetch_add(1, std::memory_order_relaxed);
    const int64_t s = it - options.num_warmup;
    if (s < 0 || s % options.thinning != 0) continue;
    if (st.divergent) divergent.fetch_add(1, std::memory_order_relaxed);
    const std::map<std::string, Tensor> values = potential.constrain(sampler.position().data(), with_deterministic);
    const size_t at = chain.draws.size();
    chain.draws.resize(at + static_cast<size_t>(width));
    for (const Column& col : columns) {
      const Tensor v = values.at(col.site).to(kFloat64).contiguous();
      std::copy_n(v.data_ptr<double>(), col.numel, chain.draws.data() + at + col.offset);
    }
    chain.stats.push_back(st);
    if (csv) csv->row(csv_row(st, chain.draws.data() + at));
  }
  chain.cost.sampling_seconds = thread_cpu_seconds() - t0;
  chain.rejections = sampler.num_rejections();
  chain.last_rejection = sampler.last_rejection();
  if (options.num_samples == 0) {
    chain.step_size = sampler.step_size();
    chain.inverse_metric = sampler.inverse_metric();
  }
}

detail::MCMCEngine::MCMCEngine(KernelKind kind, HMCOptions kernel, MCMCOptions options)
    : state_(std::make_unique<State>()) {
  TYCHE_CHECK(options.num_warmup >= 0, "MCMC", "num_warmup must be >= 0, got ", options.num_warmup);
  TYCHE_CHECK(options.num_samples >= 1, "MCMC", "num_samples must be >= 1, got ", options.num_samples);
  TYCHE_CHECK(options.num_chains >= 1, "MCMC", "num_chains must be >= 1, got ", options.num_chains);
  TYCHE_CHECK(options.thinning >= 1, "MCMC", "thinning must be >= 1, got ", options.thinning);
  TYCHE_CHECK(options.num_threads >= 0, "MCMC", "num_threads must be >= 0, got ", options.num_threads);
  state_->kind = kind;
  state_->kernel = std::move(kernel);
  state_->options = std::move(options);
}

detail::MCMCEngine::~MCMCEngine() = default;
detail::MCMCEngine::MCMCEngine(MCMCEngine&&) noexcept = default;
detail::MCMCEngine& detail::MCMCEngine::operator=(MCMCEngine&&) noexcept = default;

const MCMCOptions& detail::MCMCEngine::options() const { return state_->options; }

void detail::MCMCEngine::run(const Program& model) {
  State& s = *state_;
  s.ran = false;
  const Potential potential(model, s.kernel.init_strategy, s.kernel_name());
  s.layout(potential);
  const int64_t chains = s.options.num_chains;
  s.chains.assign(static_cast<size_t>(chains), State::Chain{});
  const int64_t hw = std::max<int64_t>(1, std::thread::hardware_concurrency());
  const int64_t threads = std::min(chains, s.options.num_threads > 0 ? s.options.num_threads : hw);

  std::atomic<int64_t> next{0}, done{0}, divergent{0};
  std::atomic<bool> abort{false};
  std::vector<std::exception_ptr> errors(static_cast<size_t>(chains));
  std::mutex mu;
  std::condition_variable finished_cv;
  int64_t finished = 0;  // workers done (under mu)
  auto worker = [&] {
    for (int64_t c; (c = next.fetch_add(1)) < chains;) {
      try {
        s.run_chain(potential, c, done, divergent, abort);
      } catch (...) {
        errors[static_cast<size_t>(c)] = std::current_exception();
        abort = true;
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    ++finished;
    finished_cv.notify_all();
  };
  const int64_t total = chains * (s.options.num_warmup + s.options.num_samples);
  ProgressBar bar(total, s.kernel_name());
  if (!s.options.progress_bar) bar.set_enabled(false);
  if (threads == 1 && !bar.enabled()) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int64_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    std::unique_lock<std::mutex> lock(mu);
    // Redraw the bar every 100 ms until every worker has finished.
    while (!finished_cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished == threads; })) {
      const int64_t d = done.load();
      std::string status = d < chains * s.options.num_warmup ? "warmup" : "sampling";
      status.append(", ").append(std::to_string(divergent.load())).append(" divergences");
      bar.update(d, status);
    }
    lock.unlock();
    for (std::thread& t : pool) t.join();
    bar.update(done.load(), std::to_string(divergent.load()).append(" divergences"));
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  s.ran = true;
}

std::map<std::string, Tensor> detail::MCMCEngine::get_samples(bool group_by_chain) const {
  const State& s = *state_;
  s.check_ran("get_samples");
  const int64_t chains = s.options.num_chains, kept = s.kept();
  std::map<std::string, Tensor> out;
  for (const Column& col : s.columns) {
    Tensor t = empty({chains, kept, col.numel}, kFloat64);
    double* dst = t.data_ptr<double>();
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t k = 0; k < kept; ++k)
        std::copy_n(s.chains[static_cast<size_t>(c)].draws.data() + k * s.width + col.offset, col.numel,
                    dst + (c * kept + k) * col.numel);
    Shape shape = group_by_chain ? Shape{chains, kept} : Shape{chains * kept};
    for (int64_t d : col.shape) shape.push_back(d);
    t = t.reshape(IntList(shape));
    out[col.site] = col.dtype == kFloat64 ? t : t.to(col.dtype);
  }
  return out;
}

std::map<std::string, Tensor> detail::MCMCEngine::get_sampler_stats(bool group_by_chain) const {
  const State& s = *state_;
  s.check_ran("get_sampler_stats");
  const int64_t chains = s.options.num_chains, kept = s.kept();
  const std::vector<std::pair<std::string, double (*)(const TransitionStats&)>> fields = {
      {"accept_prob", [](const TransitionStats& t) { return t.accept_prob; }},
      {"step_size", [](const TransitionStats& t) { return t.step_size; }},
      {"tree_depth", [](const TransitionStats& t) { return static_cast<double>(t.tree_depth); }},
      {"n_leapfrog", [](const TransitionStats& t) { return static_cast<double>(t.n_leapfrog); }},
      {"divergent", [](const TransitionStats& t) { return t.divergent ? 1.0 : 0.0; }},
      {"energy", [](const TransitionStats& t) { return t.energy; }},
      {"potential_energy", [](const TransitionStats& t) { return t.potential; }}};
  std::map<std::string, Tensor> out;
  for (const auto& [name, get] : fields) {
    Tensor t = empty({chains, kept}, kFloat64);
    double* dst = t.data_ptr<double>();
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t k = 0; k < kept; ++k) dst[c * kept + k] = get(s.chains[static_cast<size_t>(c)].stats[static_cast<size_t>(k)]);
    out[name] = group_by_chain ? t : t.reshape({chains * kept});
  }
  return out;
}

std::vector<SummaryRow> detail::MCMCEngine::summary(double prob) const { return summarize(get_samples(true), prob); }

void detail::MCMCEngine::print_summary(std::ostream& os, double prob) const {
  infer::print_summary(os, summary(prob), prob);
  os << "\nNumber of divergences: " << num_divergences() << "\n";
  int64_t rejected = 0;
  std::string last;
  for (const State::Chain& c : state_->chains) {
    rejected += c.rejections;
    if (!c.last_rejection.empty()) last = c.last_rejection;
  }
  if (rejected > 0)  // as Stan's informational messages: the model raised on these proposals
    os << "Leapfrog steps rejected because the model raised an error: " << rejected << " (last: " << last << ")\n";
}

std::vector<std::string> detail::MCMCEngine::write_stan_csv(const std::string& path) const {
  const State& s = *state_;
  s.check_ran("write_stan_csv");
  std::vector<std::string> paths;
  for (int64_t c = 0; c < s.options.num_chains; ++c) {
    const State::Chain& chain = s.chains[static_cast<size_t>(c)];
    paths.push_back(chain_path(path, c, s.options.num_chains));
    StanCsvWriter csv(paths.back(), s.csv_columns, s.csv_header_comments(c));
    for (const std::string& line : s.adaptation_comments(chain)) csv.comment(line);
    for (size_t k = 0; k < chain.stats.size(); ++k)
      csv.row(s.csv_row(chain.stats[k], chain.draws.data() + static_cast<int64_t>(k) * s.width));
  }
  return paths;
}

int64_t detail::MCMCEngine::num_divergences() const {
  state_->check_ran("num_divergences");
  int64_t n = 0;
  for (const State::Chain& c : state_->chains)
    for (const TransitionStats& st : c.stats) n += st.divergent ? 1 : 0;
  return n;
}

std::vector<double> detail::MCMCEngine::step_sizes() const {
  state_->check_ran("step_sizes");
  std::vector<double> out;
  for (const State::Chain& c : state_->chains) out.push_back(c.step_size);
  return out;
}

std::vector<std::vector<double>> detail::MCMCEngine::inverse_metrics() const {
  state_->check_ran("inverse_metrics");
  std::vector<std::vector<double>> out;
  for (const State::Chain& c : state_->chains) out.push_back(c.inverse_metric);
  return out;
}

std::vector<ChainCost> detail::MCMCEngine::chain_costs() const {
  state_->check_ran("chain_costs");
  std::vector<ChainCost> out;
  for (const State::Chain& c : state_->chains) out.push_back(c.cost);
  return out;
}

}  // namespace tyche::infer
