#pragma once
// One chain of Hamiltonian Monte Carlo on a potential U(z) over R^dim:
// static HMC (a fixed trajectory length) or NUTS as Stan implements it
// (multinomial sampling along the trajectory, the generalised no-U-turn
// criterion with the extra checks across merged sub-trees, divergence when
// the energy error exceeds max_delta_energy), with Stan's warm-up: windowed
// adaptation of a diagonal or dense inverse metric and dual averaging of the
// step size.
//
//   HMCSampler s(KernelKind::NUTS, U.fn(), U.initial_point(gen), {}, Generator(1), 1000);
//   for (int i = 0; i < 2000; ++i) { TransitionStats st = s.step(); use(s.position()); }
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "tyche/generator.h"
#include "tyche/inference/adaptation.h"
#include "tyche/inference/init_strategy.h"
#include "tyche/inference/potential.h"

namespace tyche::infer {

enum class KernelKind { HMC, NUTS };

// The options of both kernels; fields marked "HMC" or "NUTS" are read by that kernel only.
struct HMCOptions {
  double step_size = 1.0;            // initial leapfrog step size (then Stan's heuristic search when adapting)
  bool adapt_step_size = true;       // dual averaging during warm-up
  bool adapt_mass_matrix = true;     // windowed Welford estimates during warm-up
  bool dense_mass = false;           // a dense inverse metric instead of a diagonal one
  double target_accept_prob = 0.8;   // dual averaging's target
  double trajectory_length = 2 * std::numbers::pi;  // HMC: steps = max(1, int(length / step_size)) (Stan's truncation)
  int64_t num_steps = 0;             // HMC: a fixed number of leapfrog steps (0: from trajectory_length)
  int max_tree_depth = 10;           // NUTS: at most 2^max_tree_depth leapfrog steps per draw
  double max_delta_energy = 1000.0;  // an energy error above this is a divergence
  InitStrategy init_strategy = init_to_uniform();  // initial points (retried until finite)
  int max_init_tries = 100;
  int64_t init_buffer = 75;          // Stan's windowed adaptation (iterations)
  int64_t term_buffer = 50;
  int64_t window = 25;
};

// What one transition did (Stan's sampler diagnostics).
struct TransitionStats {
  double accept_prob = 0;   // mean Metropolis acceptance over the trajectory (NUTS) or of the proposal (HMC)
  double step_size = 0;     // the step size used
  double energy = 0;        // Hamiltonian at the new state
  double potential = 0;     // U at the new state (Stan's lp__ is -potential)
  int tree_depth = 0;       // NUTS tree depth (0 for HMC)
  int64_t n_leapfrog = 0;   // leapfrog steps (= gradient evaluations)
  bool divergent = false;
};

class HMCSampler {
 public:
  // Starts at z0 (U and its gradient finite there); the first num_warmup
  // calls of step() adapt as the options say, the later ones sample.
  HMCSampler(KernelKind kind, PotentialFn potential, std::vector<double> z0, const HMCOptions& options, Generator gen,
             int64_t num_warmup);

  // One transition (adapting while in warm-up).
  TransitionStats step();
  const std::vector<double>& position() const { return z_; }
  double step_size() const { return step_size_; }
  int64_t dim() const { return dim_; }
  bool dense() const { return options_.dense_mass; }
  // The inverse metric: dim variances, or a row-major dim x dim matrix when dense().
  const std::vector<double>& inverse_metric() const { return inv_metric_; }
  // Error messages the potential raised on rejected trajectories, counted.
  int64_t num_rejections() const { return rejections_; }
  const std::string& last_rejection() const { return last_rejection_; }

 private:
  struct Point;
  struct Tree;
  // Tallies over one transition's trajectory.
  struct Tally {
    int64_t n_leapfrog = 0;
    double sum_accept = 0;  // summed min(1, exp(H0 - H)) over the leapfrog points
    bool divergent = false;
  };
  double hamiltonian(const Point& p) const;
  void velocity(const std::vector<double>& p, std::vector<double>& out) const;
  void draw_momentum(std::vector<double>& p);
  bool leapfrog(Point& p, double eps);
  Point start_point();
  TransitionStats hmc_transition();
  TransitionStats nuts_transition();
  bool build_tree(int depth, Point& z, Tree& t, double h0, double sign);
  void find_reasonable_step_size();
  void set_inverse_metric(std::vector<double> m);
  double normal();

  KernelKind kind_;
  PotentialFn potential_;
  HMCOptions options_;
  Generator gen_;
  int64_t dim_;
  int64_t num_warmup_, iteration_ = 0;
  std::vector<double> z_, grad_;
  double u_ = 0;
  double step_size_;
  std::vector<double> inv_metric_, chol_;  // chol_: lower L with inv_metric = L L^T (dense)
  mutable std::vector<double> scratch_;    // velocities inside leapfrog / hamiltonian (no allocation per step)
  DualAveraging dual_;
  WindowSchedule windows_;
  WelfordCovariance welford_;
  Tally tally_;
  int64_t rejections_ = 0;
  std::string last_rejection_;
  bool has_spare_normal_ = false;
  double spare_normal_ = 0;
};

}  // namespace tyche::infer
