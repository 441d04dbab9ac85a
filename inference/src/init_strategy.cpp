#include "tyche/inference/init_strategy.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "tyche/autograd.h"
#include "tyche/distributions/transforms.h"

namespace tyche::infer {

namespace {
Generator& generator_of(const Site& site) { return site.gen ? *site.gen : default_generator(); }

// Element-wise median over dim 0 of draws [n, ...] (the lower middle for even n, as torch).
Tensor median_over_draws(const Tensor& draws) {
  const int64_t n = draws.size(0);
  const int64_t m = draws.numel() / n;
  Tensor flat = draws.to(kFloat64).contiguous();
  const double* d = flat.data_ptr<double>();
  Shape shape(draws.sizes().begin() + 1, draws.sizes().end());
  Tensor out = empty(shape, kFloat64);
  double* o = out.data_ptr<double>();
  std::vector<double> column(static_cast<size_t>(n));
  for (int64_t j = 0; j < m; ++j) {
    for (int64_t i = 0; i < n; ++i) column[static_cast<size_t>(i)] = d[i * m + j];
    auto mid = column.begin() + (n - 1) / 2;
    std::nth_element(column.begin(), mid, column.end());
    o[j] = *mid;
  }
  return out.to(draws.dtype());
}

bool all_finite(const Tensor& t) { return isfinite(t).all().item<bool>(); }

bool in_support(const Site& site, const Tensor& v) { return site.fn->support().check(v).all().item<bool>(); }

// The float dtype of the site's draws (Distribution does not expose one).
DType dtype_of(const Site& site) {
  try {
    return site.fn->mean().dtype();
  } catch (const Error&) {
  }
  try {
    return site.fn->sample(generator_of(site)).dtype();
  } catch (const Error&) {
  }
  return default_dtype();
}
}  // namespace

InitStrategy init_to_feasible() {
  return [](const Site& site) {
    NoGradGuard no_grad;
    dist::Transform t = dist::biject_to(site.fn->support());
    const Shape& shape = site.fn->shape();
    return t(zeros(t.inverse_shape(IntList(shape)), dtype_of(site)));
  };
}

InitStrategy init_to_median(int64_t num_samples) {
  TYCHE_CHECK(num_samples > 0, "init_to_median", "num_samples must be positive, got ", num_samples);
  InitStrategy feasible = init_to_feasible();
  return [num_samples, feasible](const Site& site) {
    NoGradGuard no_grad;
    try {
      Tensor med = median_over_draws(site.fn->sample(generator_of(site), {num_samples}));
      // The element-wise median can leave a support that is not a product of
      // intervals (the simplex: it need not sum to 1); map it back through
      // biject_to (for the simplex, this normalises it).
      if (all_finite(med) && !in_support(site, med)) {
        dist::Transform t = dist::biject_to(site.fn->support());
        med = t(t.inverse(med));
      }
      if (all_finite(med) && in_support(site, med)) return med;
    } catch (const Error&) {  // e.g. ImproperUniform has no sampler
    }
    return feasible(site);
  };
}

InitStrategy init_to_mean() {
  InitStrategy median = init_to_median();
  return [median](const Site& site) {
    NoGradGuard no_grad;
    try {
      Tensor mean = site.fn->mean().expand(IntList(site.fn->shape()));
      if (all_finite(mean)) return mean.contiguous();
    } catch (const Error&) {  // no closed-form mean
    }
    return median(site);
  };
}

InitStrategy init_to_sample() {
  return [](const Site& site) {
    NoGradGuard no_grad;
    return site.fn->sample(generator_of(site));
  };
}

InitStrategy init_to_uniform(double radius) {
  TYCHE_CHECK(radius > 0, "init_to_uniform", "radius must be positive, got ", radius);
  return [radius](const Site& site) {
    NoGradGuard no_grad;
    dist::Transform t = dist::biject_to(site.fn->support());
    Shape u_shape = t.inverse_shape(IntList(site.fn->shape()));
    return t(uniform(IntList(u_shape), -radius, radius, generator_of(site), dtype_of(site)));
  };
}

InitStrategy init_to_value(std::map<std::string, Tensor> values, InitStrategy fallback) {
  return [values = std::move(values), fallback = std::move(fallback)](const Site& site) {
    auto it = values.find(site.name);
    if (it == values.end()) return fallback(site);
    const Shape& want = site.fn->shape();
    TYCHE_CHECK(IntList(it->second.sizes()) == IntList(want), "init_to_value", "site '", site.name,
                "' has shape ", IntList(want), ", the given value has shape ", IntList(it->second.sizes()));
    return it->second;
  };
}

void InitMessenger::process(Message& msg) {
  if (msg.type != SiteType::Sample || msg.done || msg.is_observed) return;
  // Discrete sites keep their ordinary draw (NumPyro's strategies skip them):
  // they have no unconstrained space to initialise in, and the caller
  // (Potential, the autoguides) rejects them with a message naming the site.
  if (msg.fn && msg.fn->is_discrete()) return;
  msg.value = strategy_(msg);
  msg.done = true;
}

}  // namespace tyche::infer
