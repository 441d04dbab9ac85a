#pragma once
// ParamStore: named learnable parameters (Pyro's param store). Each is kept
// as an unconstrained leaf tensor (requires_grad) with the constraint it was
// declared with; get() returns biject_to(constraint)(unconstrained), recorded
// by autograd, so optimizers step in unconstrained space while models see
// values on the constraint's support.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tyche/distributions/constraint.h"
#include "tyche/distributions/transforms.h"
#include "tyche/tensor.h"

namespace tyche {

class ParamStore {
 public:
  // The constrained value of name, created on first use from init() (a value
  // in the constraint's support); later calls ignore init and constraint.
  Tensor get_or_create(const std::string& name, const std::function<Tensor()>& init,
                       const dist::Constraint& constraint);
  // The constrained value of an existing parameter; throws naming it otherwise.
  Tensor get(const std::string& name) const;
  // Its unconstrained leaf (what an optimizer updates).
  const Tensor& unconstrained(const std::string& name) const;
  const dist::Constraint& constraint(const std::string& name) const;
  bool contains(const std::string& name) const { return params_.count(name) > 0; }
  // Sets name to a constrained value (creating or replacing it).
  void set(const std::string& name, const Tensor& value, const dist::Constraint& constraint = dist::constraints::real);
  std::vector<std::string> names() const;
  // The unconstrained leaves, in name order (to hand to an optimizer).
  std::vector<Tensor> parameters() const;
  void clear() { params_.clear(); }

  // Writes every parameter (unconstrained values as exact hexfloats, dtype,
  // shape, constraint) to path in a versioned text format ending in a
  // checksum. load() replaces the store's contents with the file's; a missing,
  // truncated or corrupt file (bad version, checksum or syntax) throws naming
  // path and leaves the store unchanged.
  void save(const std::string& path) const;
  void load(const std::string& path);

 private:
  struct Entry {
    Tensor unconstrained;
    dist::Constraint constraint;
    dist::Transform transform;
  };
  const Entry& entry(const std::string& name) const;
  std::map<std::string, Entry> params_;
};

// The process-wide store that param() uses by default (Pyro's get_param_store()).
ParamStore& get_param_store();

}  // namespace tyche
