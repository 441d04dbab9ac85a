#pragma once
// Markov chain Monte Carlo over a model's latent sites (Pyro's / NumPyro's
// MCMC with Stan's NUTS): chains run in parallel threads, each with its own
// generator stream, so a run is the same for a seed whatever the thread count.
//
//   auto kernel = infer::NUTS(model);                 // or infer::HMC(model, {...})
//   infer::MCMC mcmc(kernel, {.num_warmup = 1000, .num_samples = 1000, .num_chains = 4, .seed = 0});
//   mcmc.run(X, y);
//   auto draws = mcmc.get_samples();                  // site -> [chains * draws, ...]
//   mcmc.print_summary();
//   mcmc.write_stan_csv("draws.csv");                 // draws_1.csv ... draws_4.csv
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tyche/inference/hmc_sampler.h"
#include "tyche/inference/summary.h"

namespace tyche::infer {

// NUTS (Stan's) over model's latent sites; model: any callable taking run()'s arguments.
template <class Model>
class NUTS {
 public:
  explicit NUTS(Model model, HMCOptions options = {}) : model_(std::move(model)), options_(std::move(options)) {}
  static constexpr KernelKind kind() { return KernelKind::NUTS; }
  const Model& model() const { return model_; }
  const HMCOptions& options() const { return options_; }
 private:
  Model model_;
  HMCOptions options_;
};

// Static HMC (leapfrog steps = trajectory_length / step_size, or num_steps).
template <class Model>
class HMC {
 public:
  explicit HMC(Model model, HMCOptions options = {}) : model_(std::move(model)), options_(std::move(options)) {}
  static constexpr KernelKind kind() { return KernelKind::HMC; }
  const Model& model() const { return model_; }
  const HMCOptions& options() const { return options_; }
 private:
  Model model_;
  HMCOptions options_;
};

struct MCMCOptions {
  int64_t num_warmup = 1000;   // adaptation iterations (not kept)
  int64_t num_samples = 1000;  // sampling iterations per chain
  int64_t num_chains = 1;
  uint64_t seed = 0;           // chain c draws from Generator(seed, c)
  int64_t thinning = 1;        // keep every thinning-th sampling iteration
  int64_t num_threads = 0;     // threads for the chains; 0: min(num_chains, hardware threads)
  std::string stan_csv{};      // when set, draws are written there as they are made (as write_stan_csv names them)
  bool progress_bar = true;    // shown only when stderr is a terminal
};

// What one chain spent: CPU seconds (its thread's CPU clock) and gradient
// evaluations in leapfrog steps (Stan's n_leapfrog summed), per phase.
struct ChainCost {
  double warmup_seconds = 0, sampling_seconds = 0;
  int64_t warmup_gradients = 0, sampling_gradients = 0;
};

namespace detail {
// The non-template part of MCMC.
class MCMCEngine {
 public:
  MCMCEngine(KernelKind kind, HMCOptions kernel, MCMCOptions options);
  ~MCMCEngine();
  MCMCEngine(MCMCEngine&&) noexcept;
  MCMCEngine& operator=(MCMCEngine&&) noexcept;

  void run(const Program& model);
  std::map<std::string, Tensor> get_samples(bool group_by_chain) const;
  std::map<std::string, Tensor> get_sampler_stats(bool group_by_chain) const;
  std::vector<SummaryRow> summary(double prob) const;
  void print_summary(std::ostream& os, double prob) const;
  std::vector<std::string> write_stan_csv(const std::string& path) const;
  int64_t num_divergences() const;
  std::vector<double> step_sizes() const;
  std::vector<std::vector<double>> inverse_metrics() const;
  std::vector<ChainCost> chain_costs() const;
  const MCMCOptions& options() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};
}  // namespace detail

template <class Kernel>
class MCMC {
 public:
  MCMC(Kernel kernel, MCMCOptions options)
      : kernel_(std::move(kernel)), engine_(Kernel::kind(), kernel_.options(), std::move(options)) {}

  // Warm-up and sampling of every chain; args are passed to the model on
  // each evaluation of the potential (from several threads at once when
  // chains run in parallel: the model must only read shared state).
  template <class... A>
  void run(A&&... args) {
    engine_.run([&] { kernel_.model()(args...); });
  }

  // Site -> kept draws in constrained space, latent and deterministic sites:
  // [num_chains * num_kept, ...shape], or [num_chains, num_kept, ...shape] grouped by chain.
  std::map<std::string, Tensor> get_samples(bool group_by_chain = false) const {
    return engine_.get_samples(group_by_chain);
  }
  // The sampler's fields per kept draw (float64), shaped as get_samples' scalars:
  // accept_prob, step_size, tree_depth, n_leapfrog, divergent (0/1), energy, potential_energy.
  std::map<std::string, Tensor> get_sampler_stats(bool group_by_chain = false) const {
    return engine_.get_sampler_stats(group_by_chain);
  }
  // Per element of each site: mean, sd, quantiles, ess_bulk, ess_tail, r_hat.
  std::vector<SummaryRow> summary(double prob = 0.9) const { return engine_.summary(prob); }
  // The summary table, then the number of divergent transitions.
  void print_summary(std::ostream& os = std::cout, double prob = 0.9) const { engine_.print_summary(os, prob); }
  // Writes the kept draws in Stan's CSV layout, one file per chain as CmdStan
  // names them (path itself for one chain, else "draws.csv" -> "draws_1.csv",
  // ...); returns the paths.
  std::vector<std::string> write_stan_csv(const std::string& path) const { return engine_.write_stan_csv(path); }
  int64_t num_divergences() const { return engine_.num_divergences(); }
  // Per chain, the adapted step size and inverse metric (diagonal, or row-major dense).
  std::vector<double> step_sizes() const { return engine_.step_sizes(); }
  std::vector<std::vector<double>> inverse_metrics() const { return engine_.inverse_metrics(); }
  std::vector<ChainCost> chain_costs() const { return engine_.chain_costs(); }
  // Leapfrog steps (gradient evaluations) over all chains, warm-up included.
  int64_t num_gradients() const {
    int64_t n = 0;
    for (const ChainCost& c : chain_costs()) n += c.warmup_gradients + c.sampling_gradients;
    return n;
  }
  const Kernel& kernel() const { return kernel_; }

 private:
  Kernel kernel_;
  detail::MCMCEngine engine_;
};

}  // namespace tyche::infer
