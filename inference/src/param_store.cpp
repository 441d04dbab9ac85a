#include "tyche/inference/param_store.h"

#include "tyche/autograd.h"

namespace tyche {

namespace {
// A fresh leaf holding the unconstrained image of value (no history).
Tensor unconstrained_leaf(const dist::Transform& t, const Tensor& value, const std::string& name,
                          const dist::Constraint& c) {
  NoGradGuard no_grad;
  TYCHE_CHECK(value.defined(), "param '" + name + "'", "initial value is undefined");
  TYCHE_CHECK(is_floating(value.dtype()), "param '" + name + "'", "expected a floating value, got ",
              dtype_name(value.dtype()));
  Tensor ok = c.check(value);
  TYCHE_CHECK(all(ok).item<bool>(), "param '" + name + "'", "initial value is outside the constraint ",
              c.to_string());
  Tensor u = t.inverse(value.detach()).contiguous().clone();
  u.requires_grad_();
  return u;
}
}  // namespace

Tensor ParamStore::get_or_create(const std::string& name, const std::function<Tensor()>& init,
                                 const dist::Constraint& constraint) {
  auto it = params_.find(name);
  if (it == params_.end()) {
    set(name, init(), constraint);
    it = params_.find(name);
  }
  return it->second.transform(it->second.unconstrained);
}

void ParamStore::set(const std::string& name, const Tensor& value, const dist::Constraint& constraint) {
  dist::Transform t = dist::biject_to(constraint);
  Tensor u = unconstrained_leaf(t, value, name, constraint);
  params_.insert_or_assign(name, Entry{u, constraint, t});
}

const ParamStore::Entry& ParamStore::entry(const std::string& name) const {
  auto it = params_.find(name);
  TYCHE_CHECK(it != params_.end(), "ParamStore", "no parameter named '", name, "'");
  return it->second;
}

Tensor ParamStore::get(const std::string& name) const {
  const Entry& e = entry(name);
  return e.transform(e.unconstrained);
}
const Tensor& ParamStore::unconstrained(const std::string& name) const { return entry(name).unconstrained; }
const dist::Constraint& ParamStore::constraint(const std::string& name) const { return entry(name).constraint; }

std::vector<std::string> ParamStore::names() const {
  std::vector<std::string> out;
  for (const auto& [name, e] : params_) out.push_back(name);
  return out;
}

std::vector<Tensor> ParamStore::parameters() const {
  std::vector<Tensor> out;
  for (const auto& [name, e] : params_) out.push_back(e.unconstrained);
  return out;
}

ParamStore& get_param_store() {
  static ParamStore store;
  return store;
}

}  // namespace tyche
