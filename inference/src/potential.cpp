#include "tyche/inference/potential.h"

#include <cmath>
#include <cstring>

#include "tyche/autograd.h"
#include "tyche/distributions/transforms.h"
#include "tyche/inference/handlers.h"

namespace tyche::infer {

namespace {

// Gives the latent sites the values in `values` (parallel to `sites`) and sums
// every sample and factor site's scaled log-probability; records deterministic
// sites when asked. Sites come in the prototype's order, so the lookup is a
// cursor with a search as fallback.
class LogDensityMessenger : public Messenger {
 public:
  LogDensityMessenger(const std::vector<LatentSite>& sites, const std::vector<Tensor>& values,
                      const std::string& who, std::map<std::string, Tensor>* deterministic)
      : sites_(sites), values_(values), who_(who), deterministic_(deterministic), seen_(sites.size(), false) {}

  void process(Message& msg) override {
    if (msg.type == SiteType::Subsample && msg.subsample_size < msg.size)
      throw Error(who_ + ": plate '" + msg.name + "' subsamples (" + std::to_string(msg.subsample_size) + " of " +
                  std::to_string(msg.size) + "); HMC and NUTS need the full data");
    if (msg.type != SiteType::Sample || msg.is_observed) return;
    const size_t k = find(msg.name);
    seen_[k] = true;
    msg.value = values_[k];
    msg.done = true;
  }

  void postprocess(Message& msg) override {
    if (msg.type == SiteType::Sample || msg.type == SiteType::Factor) {
      Tensor lp = Trace::log_prob(msg);
      if (lp.dim() > 0) lp = lp.sum();  // a 0-dim sum would only add a node
      total_ = total_.defined() ? total_ + lp : lp;
    } else if (msg.type == SiteType::Deterministic && deterministic_) {
      (*deterministic_)[msg.name] = msg.value.detach();
    }
  }

  // The summed log-probability; throws naming a latent site the run skipped.
  Tensor total() const {
    for (size_t k = 0; k < seen_.size(); ++k)
      TYCHE_CHECK(seen_[k], who_, "latent site '", sites_[k].name,
                  "' was not sampled in this run of the model; HMC and NUTS need the same latent sites every run");
    return total_.defined() ? total_ : scalar_tensor(0.0);
  }

 private:
  size_t find(const std::string& name) {
    if (cursor_ < sites_.size() && sites_[cursor_].name == name) return cursor_++;
    for (size_t k = 0; k < sites_.size(); ++k)
      if (sites_[k].name == name) {
        cursor_ = k + 1;
        return k;
      }
    throw Error(who_ + ": latent site '" + name +
                "' did not appear when the model was first traced; HMC and NUTS need the same latent sites every run");
  }

  const std::vector<LatentSite>& sites_;
  const std::vector<Tensor>& values_;
  const std::string& who_;
  std::map<std::string, Tensor>* deterministic_;
  std::vector<bool> seen_;
  size_t cursor_ = 0;
  Tensor total_;
};

// One run of model with the init strategy's values at the latent sites (draws from gen).
Trace trace_with_init(const Program& model, const InitStrategy& init, Generator& gen) {
  NoGradGuard no_grad;
  handlers::BlockMessenger block;  // outer handlers do not see the prototype run
  handlers::TraceMessenger tr;
  InitMessenger on_init(init);
  handlers::GeneratorMessenger g(gen);
  HandlerScope s1(block), s2(tr), s3(on_init), s4(g);
  model();
  return tr.take();
}

bool all_finite(const double* g, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(g[i])) return false;
  return true;
}

}  // namespace

Potential::Potential(Program model, InitStrategy init, std::string who)
    : model_(std::move(model)), init_(std::move(init)), who_(std::move(who)) {
  TYCHE_CHECK(static_cast<bool>(init_), who_, "the init strategy is empty");
  // The prototype run only needs the sites; a model that rejects the initial
  // values (throws) gets more tries, as initial_point does.
  Generator gen(0);
  Trace proto;
  for (int attempt = 0;; ++attempt) {
    try {
      proto = trace_with_init(model_, init_, gen);
      break;
    } catch (const Error& e) {
      if (attempt + 1 >= 100)
        throw Error(who_ + ": the model raised on 100 tries of initial values; last: " + std::string(e.what()));
    }
  }
  for (const Site& s : proto.sites()) {
    if (s.type == SiteType::Subsample && s.subsample_size < s.size)
      throw Error(who_ + ": plate '" + s.name + "' subsamples (" + std::to_string(s.subsample_size) + " of " +
                  std::to_string(s.size) + "); HMC and NUTS need the full data");
    if (s.type == SiteType::Deterministic) deterministic_.emplace_back(s.name, s.value.sizes().shape());
    if (s.type != SiteType::Sample || s.is_observed) continue;
    TYCHE_CHECK(!s.fn->is_discrete(), who_, "latent site '", s.name, "' has the discrete distribution ",
                s.fn->name(), "; HMC and NUTS need continuous latent sites (observe it or marginalise it out)");
    sites_.push_back(make_latent_site(s));
    offsets_.push_back(dim_);
    dim_ += numel_of(IntList(sites_.back().u_shape));
  }
  TYCHE_CHECK(!sites_.empty(), who_, "the model has no latent sample sites");
}

