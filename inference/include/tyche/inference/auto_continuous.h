#pragma once
// Guides over the joint unconstrained latent vector (Pyro's AutoContinuous):
// every latent site, mapped to R^n by biject_to and flattened, forms one
// vector of latent_dim() entries, drawn at the auxiliary site
// "_<prefix>_latent" from get_posterior(); each site's value is its slice
// mapped back, a Delta carrying -log|det J| so the guide's density stays
// exact. Subsampled local latent sites are not supported (use AutoNormal).
//
//   AutoDiagonalNormal              Normal(loc, scale), independent coordinates
//   AutoMultivariateNormal          MultivariateNormal(loc, scale_tril)
//   AutoLowRankMultivariateNormal   LowRankMultivariateNormal(loc, W, d): rank options().rank
//   AutoLaplaceApproximation        Delta(loc) (MAP in unconstrained space); then
//                                   laplace_approximation(args...) gives the
//                                   AutoMultivariateNormal with the inverse
//                                   Hessian of -log p at the MAP as covariance.
#include "tyche/inference/autoguide.h"

namespace tyche::infer {

class AutoContinuousCore : public AutoGuide {
 public:
  // Number of unconstrained latent coordinates (after setup).
  int64_t latent_dim() const;
  // The joint distribution of the unconstrained latent vector, event shape [latent_dim].
  virtual std::shared_ptr<const dist::Distribution> get_posterior() const = 0;

 protected:
  using AutoGuide::AutoGuide;
  void build() const override;
  std::map<std::string, Tensor> sample_latents(const Subsamples& subs) const override;
  std::map<std::string, std::pair<Tensor, Tensor>> loc_scale() const override;
  // The unconstrained location [latent_dim] and marginal standard deviations.
  virtual std::pair<Tensor, Tensor> joint_loc_scale() const = 0;
  // The initial loc: the init strategy's values, flattened.
  Tensor init_loc() const;
  // Site s's slice of a latent vector [..., latent_dim], shaped lead + s.u_shape.
  Tensor unpack(const LatentSite& s, const Tensor& latent) const;
};

class AutoDiagonalNormalCore : public AutoContinuousCore {
 public:
  explicit AutoDiagonalNormalCore(AutoGuideOptions o = {}) : AutoContinuousCore("AutoDiagonalNormal", std::move(o)) {}
  std::shared_ptr<const dist::Distribution> get_posterior() const override;
 protected:
  std::pair<Tensor, Tensor> joint_loc_scale() const override;
};

class AutoMultivariateNormalCore : public AutoContinuousCore {
 public:
  explicit AutoMultivariateNormalCore(AutoGuideOptions o = {})
      : AutoContinuousCore("AutoMultivariateNormal", std::move(o)) {}
  std::shared_ptr<const dist::Distribution> get_posterior() const override;
 protected:
  std::pair<Tensor, Tensor> joint_loc_scale() const override;
};

class AutoLowRankMultivariateNormalCore : public AutoContinuousCore {
 public:
  explicit AutoLowRankMultivariateNormalCore(AutoGuideOptions o = {})
      : AutoContinuousCore("AutoLowRankMultivariateNormal", std::move(o)) {}
  std::shared_ptr<const dist::Distribution> get_posterior() const override;
  int64_t rank() const;
 protected:
  std::pair<Tensor, Tensor> joint_loc_scale() const override;
};

class AutoLaplaceApproximationCore : public AutoContinuousCore {
 public:
  explicit AutoLaplaceApproximationCore(AutoGuideOptions o = {})
      : AutoContinuousCore("AutoLaplaceApproximation", std::move(o)) {}
  std::shared_ptr<const dist::Distribution> get_posterior() const override;   // Delta(loc)
  // The loc (the MAP once trained) and the Cholesky factor of the inverse
  // Hessian of -log p(x, z) there (unconstrained space); throws when the
  // Hessian is not positive definite.
  std::pair<Tensor, Tensor> laplace(const Program& model) const;
  // Makes mvn (set up on the same model) the Gaussian at the MAP with that covariance.
  void set_laplace(const AutoMultivariateNormalCore& mvn, const Program& model) const;
 protected:
  std::pair<Tensor, Tensor> joint_loc_scale() const override;  // scale 0
};

template <class Model> using AutoDiagonalNormal = AutoGuideOf<AutoDiagonalNormalCore, Model>;
template <class Model> using AutoMultivariateNormal = AutoGuideOf<AutoMultivariateNormalCore, Model>;
template <class Model> using AutoLowRankMultivariateNormal = AutoGuideOf<AutoLowRankMultivariateNormalCore, Model>;

template <class Model>
class AutoLaplaceApproximation : public AutoGuideOf<AutoLaplaceApproximationCore, Model> {
 public:
  using AutoGuideOf<AutoLaplaceApproximationCore, Model>::AutoGuideOf;
  // The Gaussian approximation at the current loc (train this guide first):
  // an AutoMultivariateNormal with prefix "<prefix>.laplace".
  template <class... A>
  AutoMultivariateNormal<Model> laplace_approximation(A&&... args) const {
    if (!this->initialized()) (*this)(args...);
    AutoGuideOptions o = this->options();
    o.prefix = this->prefix() + ".laplace";
    AutoMultivariateNormal<Model> mvn(this->model(), o);
    this->set_laplace(mvn, [&] { this->model()(args...); });
    return mvn;
  }
};
template <class Model> AutoLaplaceApproximation(Model) -> AutoLaplaceApproximation<Model>;
template <class Model> AutoLaplaceApproximation(Model, AutoGuideOptions) -> AutoLaplaceApproximation<Model>;

}  // namespace tyche::infer
