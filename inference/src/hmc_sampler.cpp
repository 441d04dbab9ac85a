#include "tyche/inference/hmc_sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "tyche/error.h"

namespace tyche::infer {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

double log_add_exp(double a, double b) {
  if (a == -kInf) return b;
  if (b == -kInf) return a;
  const double m = std::max(a, b);
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

// The no-U-turn criterion over a span with summed momentum rho and
// velocities v_minus, v_plus at its two ends.
bool no_u_turn(const std::vector<double>& v_minus, const std::vector<double>& v_plus, const std::vector<double>& rho) {
  return dot(v_plus, rho) > 0 && dot(v_minus, rho) > 0;
}

std::vector<double> sum(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = a[i] + b[i];
  return out;
}

// Lower Cholesky factor of a row-major symmetric positive-definite n x n matrix.
std::vector<double> cholesky(const std::vector<double>& a, int64_t n) {
  std::vector<double> l(a.size(), 0.0);
  for (int64_t j = 0; j < n; ++j) {
    double d = a[static_cast<size_t>(j * n + j)];
    for (int64_t k = 0; k < j; ++k) d -= l[static_cast<size_t>(j * n + k)] * l[static_cast<size_t>(j * n + k)];
    TYCHE_CHECK(d > 0, "HMC", "the inverse mass matrix is not positive definite (pivot ", j, " is ", d, ")");
    const double ljj = std::sqrt(d);
    l[static_cast<size_t>(j * n + j)] = ljj;
    for (int64_t i = j + 1; i < n; ++i) {
      double s = a[static_cast<size_t>(i * n + j)];
      for (int64_t k = 0; k < j; ++k) s -= l[static_cast<size_t>(i * n + k)] * l[static_cast<size_t>(j * n + k)];
      l[static_cast<size_t>(i * n + j)] = s / ljj;
    }
  }
  return l;
}
}  // namespace

// A point in phase space: position, momentum, gradient of U and U.
struct HMCSampler::Point {
  std::vector<double> q, p, g;
  double u = 0;
};

// A finished sub-tree (or the whole trajectory), its ends in time order.
struct HMCSampler::Tree {
  std::vector<double> p_minus, p_plus;  // momenta at the earliest and latest points
  std::vector<double> v_minus, v_plus;  // their velocities M^-1 p
  std::vector<double> rho;              // summed momentum over the tree
  double log_weight = -kInf;            // log of the summed exp(H0 - H) over its points
  Point proposal;                       // the point sampled from it
};

HMCSampler::HMCSampler(KernelKind kind, PotentialFn potential, std::vector<double> z0, const HMCOptions& options,
                       Generator gen, int64_t num_warmup)
    : kind_(kind),
      potential_(std::move(potential)),
      options_(options),
      gen_(gen),
      dim_(static_cast<int64_t>(z0.size())),
      num_warmup_(num_warmup),
      z_(std::move(z0)),
      grad_(static_cast<size_t>(dim_)),
      step_size_(options.step_size),
      dual_(options.target_accept_prob),
      windows_(num_warmup, options.init_buffer, options.term_buffer, options.window),
      welford_(dim_, options.dense_mass) {
  TYCHE_CHECK(dim_ > 0, "HMC", "the potential has no dimensions");
  TYCHE_CHECK(options.step_size > 0 && std::isfinite(options.step_size), "HMC", "step_size must be positive, got ",
              options.step_size);
  TYCHE_CHECK(options.max_tree_depth >= 1 && options.max_tree_depth <= 30, "NUTS",
              "max_tree_depth must lie in [1, 30], got ", options.max_tree_depth);
  TYCHE_CHECK(options.trajectory_length > 0, "HMC", "trajectory_length must be positive, got ",
              options.trajectory_length);
  TYCHE_CHECK(options.num_steps >= 0, "HMC", "num_steps must be >= 0, got ", options.num_steps);
  TYCHE_CHECK(num_warmup >= 0, "HMC", "num_warmup must be >= 0, got ", num_warmup);
  std::vector<double> unit(static_cast<size_t>(options.dense_mass ? dim_ * dim_ : dim_), 0.0);
  for (int64_t i = 0; i < dim_; ++i) unit[static_cast<size_t>(options.dense_mass ? i * dim_ + i : i)] = 1.0;
  set_inverse_metric(std::move(unit));
  u_ = potential_(z_.data(), grad_.data());
  TYCHE_CHECK(std::isfinite(u_), "HMC", "the potential at the initial point is not finite (", u_, ")");
  if (num_warmup_ > 0 && options_.adapt_step_size) {
    find_reasonable_step_size();
    dual_.restart(step_size_);
  }
}

void HMCSampler::set_inverse_metric(std::vector<double> m) {
  inv_metric_ = std::move(m);
  if (options_.dense_mass) chol_ = cholesky(inv_metric_, dim_);
}

double HMCSampler::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  const double r = std::sqrt(-2.0 * std::log(gen_.next_uniform()));
  const double a = 2.0 * std::numbers::pi * gen_.next_uniform();
  spare_normal_ = r * std::sin(a);
  has_spare_normal_ = true;
  return r * std::cos(a);
}

