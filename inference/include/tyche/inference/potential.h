#pragma once
// The potential energy of a model over its latent sites in unconstrained
// space, as HMC and NUTS see it:
//   U(z) = -[ sum of every sample and factor site's scaled log-probability
//             at x = T(z) ] - log|det dT/dz|,
// with T = biject_to(support) per latent site and z all latent sites'
// unconstrained values flattened into one float64 vector (site by site, in
// the order the model samples them, each site row-major).
//
//   infer::Potential U([&] { model(X, y); });
//   std::vector<double> z = U.initial_point(gen), g(U.dim());
//   double u = U.value_and_grad(z.data(), g.data());
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tyche/generator.h"
#include "tyche/inference/elbo.h"
#include "tyche/inference/init_strategy.h"
#include "tyche/inference/latent_site.h"

namespace tyche::infer {

// U(z) and its gradient: writes dU/dz into grad (both of length dim) and
// returns U; throws tyche::Error where the model rejects z.
using PotentialFn = std::function<double(const double* z, double* grad)>;

class Potential {
 public:
  // Traces model once (hidden from outer handlers) to find the latent sites;
  // throws naming the site for discrete latent sites or subsampled plates.
  // init chooses initial points (Stan's default: uniform in (-2, 2) unconstrained).
  explicit Potential(Program model, InitStrategy init = init_to_uniform(), std::string who = "MCMC");

  int64_t dim() const { return dim_; }
  const std::vector<LatentSite>& sites() const { return sites_; }
  // Offset of each site's values in z (parallel to sites()).
  const std::vector<int64_t>& offsets() const { return offsets_; }
  // The model's deterministic sites (name, shape) in execution order.
  const std::vector<std::pair<std::string, Shape>>& deterministic_sites() const { return deterministic_; }

  // U(z) and dU/dz (grad: dim() doubles). Safe to call from several threads at once.
  double value_and_grad(const double* z, double* grad) const;
  // U(z) without gradients.
  double value(const double* z) const;
  // As a PotentialFn (this Potential must outlive it).
  PotentialFn fn() const;

  // A point where U and its gradient are finite: the init strategy's values
  // under gen (retried up to max_tries times); throws with the last reason.
  std::vector<double> initial_point(Generator& gen, int max_tries = 100) const;
  // z of constrained values per latent site (e.g. init_to_value's).
  std::vector<double> unconstrain(const std::map<std::string, Tensor>& values) const;
  // Constrained values per latent site at z, and per deterministic site when
  // with_deterministic (one run of the model); no gradients.
  std::map<std::string, Tensor> constrain(const double* z, bool with_deterministic = false) const;

 private:
  // -U at z: per-site leaves u (requires_grad when grad is wanted).
  Tensor log_density(const std::vector<Tensor>& u) const;
  std::vector<Tensor> leaves(const double* z, bool requires_grad) const;

  Program model_;
  InitStrategy init_;
  std::string who_;
  std::vector<LatentSite> sites_;
  std::vector<int64_t> offsets_;
  std::vector<std::pair<std::string, Shape>> deterministic_;
  int64_t dim_ = 0;
};

}  // namespace tyche::infer
