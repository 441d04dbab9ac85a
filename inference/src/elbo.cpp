#include "tyche/inference/elbo.h"

#include <cmath>
#include <set>
#include <sstream>

#include "tyche/autograd.h"
#include "tyche/distributions/kl.h"
#include "tyche/inference/handlers.h"
#include "tyche/inference/param_store.h"
#include "tyche/inference/primitives.h"

namespace tyche::infer {

namespace {
constexpr const char* kParticlePlate = "_num_particles_vectorized";
constexpr double kBaselineDecay = 0.9;

// Runs program under a trace (and, innermost, a replay of *replay, lent for
// the run, and the particle plate when vectorising); returns the trace.
Trace run_traced(const Program& program, Trace* replay, int64_t particles, int64_t nesting) {
  handlers::TraceMessenger tr;
  HandlerScope on_trace(tr);
  std::optional<handlers::ReplayMessenger> rp;
  std::optional<HandlerScope> on_replay;
  if (replay) {
    rp.emplace(std::move(*replay));
    on_replay.emplace(*rp);
  }
  std::optional<Plate> plate;
  if (particles > 1) plate.emplace(kParticlePlate, particles, std::nullopt, -(nesting + 1));
  struct GiveBack {  // also when program throws
    std::optional<handlers::ReplayMessenger>& rp;
    Trace* replay;
    ~GiveBack() {
      if (rp) *replay = rp->take();
    }
  } give_back{rp, replay};
  program();
  plate.reset();
  on_replay.reset();
  return tr.take();
}

int64_t max_nesting(const Trace& t) {
  int64_t n = 0;
  for (const Site& s : t.sites())
    for (const PlateFrame& f : s.frames) n = std::max(n, -f.dim);
  return n;
}
}  // namespace

// One run of guide and model: the ELBO (scalar, or [P] when vectorised) and
// the summed log q of the guide sites without reparameterised draws.
struct ELBO::Particle {
  Tensor elbo;
  Tensor score;  // undefined when every guide site is reparameterised
  Trace model, guide;
};

ELBO::ELBO(ELBOOptions options) : options_(options) {
  TYCHE_CHECK(options_.num_particles >= 1, "ELBO", "num_particles must be at least 1, got ",
              options_.num_particles);
}

Tensor ParticleSum::operator()(const Tensor& lp) const {
  if (particles == 1) return lp.dim() == 0 ? lp : lp.sum();
  const int64_t pd = lp.dim() - (nesting + 1);
  if (pd < 0 || lp.size(pd) != particles) return lp.sum().expand({particles});
  return lp.transpose(0, pd).reshape({particles, -1}).sum({1});
}

Tensor ELBO::latent_term(const Site& m, const Site& q, const ParticleSum& sum) const {
  return sum(Trace::log_prob(m)) - sum(Trace::log_prob(q));
}

Tensor TraceMeanFieldELBO::latent_term(const Site& m, const Site& q, const ParticleSum& sum) const {
  if (!dist::has_kl(*q.fn, *m.fn)) return ELBO::latent_term(m, q, sum);
  Tensor kl = dist::kl_divergence(*q.fn, *m.fn);
  if (m.mask.defined()) kl = where(m.mask, kl, 0.0);
  if (m.scale != 1.0) kl = kl * m.scale;
  return -sum(kl);
}

ELBO::Particle ELBO::score(const Trace& model, const Trace& guide, const ParticleSum& sum) const {
  // Accumulates without a leading 0 + ...: every op here is one more graph node per step.
  auto add = [](Tensor& acc, const Tensor& t) { acc = acc.defined() ? acc + t : t; };
  Particle p;
  for (const Site& m : model.sites()) {
    if (m.type == SiteType::Factor || (m.type == SiteType::Sample && m.is_observed)) {
      add(p.elbo, sum(Trace::log_prob(m)));
    } else if (m.type == SiteType::Sample) {
      TYCHE_CHECK(guide.contains(m.name) && guide.at(m.name).type == SiteType::Sample, name(),
                  "model site '", m.name, "' is latent but the guide has no sample site of that name");
      add(p.elbo, latent_term(m, guide.at(m.name), sum));
    }
  }
  for (const Site& q : guide.sites()) {
    if (q.type != SiteType::Sample || q.is_observed) continue;
    if (!model.contains(q.name)) add(p.elbo, -sum(Trace::log_prob(q)));  // auxiliary
    if (!q.fn->has_rsample()) add(p.score, sum(Trace::log_prob(q)));
  }
  if (!p.elbo.defined()) p.elbo = scalar_tensor(0.0);
  return p;
}

int64_t ELBO::plate_nesting(const Program& model, const Program& guide) {
  if (!nesting_) {
    NoGradGuard no_grad;
    Trace g = run_traced(guide, nullptr, 1, 0);
    Trace m = run_traced(model, &g, 1, 0);
    nesting_ = std::max(max_nesting(g), max_nesting(m));
  }
  return *nesting_;
}

std::vector<ELBO::Particle> ELBO::run_particles(const Program& model, const Program& guide) {
  const int64_t P = options_.num_particles;
  std::vector<Particle> out;
  if (options_.vectorize_particles && P > 1) {
    const int64_t nesting = plate_nesting(model, guide);
    Trace g = run_traced(guide, nullptr, P, nesting);
    Trace m = run_traced(model, &g, P, nesting);
    out.push_back(score(m, g, ParticleSum{P, nesting}));
    out.back().model = std::move(m);
    out.back().guide = std::move(g);
  } else {
    for (int64_t i = 0; i < P; ++i) {
      Trace g = run_traced(guide, nullptr, 1, 0);
      Trace m = run_traced(model, &g, 1, 0);
      out.push_back(score(m, g, ParticleSum{}));
      out.back().model = std::move(m);
      out.back().guide = std::move(g);
    }
  }
  return out;
}

void ELBO::throw_non_finite(double loss, const std::vector<Particle>& ps) const {
  NoGradGuard no_grad;
  auto check = [&](const Trace& t, const char* which) {
    for (const Site& s : t.sites()) {
      if (s.type != SiteType::Sample && s.type != SiteType::Factor) continue;
      const double lp = Trace::log_prob(s).sum().item<double>();
      if (std::isfinite(lp)) continue;
      std::ostringstream msg;
      msg << name() << ": the loss is " << loss << ": " << which << " site '" << s.name << "' has log-probability "
          << lp;
      if (s.fn) msg << " under " << s.fn->name();
      if (s.value.defined() && !isfinite(s.value).all().item<bool>()) msg << " (its value has non-finite entries)";
      throw Error(msg.str());
    }
  };
  for (const Particle& p : ps) {
    check(p.model, "model");
    check(p.guide, "guide");
  }
  throw Error(std::string(name()) + ": the loss is " + std::to_string(loss) + " (no single site is non-finite)");
}

std::vector<Tensor> ELBO::params_of(const Particle& p) {
  // The ParamStore leaves behind the param sites of this run.
  std::vector<Tensor> out;
  std::set<std::string> seen;
  ParamStore& store = get_param_store();
  for (const Trace* t : {&p.model, &p.guide})
    for (const Site& s : t->sites())
      if (s.type == SiteType::Param && store.contains(s.name) && seen.insert(s.name).second)
        out.push_back(store.unconstrained(s.name));
  return out;
}

double ELBO::loss(const Program& model, const Program& guide) {
  NoGradGuard no_grad;
  std::vector<Particle> ps = run_particles(model, guide);
  double total = 0;
  for (const Particle& p : ps) total += p.elbo.sum().item<double>();
  const double value = -total / static_cast<double>(options_.num_particles);
  if (!std::isfinite(value)) throw_non_finite(value, ps);
  return value;
}

LossResult ELBO::loss_and_surrogate(const Program& model, const Program& guide) {
  std::vector<Particle> ps = run_particles(model, guide);
  const double P = static_cast<double>(options_.num_particles);
  // One particle, every site reparameterised: -elbo itself (no extra nodes).
  if (ps.size() == 1 && ps[0].elbo.dim() == 0 && !ps[0].score.defined()) {
    LossResult r;
    r.loss = -ps[0].elbo.item<double>();
    if (!std::isfinite(r.loss)) throw_non_finite(r.loss, ps);
    r.surrogate = -ps[0].elbo;
    r.params = params_of(ps.front());
    return r;
  }
  std::vector<Tensor> elbos;
  for (const Particle& p : ps) elbos.push_back(p.elbo.reshape({-1}));
  Tensor all = elbos.size() == 1 ? elbos[0] : cat(elbos);  // [P]
  const double mean_elbo = all.detach().sum().item<double>() / P;
  LossResult r;
  r.loss = -mean_elbo;
  if (!std::isfinite(r.loss)) throw_non_finite(r.loss, ps);

  Tensor surrogate = all.sum();
  const bool any_score = ps.front().score.defined();
  if (any_score) {
    // Score-function terms log q * (ELBO - b): b is the mean of the other
    // particles (leave-one-out), or with one particle a moving average of past
    // ELBOs; either leaves the estimator unbiased.
    std::vector<Tensor> scores;
    for (const Particle& p : ps) scores.push_back(p.score.reshape({-1}).expand({p.elbo.numel()}));
    Tensor score = scores.size() == 1 ? scores[0] : cat(scores);
    Tensor e = all.detach();
    Tensor baseline;
    if (options_.num_particles > 1) {
      baseline = (e.sum() - e) / (P - 1);
    } else {
      baseline = scalar_tensor(baseline_.value_or(mean_elbo), e.dtype());
      baseline_ = baseline_ ? kBaselineDecay * *baseline_ + (1 - kBaselineDecay) * mean_elbo : mean_elbo;
    }
    surrogate = surrogate + (score * (e - baseline)).sum();
  }
  r.surrogate = -surrogate / P;

  r.params = params_of(ps.front());
  return r;
}

}  // namespace tyche::infer