std::vector<Tensor> Potential::leaves(const double* z, bool requires_grad) const {
  std::vector<Tensor> u;
  u.reserve(sites_.size());
  for (size_t k = 0; k < sites_.size(); ++k) {
    const LatentSite& s = sites_[k];
    Tensor t = from_blob(const_cast<double*>(z + offsets_[k]), IntList(s.u_shape), kFloat64, /*copy=*/true);
    if (s.init.dtype() != kFloat64) t = t.to(s.init.dtype());
    if (requires_grad) t.requires_grad_();
    u.push_back(std::move(t));
  }
  return u;
}

Tensor Potential::log_density(const std::vector<Tensor>& u) const {
  std::vector<Tensor> x;
  x.reserve(u.size());
  Tensor log_det;
  for (size_t k = 0; k < u.size(); ++k) {
    const dist::Transform& t = sites_[k].transform;
    if (sites_[k].identity) {
      x.push_back(u[k]);
      continue;
    }
    x.push_back(t(u[k]));
    Tensor ld = t.log_abs_det_jacobian(u[k], x.back());
    if (ld.dim() > 0) ld = ld.sum();
    log_det = log_det.defined() ? log_det + ld : ld;
  }
  handlers::BlockMessenger block;
  LogDensityMessenger density(sites_, x, who_, nullptr);
  {
    HandlerScope s1(block), s2(density);
    model_();
  }
  Tensor total = density.total();
  return log_det.defined() ? total + log_det : total;
}

double Potential::value_and_grad(const double* z, double* grad) const {
  const std::vector<Tensor> u = leaves(z, /*requires_grad=*/true);
  const Tensor lp = log_density(u);
  const double value = -lp.item<double>();
  if (!lp.requires_grad()) {  // no latent site reaches the density: U is flat in z
    std::memset(grad, 0, sizeof(double) * static_cast<size_t>(dim_));
    return value;
  }
  const std::vector<Tensor> g = autograd::grad({lp}, u, {}, false, std::nullopt, /*allow_unused=*/true);
  for (size_t k = 0; k < u.size(); ++k) {
    double* out = grad + offsets_[k];
    const int64_t n = u[k].numel();
    if (!g[k].defined()) {
      std::fill(out, out + n, 0.0);
      continue;
    }
    const Tensor gk = g[k].to(kFloat64).contiguous();
    const double* src = gk.data_ptr<double>();
    for (int64_t i = 0; i < n; ++i) out[i] = -src[i];
  }
  return value;
}

double Potential::value(const double* z) const {
  NoGradGuard no_grad;
  return -log_density(leaves(z, false)).item<double>();
}

PotentialFn Potential::fn() const {
  return [this](const double* z, double* grad) { return value_and_grad(z, grad); };
}

std::vector<double> Potential::unconstrain(const std::map<std::string, Tensor>& values) const {
  NoGradGuard no_grad;
  std::vector<double> z(static_cast<size_t>(dim_));
  for (size_t k = 0; k < sites_.size(); ++k) {
    const LatentSite& s = sites_[k];
    auto it = values.find(s.name);
    TYCHE_CHECK(it != values.end(), who_, "no value for latent site '", s.name, "'");
    TYCHE_CHECK(it->second.sizes().shape() == s.shape, who_, "latent site '", s.name, "' has shape ",
                IntList(s.shape), ", got a value of shape ", it->second.sizes());
    const Tensor u = s.transform.inverse(it->second).to(kFloat64).contiguous();
    std::memcpy(z.data() + offsets_[k], u.data_ptr<double>(), sizeof(double) * static_cast<size_t>(u.numel()));
  }
  return z;
}

std::vector<double> Potential::initial_point(Generator& gen, int max_tries) const {
  TYCHE_CHECK(max_tries >= 1, who_, "max_tries must be at least 1, got ", max_tries);
  std::vector<double> grad(static_cast<size_t>(dim_));
  std::string reason;
  for (int attempt = 0; attempt < max_tries; ++attempt) {
    try {
      const Trace tr = trace_with_init(model_, init_, gen);
      std::map<std::string, Tensor> values;
      for (const LatentSite& s : sites_) values[s.name] = tr.at(s.name).value;
      std::vector<double> z = unconstrain(values);
      if (!all_finite(z.data(), dim_)) {
        reason = "the initial values map to non-finite unconstrained values";
        continue;
      }
      const double u = value_and_grad(z.data(), grad.data());
      if (std::isfinite(u) && all_finite(grad.data(), dim_)) return z;
      reason = std::isfinite(u) ? "the gradient of the potential is not finite"
                                : "the log density is " + std::to_string(-u);
    } catch (const Error& e) {
      reason = e.what();
    }
  }
  throw Error(who_ + ": no initial point with a finite log density and gradient after " + std::to_string(max_tries) +
              " tries; last reason: " + reason);
}

std::map<std::string, Tensor> Potential::constrain(const double* z, bool with_deterministic) const {
  NoGradGuard no_grad;
  const std::vector<Tensor> u = leaves(z, false);
  std::map<std::string, Tensor> out;
  std::vector<Tensor> x;
  for (size_t k = 0; k < sites_.size(); ++k) {
    x.push_back(sites_[k].transform(u[k]));
    out[sites_[k].name] = x.back();
  }
  if (with_deterministic && !deterministic_.empty()) {
    std::map<std::string, Tensor> det;
    handlers::BlockMessenger block;
    LogDensityMessenger density(sites_, x, who_, &det);
    HandlerScope s1(block), s2(density);
    model_();
    for (auto& [name, value] : det) out[name] = value;
  }
  return out;
}

}  // namespace tyche::infer
