#pragma once
// Trace: the sites of one run of a program, in execution order, by name
// (Pyro's poutine.Trace). Its log-probabilities respect each site's scale
// (plates' subsampling, the scale handler) and mask.
#include <string>
#include <unordered_map>
#include <vector>

#include "tyche/inference/message.h"

namespace tyche {

using Site = Message;

class Trace {
 public:
  // Appends site; throws naming it when a site of that name exists.
  void add(Site site);
  bool contains(const std::string& name) const { return index_.count(name) > 0; }
  // The site named name; throws naming it when absent.
  const Site& at(const std::string& name) const;
  const Site& operator[](const std::string& name) const { return at(name); }
  const std::vector<Site>& sites() const { return sites_; }
  size_t size() const { return sites_.size(); }

  // scale * log p(value) of a Sample site (masked entries 0), the scaled log
  // factor of a Factor site; shape: the site's batch shape.
  static Tensor log_prob(const Site& site);
  // The sum over all Sample and Factor sites (a 0-dim tensor, differentiable).
  Tensor log_prob_sum() const;

 private:
  std::vector<Site> sites_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace tyche