// p ~ N(0, M) with M the inverse of inv_metric_: p = L^-T e for inv_metric = L L^T.
void HMCSampler::draw_momentum(std::vector<double>& p) {
  p.resize(static_cast<size_t>(dim_));
  for (auto& x : p) x = normal();
  if (!options_.dense_mass) {
    for (int64_t i = 0; i < dim_; ++i) p[static_cast<size_t>(i)] /= std::sqrt(inv_metric_[static_cast<size_t>(i)]);
    return;
  }
  for (int64_t i = dim_; i-- > 0;) {  // back substitution with L^T
    double s = p[static_cast<size_t>(i)];
    for (int64_t k = i + 1; k < dim_; ++k) s -= chol_[static_cast<size_t>(k * dim_ + i)] * p[static_cast<size_t>(k)];
    p[static_cast<size_t>(i)] = s / chol_[static_cast<size_t>(i * dim_ + i)];
  }
}

void HMCSampler::velocity(const std::vector<double>& p, std::vector<double>& out) const {
  out.resize(static_cast<size_t>(dim_));
  if (!options_.dense_mass) {
    for (int64_t i = 0; i < dim_; ++i) out[static_cast<size_t>(i)] = inv_metric_[static_cast<size_t>(i)] * p[static_cast<size_t>(i)];
    return;
  }
  for (int64_t i = 0; i < dim_; ++i) {
    double s = 0;
    for (int64_t j = 0; j < dim_; ++j) s += inv_metric_[static_cast<size_t>(i * dim_ + j)] * p[static_cast<size_t>(j)];
    out[static_cast<size_t>(i)] = s;
  }
}

double HMCSampler::hamiltonian(const Point& z) const {
  std::vector<double>& v = scratch_;
  velocity(z.p, v);
  const double h = z.u + 0.5 * dot(z.p, v);
  return std::isnan(h) ? kInf : h;
}

// One leapfrog step of size eps; a potential that throws or is not finite
// makes U infinite (the step is then rejected as divergent, as Stan does).
bool HMCSampler::leapfrog(Point& z, double eps) {
  for (int64_t i = 0; i < dim_; ++i) z.p[static_cast<size_t>(i)] -= 0.5 * eps * z.g[static_cast<size_t>(i)];
  std::vector<double>& v = scratch_;
  velocity(z.p, v);
  for (int64_t i = 0; i < dim_; ++i) z.q[static_cast<size_t>(i)] += eps * v[static_cast<size_t>(i)];
  try {
    z.u = potential_(z.q.data(), z.g.data());
  } catch (const Error& e) {
    ++rejections_;
    last_rejection_ = e.what();
    z.u = kInf;
    return false;
  }
  bool finite = std::isfinite(z.u);
  for (double g : z.g) finite = finite && std::isfinite(g);
  if (!finite) {
    z.u = kInf;
    return false;
  }
  for (int64_t i = 0; i < dim_; ++i) z.p[static_cast<size_t>(i)] -= 0.5 * eps * z.g[static_cast<size_t>(i)];
  return true;
}

HMCSampler::Point HMCSampler::start_point() {
  Point z;
  z.q = z_;
  z.g = grad_;
  z.u = u_;
  draw_momentum(z.p);
  return z;
}

// Stan's init_stepsize: double or halve the step size until the acceptance
// of one leapfrog step from the current point crosses 0.8.
void HMCSampler::find_reasonable_step_size() {
  const double log_target = std::log(0.8);
  int direction = 0;
  while (true) {
    Point z = start_point();
    const double h0 = hamiltonian(z);
    leapfrog(z, step_size_);
    const double delta = h0 - hamiltonian(z);
    if (direction == 0) direction = delta > log_target ? 1 : -1;
    else if (direction == 1 && !(delta > log_target)) break;
    else if (direction == -1 && !(delta < log_target)) break;
    step_size_ = direction == 1 ? 2 * step_size_ : 0.5 * step_size_;
    TYCHE_CHECK(step_size_ <= 1e7, "HMC", "the step size grew past 1e7 while searching: the posterior is improper");
    TYCHE_CHECK(step_size_ > 0, "HMC",
                "no acceptably small step size exists: the log density is not continuous at the current point");
  }
}

TransitionStats HMCSampler::hmc_transition() {
  TransitionStats st;
  st.step_size = step_size_;
  Point z = start_point();
  const double h0 = hamiltonian(z);
  const int64_t steps = options_.num_steps > 0
                            ? options_.num_steps
                            : std::max<int64_t>(1, static_cast<int64_t>(options_.trajectory_length / step_size_));
  for (int64_t i = 0; i < steps; ++i) {
    ++st.n_leapfrog;
    if (!leapfrog(z, step_size_)) break;
  }
  const double h = hamiltonian(z);
  st.divergent = h - h0 > options_.max_delta_energy;
  st.accept_prob = std::min(1.0, std::exp(h0 - h));
  if (gen_.next_uniform() < st.accept_prob) {
    z_ = z.q;
    grad_ = z.g;
    u_ = z.u;
    st.energy = h;
  } else {
    st.energy = h0;  // the initial point and momentum are kept
  }
  st.potential = u_;
  return st;
}

