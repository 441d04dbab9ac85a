#include "tyche/inference/predictive.h"

#include "tyche/autograd.h"
#include "tyche/inference/handlers.h"

namespace tyche::infer::detail {

namespace {
bool reported(const Site& s) {
  return (s.type == SiteType::Sample && !s.is_observed) || s.type == SiteType::Deterministic;
}

std::map<std::string, Tensor> stack_draws(std::map<std::string, std::vector<Tensor>>& runs) {
  std::map<std::string, Tensor> out;
  for (auto& [name, values] : runs) out[name] = stack(values);
  return out;
}
}  // namespace

std::map<std::string, Tensor> predictive_from_draws(Generator& gen, const Program& model,
                                                    const std::map<std::string, Tensor>& draws) {
  TYCHE_CHECK(!draws.empty(), "Predictive", "no posterior draws given");
  const int64_t n = draws.begin()->second.dim() > 0 ? draws.begin()->second.size(0) : 0;
  for (const auto& [name, d] : draws)
    TYCHE_CHECK(d.dim() > 0 && d.size(0) == n, "Predictive", "draws of site '", name, "' have shape ",
                d.sizes(), "; every site needs [num_samples = ", n, ", ...]");
  NoGradGuard no_grad;
  std::map<std::string, std::vector<Tensor>> runs;
  for (int64_t i = 0; i < n; ++i) {
    std::map<std::string, Tensor> one;
    for (const auto& [name, d] : draws) one[name] = d.select(0, i);
    handlers::TraceMessenger tr;
    handlers::SubstituteMessenger sub(std::move(one));
    handlers::GeneratorMessenger g(gen);
    {
      HandlerScope on_t(tr), on_s(sub), on_g(g);
      model();
    }
    for (const Site& s : tr.trace().sites())
      if (reported(s) && !draws.count(s.name)) runs[s.name].push_back(s.value);
  }
  return stack_draws(runs);
}

std::map<std::string, Tensor> predictive_from_guide(Generator& gen, const Program& model, const Program& guide,
                                                    int64_t num_samples) {
  TYCHE_CHECK(num_samples > 0, "Predictive", "num_samples must be positive, got ", num_samples);
  NoGradGuard no_grad;
  std::map<std::string, std::vector<Tensor>> runs;
  for (int64_t i = 0; i < num_samples; ++i) {
    handlers::GeneratorMessenger g(gen);
    HandlerScope on_g(g);
    handlers::TraceMessenger gt;
    {
      HandlerScope on(gt);
      guide();
    }
    handlers::TraceMessenger mt;
    handlers::ReplayMessenger rp(gt.take());
    {
      HandlerScope on_t(mt), on_r(rp);
      model();
    }
    for (const Site& s : mt.trace().sites())
      if (reported(s)) runs[s.name].push_back(s.value);
  }
  return stack_draws(runs);
}

}  // namespace tyche::infer::detail
