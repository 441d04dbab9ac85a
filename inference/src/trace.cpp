#include "tyche/inference/trace.h"

namespace tyche {

void Trace::add(Site site) {
  auto [it, fresh] = index_.emplace(site.name, sites_.size());
  TYCHE_CHECK(fresh, "trace", "duplicate site name '", site.name, "' in one run of the program");
  (void)it;
  sites_.push_back(std::move(site));
}

const Site& Trace::at(const std::string& name) const {
  auto it = index_.find(name);
  TYCHE_CHECK(it != index_.end(), "trace", "no site named '", name, "'");
  return sites_[it->second];
}

Tensor Trace::log_prob(const Site& site) {
  Tensor lp;
  if (site.type == SiteType::Sample) {
    lp = site.fn->log_prob(site.value);
    if (site.mask.defined()) lp = where(site.mask, lp, 0.0);
  } else if (site.type == SiteType::Factor) {
    lp = site.value;
  } else {
    throw Error("trace: site '" + site.name + "' is not a sample or factor site: it has no log-probability");
  }
  return site.scale == 1.0 ? lp : lp * site.scale;
}

Tensor Trace::log_prob_sum() const {
  Tensor total = scalar_tensor(0.0);
  for (const Site& s : sites_)
    if (s.type == SiteType::Sample || s.type == SiteType::Factor) total = total + log_prob(s).sum();
  return total;
}

}  // namespace tyche
