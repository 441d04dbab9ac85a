#include "tyche/inference/autoguide.h"

#include <set>

#include "tyche/autograd.h"
#include "tyche/distributions/normal.h"
#include "tyche/distributions/transforms.h"
#include "tyche/inference/handlers.h"
#include "tyche/inference/primitives.h"

namespace tyche::infer {

namespace {
// Sample sites inside take the given plate frames (a re-entered plate).
class PlateFrames : public Messenger {
 public:
  explicit PlateFrames(const std::vector<PlateFrame>& frames) : frames_(frames) {}
  void process(Message& msg) override {
    for (const PlateFrame& f : frames_) detail::apply_plate_frame(msg, f);
  }
 private:
  const std::vector<PlateFrame>& frames_;
};

void check_continuous(const Site& s, const std::string& guide) {
  TYCHE_CHECK(!s.fn->is_discrete(), guide, "latent site '", s.name, "' has the discrete distribution ",
              s.fn->name(), "; autoguides need continuous latent sites (write the guide by hand: TraceELBO ",
              "then uses the score-function estimator)");
}

Tensor standard_normal_quantile(double q, DType dtype) {
  TYCHE_CHECK(q > 0 && q < 1, "quantiles", "each quantile must lie in (0, 1), got ", q);
  return dist::Normal(0.0, 1.0).icdf(scalar_tensor(q)).to(dtype);
}
}  // namespace

AutoGuide::AutoGuide(std::string name, AutoGuideOptions options) : state_(std::make_shared<State>()) {
  state_->name = std::move(name);
  state_->options = std::move(options);
  if (state_->options.prefix.empty()) state_->options.prefix = state_->name;
  TYCHE_CHECK(state_->options.init_scale > 0, state_->name, "init_scale must be positive, got ",
              state_->options.init_scale);
  TYCHE_CHECK(static_cast<bool>(state_->options.init_loc_fn), state_->name, "init_loc_fn is empty");
}

const std::vector<LatentSite>& AutoGuide::latent_sites() const {
  TYCHE_CHECK(state_->ready, name(), "the guide has not been set up: call it (or SVI::step) once first");
  return state_->sites;
}

void AutoGuide::setup(const Program& model) const {
  Trace proto;
  {
    NoGradGuard no_grad;
    handlers::BlockMessenger block;  // no outer handler (an ELBO's trace, a plate) sees the model
    handlers::TraceMessenger tr;
    InitMessenger init(options().init_loc_fn);
    HandlerScope on_block(block), on_trace(tr), on_init(init);
    model();
    proto = tr.take();
  }
  std::vector<LatentSite> sites;
  for (const Site& s : proto.sites())
    if (s.type == SiteType::Sample && !s.is_observed) {
      check_continuous(s, name());
      sites.push_back(make_latent_site(s));
    }
  TYCHE_CHECK(!sites.empty(), name(), "the model has no latent sample sites");
  adopt(std::move(sites));
}

void AutoGuide::setup_from(const AutoGuide& other) const { adopt(other.latent_sites()); }

void AutoGuide::adopt(std::vector<LatentSite> sites) const {
  state_->sites = std::move(sites);
  state_->ready = true;  // build() reads latent_sites()
  try {
    build();
  } catch (...) {
    state_->ready = false;
    throw;
  }
}

std::map<std::string, Tensor> AutoGuide::call() const {
  // Each subsampled plate of a latent site draws its indices once per call, as
  // a subsample site the model then replays.
  Subsamples subs;
  for (const LatentSite& s : latent_sites())
    for (const PlateFrame& f : s.frames)
      if (f.subsample_size < f.size && !subs.count(f.name)) {
        Plate p(f.name, f.size, f.subsample_size, f.dim);
        subs[f.name] = p.indices();
      }
  return sample_latents(subs);
}

Tensor AutoGuide::in_plates(const LatentSite& site, const std::function<Tensor()>& fn) {
  if (site.frames.empty()) return fn();
  PlateFrames frames(site.frames);
  HandlerScope on(frames);
  return fn();
}

Tensor AutoGuide::subsample(const LatentSite& site, const Tensor& full, const Subsamples& subs) {
  Tensor out = full;
  for (const PlateFrame& f : site.frames) {
    auto it = subs.find(f.name);
    if (it != subs.end()) out = index_select(out, plate_dim_position(site, f), it->second);
  }
  return out;
}

std::map<std::string, Tensor> AutoGuide::median() const {
  NoGradGuard no_grad;
  std::map<std::string, Tensor> out;
  const auto ls = loc_scale();
  for (const LatentSite& s : latent_sites()) out[s.name] = s.transform(ls.at(s.name).first).detach();
  return out;
}

std::map<std::string, Tensor> AutoGuide::quantiles(const std::vector<double>& qs) const {
  NoGradGuard no_grad;
  TYCHE_CHECK(!qs.empty(), name(), "quantiles: no quantiles given");
  std::map<std::string, Tensor> out;
  const auto ls = loc_scale();
  for (const LatentSite& s : latent_sites()) {
    const auto& [loc, scale] = ls.at(s.name);
    std::vector<Tensor> per_q;
    for (double q : qs) per_q.push_back(s.transform(loc + scale * standard_normal_quantile(q, loc.dtype())));
    out[s.name] = stack(per_q).detach();
  }
  return out;
}

std::map<std::string, Tensor> AutoGuide::sample_posterior(Generator& gen, int64_t num_samples) const {
  TYCHE_CHECK(num_samples > 0, name(), "sample_posterior: num_samples must be positive, got ", num_samples);
  NoGradGuard no_grad;
  std::map<std::string, std::vector<Tensor>> draws;
  for (int64_t i = 0; i < num_samples; ++i) {
    handlers::GeneratorMessenger g(gen);
    handlers::BlockMessenger block;
    HandlerScope on_block(block), on_gen(g);
    for (auto& [site, value] : call()) draws[site].push_back(value);
  }
  std::map<std::string, Tensor> out;
  for (auto& [site, values] : draws) out[site] = stack(values);
  return out;
}

}  // namespace tyche::infer
