#pragma once
// Stochastic primitives (Pyro's pyro.sample / deterministic / factor / plate).
// Outside any handler, sample draws from the distribution (rsample when it is
// reparameterised) or returns obs; inside handlers the site's Message goes
// through the stack (trace, condition, seed, ...).
#include <functional>
#include <optional>
#include <string>

#include "tyche/inference/messenger.h"

namespace tyche {

// A random variable named name with distribution d; observed (returns obs,
// scored by the ELBO / potential) when obs has a value.
Tensor sample(const std::string& name, const dist::Distribution& d, const std::optional<Tensor>& obs = std::nullopt);
// A learnable parameter from the default ParamStore, created from init (a
// value in constraint's support) on first use; optimised in unconstrained space.
Tensor param(const std::string& name, const Tensor& init,
             const dist::Constraint& constraint = dist::constraints::real);
Tensor param(const std::string& name, std::function<Tensor()> init,
             const dist::Constraint& constraint = dist::constraints::real);
// Records value under name (a deterministic function of other sites).
Tensor deterministic(const std::string& name, const Tensor& value);
// Adds log_factor (any shape; summed) to the model's log density.
void factor(const std::string& name, const Tensor& log_factor);

// plate(name, size, subsample_size, dim): an RAII scope in which sample sites
// are conditionally independent along batch dim `dim` (negative; automatic:
// the rightmost dim no enclosing plate uses). Distributions at sites inside
// are expanded to the plate's (subsample) size at that dim, and with
// subsampling their log-probabilities are scaled by size / subsample_size.
//   { auto data = plate("data", N, 100); Tensor idx = data.indices(); ... }
class Plate : public Messenger {
 public:
  Plate(std::string name, int64_t size, std::optional<int64_t> subsample_size = std::nullopt,
        std::optional<int64_t> dim = std::nullopt);
  Plate(const Plate&) = delete;
  Plate& operator=(const Plate&) = delete;

  const std::string& name() const { return frame_.name; }
  int64_t size() const { return frame_.size; }
  int64_t subsample_size() const { return frame_.subsample_size; }
  int64_t dim() const { return frame_.dim; }
  // The subsample's indices into [0, size) (int64 [subsample_size]; arange when not subsampled).
  const Tensor& indices() const { return indices_; }

  void process(Message& msg) override;

 private:
  PlateFrame frame_;
  Tensor indices_;
  std::optional<HandlerScope> scope_;  // last: pushed once the plate is set up
};

namespace detail {
// What a plate does to a sample site inside it: records the frame, expands the
// distribution to the plate's (subsample) size at frame.dim, scales for subsampling.
void apply_plate_frame(Message& msg, const PlateFrame& frame);
}  // namespace detail

// plate(...) returns the scope by value (guaranteed elision): auto p = plate("data", N);
inline Plate plate(std::string name, int64_t size, std::optional<int64_t> subsample_size = std::nullopt,
                   std::optional<int64_t> dim = std::nullopt) {
  return Plate(std::move(name), size, subsample_size, dim);
}

}  // namespace tyche
