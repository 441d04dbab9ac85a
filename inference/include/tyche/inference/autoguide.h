#pragma once
// Automatic guides (Pyro's / NumPyro's autoguides). A guide is built from the
// model: on its first call it traces the model once (hidden from every outer
// handler, latent sites set by the init strategy) to find the latent sites,
// their supports, shapes and plates, then creates its parameters in the
// default ParamStore under "<prefix>.<...>". Each call samples every latent
// site in the model's plates, in constrained space (through biject_to of the
// site's support), and returns the values by site name.
//
//   auto guide = infer::AutoNormal(model, {.init_scale = 0.05});
//   guide(X, y);                     // or let SVI call it
//   auto med = guide.median();       // site -> constrained value
//   auto q = guide.quantiles({0.05, 0.5, 0.95});   // site -> [3, ...]
//
// Copies of a guide share its state (prototype, options); parameters live in
// the ParamStore, so two guides of one kind need distinct prefixes.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tyche/distributions/transform.h"
#include "tyche/inference/elbo.h"
#include "tyche/inference/init_strategy.h"
#include "tyche/inference/latent_site.h"

namespace tyche::infer {

struct AutoGuideOptions {
  InitStrategy init_loc_fn = init_to_median();  // where the guide starts
  double init_scale = 0.1;   // initial standard deviation in unconstrained space
  int64_t rank = 0;          // AutoLowRankMultivariateNormal's rank; 0: ceil(sqrt(latent dim))
  std::string prefix{};      // ParamStore names start with prefix + "."; default: the guide's name
};

// This call's subsample indices per subsampled plate name.
using Subsamples = std::map<std::string, Tensor>;

class AutoGuide {
 public:
  virtual ~AutoGuide() = default;
  const std::string& name() const { return state_->name; }
  const std::string& prefix() const { return state_->options.prefix; }
  const AutoGuideOptions& options() const { return state_->options; }
  bool initialized() const { return state_->ready; }
  // The model's latent sites; throws when the guide has not been called yet.
  const std::vector<LatentSite>& latent_sites() const;

  // Traces model (a program bound to its arguments) and creates the parameters.
  void setup(const Program& model) const;
  // Sets this guide up with other's latent sites (a guide of the same model).
  void setup_from(const AutoGuide& other) const;
  // Samples every latent site (sample primitives: handlers see them); returns site -> value.
  std::map<std::string, Tensor> call() const;

  // The posterior median per site (constrained; no gradients).
  std::map<std::string, Tensor> median() const;
  // Per site, the marginal quantiles qs (each in (0, 1)) in constrained space: [qs.size(), ...shape].
  // For Normal-family guides these are those of the unconstrained Normal mapped through the transform.
  std::map<std::string, Tensor> quantiles(const std::vector<double>& qs) const;
  // num_samples joint draws from the guide per site: [num_samples, ...shape] (constrained).
  std::map<std::string, Tensor> sample_posterior(Generator& gen, int64_t num_samples) const;

 protected:
  AutoGuide(std::string name, AutoGuideOptions options);
  // Creates the parameters from latent_sites() (once, after the prototype trace).
  virtual void build() const = 0;
  // Samples the latent sites for one call.
  virtual std::map<std::string, Tensor> sample_latents(const Subsamples& subs) const = 0;
  // Per site, the unconstrained location and marginal scale (shape u_shape).
  virtual std::map<std::string, std::pair<Tensor, Tensor>> loc_scale() const = 0;

  // Takes sites as the latent sites and creates the parameters (not set up if build throws).
  void adopt(std::vector<LatentSite> sites) const;
  // For the guides' own use: "<prefix>.<what>".
  std::string param_name(const std::string& what) const { return prefix() + "." + what; }
  // fn() run inside site's plates (re-entered: the subsample is drawn once per call).
  static Tensor in_plates(const LatentSite& site, const std::function<Tensor()>& fn);
  // A full-size parameter of site narrowed to this call's subsample.
  static Tensor subsample(const LatentSite& site, const Tensor& full, const Subsamples& subs);

  struct State {
    std::string name;
    AutoGuideOptions options;
    std::vector<LatentSite> sites;
    bool ready = false;
  };
  std::shared_ptr<State> state_;
};

// A guide kind (Core: one of the *Core classes) bound to a model of type Model.
template <class Core, class Model>
class AutoGuideOf : public Core {
 public:
  explicit AutoGuideOf(Model model, AutoGuideOptions options = {}) : Core(std::move(options)), model_(std::move(model)) {}
  // Runs the guide (setting it up from model(args...) on the first call).
  template <class... A>
  std::map<std::string, Tensor> operator()(A&&... args) const {
    if (!this->initialized()) this->setup([&] { model_(args...); });
    return this->call();
  }
  const Model& model() const { return model_; }

 private:
  Model model_;
};

}  // namespace tyche::infer
