#pragma once
// Evidence lower bounds for SVI (Pyro's Trace_ELBO / TraceMeanField_ELBO).
// A loss runs the guide, replays the model against the guide's draws, and
// returns -ELBO = -E_q[log p(x, z) - log q(z)] estimated from num_particles
// draws, with a surrogate whose gradient is an unbiased estimate of the
// gradient of -ELBO: pathwise through reparameterised guide sites, and by the
// score function (log q times the detached ELBO minus a baseline) through the
// others (e.g. discrete sites).
//
//   infer::TraceELBO loss({.num_particles = 8, .vectorize_particles = true});
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "tyche/inference/trace.h"

namespace tyche::infer {

// A model or guide bound to its arguments (what SVI hands a loss).
using Program = std::function<void()>;

struct ELBOOptions {
  int64_t num_particles = 1;
  // Draw the particles at once inside a plate of size num_particles left of the
  // model's plates (the model must broadcast over that batch dim), else in a loop.
  bool vectorize_particles = false;
};

// One evaluation: the loss (-ELBO, averaged over particles), a scalar tensor
// whose gradient estimates that of the loss, and the ParamStore leaves
// (unconstrained) the model and guide used.
struct LossResult {
  double loss = 0;
  Tensor surrogate;
  std::vector<Tensor> params;
};

// Sums a log-probability tensor to one value per particle: a scalar, or [P]
// along the particle plate's dim (-(nesting + 1)) when particles are
// vectorised; terms without that dim are shared by every particle.
struct ParticleSum {
  int64_t particles = 1;  // > 1 only when vectorised
  int64_t nesting = 0;    // the programs' plate depth
  Tensor operator()(const Tensor& log_prob) const;
};

class ELBO {
 public:
  explicit ELBO(ELBOOptions options = {});
  virtual ~ELBO() = default;
  const ELBOOptions& options() const { return options_; }
  virtual const char* name() const = 0;

  // -ELBO without recording gradients.
  double loss(const Program& model, const Program& guide);
  // -ELBO and its differentiable surrogate. Throws naming the site when the
  // loss is NaN or infinite.
  LossResult loss_and_surrogate(const Program& model, const Program& guide);
  virtual std::unique_ptr<ELBO> clone() const = 0;

 protected:
  // The ELBO contribution of latent model site m given the guide's site q for
  // it, summed per particle: log p(z) - log q(z).
  virtual Tensor latent_term(const Site& m, const Site& q, const ParticleSum& sum) const;

 private:
  struct Particle;
  std::vector<Particle> run_particles(const Program& model, const Program& guide);
  Particle score(const Trace& model, const Trace& guide, const ParticleSum& sum) const;
  int64_t plate_nesting(const Program& model, const Program& guide);
  [[noreturn]] void throw_non_finite(double loss, const std::vector<Particle>& ps) const;
  static std::vector<Tensor> params_of(const Particle& p);

  ELBOOptions options_;
  std::optional<int64_t> nesting_;   // the programs' plate depth (vectorised particles)
  std::optional<double> baseline_;   // moving average of the ELBO (score-function baseline)
};

// log p - log q at every site (Monte Carlo).
class TraceELBO : public ELBO {
 public:
  explicit TraceELBO(ELBOOptions options = {}) : ELBO(options) {}
  const char* name() const override { return "TraceELBO"; }
  std::unique_ptr<ELBO> clone() const override { return std::make_unique<TraceELBO>(*this); }
};

// -KL(q || p) in closed form at latent sites where dist::has_kl(q, p) (Monte
// Carlo elsewhere): less variance for mean-field guides.
class TraceMeanFieldELBO : public ELBO {
 public:
  explicit TraceMeanFieldELBO(ELBOOptions options = {}) : ELBO(options) {}
  const char* name() const override { return "TraceMeanFieldELBO"; }
  std::unique_ptr<ELBO> clone() const override { return std::make_unique<TraceMeanFieldELBO>(*this); }
 protected:
  Tensor latent_term(const Site& m, const Site& q, const ParticleSum& sum) const override;
};

}  // namespace tyche::infer