namespace {
// Joins two adjacent trees (left earlier in time than right) into out (which
// may alias either): ends, summed momentum; returns whether the joined span
// and both spans extended by the neighbouring point pass the no-U-turn test.
template <class T>
bool join(const T& left, const T& right, T& out) {
  std::vector<double> rho = sum(left.rho, right.rho);
  const bool ok = no_u_turn(left.v_minus, right.v_plus, rho) &&
                  no_u_turn(left.v_minus, right.v_minus, sum(left.rho, right.p_minus)) &&
                  no_u_turn(left.v_plus, right.v_plus, sum(right.rho, left.p_plus));
  std::vector<double> p_minus = left.p_minus, v_minus = left.v_minus, p_plus = right.p_plus, v_plus = right.v_plus;
  out.p_minus = std::move(p_minus);
  out.v_minus = std::move(v_minus);
  out.p_plus = std::move(p_plus);
  out.v_plus = std::move(v_plus);
  out.rho = std::move(rho);
  return ok;
}
}  // namespace

// Builds 2^depth leapfrog steps from z in direction sign into t; false when a
// divergence or a U-turn inside makes the sub-tree invalid.
bool HMCSampler::build_tree(int depth, Point& z, Tree& t, double h0, double sign) {
  Tally& tally = tally_;
  if (depth == 0) {
    leapfrog(z, sign * step_size_);
    ++tally.n_leapfrog;
    const double h = hamiltonian(z);
    if (h - h0 > options_.max_delta_energy) tally.divergent = true;
    t.log_weight = h0 - h;
    tally.sum_accept += h0 - h > 0 ? 1.0 : std::exp(h0 - h);
    t.proposal = z;
    t.rho = z.p;
    t.p_minus = t.p_plus = z.p;
    velocity(z.p, t.v_minus);
    t.v_plus = t.v_minus;
    return !tally.divergent;
  }
  Tree first, second;  // in build order: first is next to the existing trajectory
  if (!build_tree(depth - 1, z, first, h0, sign)) return false;
  if (!build_tree(depth - 1, z, second, h0, sign)) return false;
  t.log_weight = log_add_exp(first.log_weight, second.log_weight);
  // Uniform progressive sampling within the tree.
  if (gen_.next_uniform() < std::exp(second.log_weight - t.log_weight)) t.proposal = std::move(second.proposal);
  else t.proposal = std::move(first.proposal);
  return sign > 0 ? join(first, second, t) : join(second, first, t);
}

TransitionStats HMCSampler::nuts_transition() {
  tally_ = Tally{};
  const Tally& tally = tally_;
  TransitionStats st;
  st.step_size = step_size_;
  Point z0 = start_point();
  const double h0 = hamiltonian(z0);
  Tree traj;
  traj.log_weight = 0;  // log exp(H0 - H0)
  traj.rho = traj.p_minus = traj.p_plus = z0.p;
  velocity(z0.p, traj.v_minus);
  traj.v_plus = traj.v_minus;
  Point minus = z0, plus = z0, sample = z0;
  int depth = 0;
  while (depth < options_.max_tree_depth) {
    Tree sub;
    const bool forward = gen_.next_uniform() > 0.5;
    Point& edge = forward ? plus : minus;
    if (!build_tree(depth, edge, sub, h0, forward ? 1.0 : -1.0)) break;
    ++depth;
    // Biased progressive sampling between the old trajectory and the new sub-tree.
    if (sub.log_weight > traj.log_weight || gen_.next_uniform() < std::exp(sub.log_weight - traj.log_weight))
      sample = sub.proposal;
    traj.log_weight = log_add_exp(traj.log_weight, sub.log_weight);
    const bool persist = forward ? join(traj, sub, traj) : join(sub, traj, traj);
    if (!persist) break;
  }
  z_ = std::move(sample.q);
  grad_ = std::move(sample.g);
  u_ = sample.u;
  st.tree_depth = depth;
  st.n_leapfrog = tally.n_leapfrog;
  st.divergent = tally.divergent;
  st.accept_prob = tally.n_leapfrog > 0 ? tally.sum_accept / static_cast<double>(tally.n_leapfrog) : 0.0;
  st.energy = hamiltonian(sample);
  st.potential = u_;
  return st;
}

TransitionStats HMCSampler::step() {
  TransitionStats st = kind_ == KernelKind::NUTS ? nuts_transition() : hmc_transition();
  if (iteration_ < num_warmup_) {
    if (options_.adapt_step_size) step_size_ = dual_.update(st.accept_prob);
    if (options_.adapt_mass_matrix && windows_.in_window(iteration_)) welford_.add(z_.data());
    if (options_.adapt_mass_matrix && windows_.window_end(iteration_)) {
      set_inverse_metric(welford_.regularized());
      welford_.reset();
      if (options_.adapt_step_size) {
        find_reasonable_step_size();
        dual_.restart(step_size_);
      }
    }
    if (iteration_ == num_warmup_ - 1 && options_.adapt_step_size) step_size_ = dual_.final_step_size();
  }
  ++iteration_;
  return st;
}

}  // namespace tyche::infer
