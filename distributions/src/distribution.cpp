#include "tyche/distributions/distribution.h"

#include <algorithm>
#include <atomic>
#include <sstream>

#include "tyche/autograd.h"

namespace tyche::dist {

namespace {
std::atomic<bool> g_validate{true};

// The first false element of ok (bool), as a flat index.
int64_t first_false(const Tensor& ok) {
  Tensor flat = ok.contiguous().reshape({-1});
  const bool* p = flat.data_ptr<bool>();
  for (int64_t i = 0; i < flat.numel(); ++i)
    if (!p[i]) return i;
  return -1;
}

// Element i (flat) of value, or its event i when event_dim > 0, as text; i
// indexes ok, the check's result, which may broadcast value against tensor
// bounds (Uniform, Pareto), so value is expanded to ok's shape first.
std::string describe(const Tensor& value, const Tensor& ok, int64_t i, int event_dim) {
  std::ostringstream os;
  Shape full = ok.sizes().shape();
  for (int64_t k = value.dim() - event_dim; k < value.dim(); ++k) full.push_back(value.size(k));
  Tensor flat = value.detach().expand(full).contiguous();
  if (event_dim == 0) {
    os << flat.reshape({-1}).select(0, i).to(kFloat64).item<double>() << " (element " << i << ")";
    return os.str();
  }
  Shape rows{-1};
  for (int64_t k = flat.dim() - event_dim; k < flat.dim(); ++k) rows.push_back(flat.size(k));
  os << tyche::to_string(flat.reshape(rows).select(0, i)) << " (event " << i << ")";
  return os.str();
}
}  // namespace

void enable_validation(bool on) { g_validate.store(on, std::memory_order_relaxed); }
bool is_validation_enabled() { return g_validate.load(std::memory_order_relaxed); }

Arg::Arg(double v) : t_(scalar_tensor(v)) {}
Arg::Arg(int v) : t_(scalar_tensor(static_cast<double>(v))) {}

Shape Distribution::shape(IntList sample_shape) const {
  Shape s = sample_shape.shape();
  for (int64_t d : batch_shape_) s.push_back(d);
  for (int64_t d : event_shape_) s.push_back(d);
  return s;
}

Tensor Distribution::sample(Generator& gen, IntList sample_shape) const {
  NoGradGuard no_grad;
  return sample_impl(gen, sample_shape);
}
Tensor Distribution::sample(IntList sample_shape) const { return sample(default_generator(), sample_shape); }

Tensor Distribution::rsample(Generator& gen, IntList sample_shape) const {
  TYCHE_CHECK(has_rsample(), name(), "rsample: the distribution is not reparameterisable; use sample()");
  return rsample_impl(gen, sample_shape);
}
Tensor Distribution::rsample(IntList sample_shape) const { return rsample(default_generator(), sample_shape); }

Tensor Distribution::sample_impl(Generator& gen, IntList sample_shape) const {
  return rsample_impl(gen, sample_shape);  // sample() already runs with no grad
}
Tensor Distribution::rsample_impl(Generator&, IntList) const { not_implemented("rsample"); }

Tensor Distribution::log_prob(const Tensor& value) const {
  validate_sample(value);
  return log_prob_impl(value);
}

Tensor Distribution::mean() const { not_implemented("mean"); }
Tensor Distribution::variance() const { not_implemented("variance"); }
Tensor Distribution::stddev() const { return sqrt(variance()); }
Tensor Distribution::entropy() const { not_implemented("entropy"); }

Tensor Distribution::cdf(const Tensor& value) const {
  validate_sample(value);
  return cdf_impl(value);
}
Tensor Distribution::icdf(const Tensor& p) const {
  if (is_validation_enabled()) {
    Tensor ok = constraints::unit_interval.check(p);
    if (!all(ok).item<bool>()) {
      int64_t i = first_false(ok);
      throw Error(name() + ": icdf expects probabilities in [0, 1], got " + describe(p, ok, i, 0));
    }
  }
  return icdf_impl(p);
}
Tensor Distribution::cdf_impl(const Tensor&) const { not_implemented("cdf"); }
Tensor Distribution::icdf_impl(const Tensor&) const { not_implemented("icdf"); }

ExpandedDistribution Distribution::expand(IntList batch_shape) const { return ExpandedDistribution(*this, batch_shape); }
Independent Distribution::to_event(int n) const { return Independent(*this, n); }

void Distribution::validate_param(const char* param, const Tensor& value, const Constraint& c) const {
  if (!is_validation_enabled() || c.check_all(value)) return;
  Tensor ok = c.check(value);
  int64_t i = first_false(ok);
  throw Error(name() + ": parameter " + param + " must be " + c.to_string() + ", got " +
              describe(value, ok, i, c.event_dim()));
}

namespace {
// Whether shapes a and b broadcast together (NumPy rules).
bool broadcastable(IntList a, IntList b) {
  for (size_t i = 1; i <= std::min(a.size(), b.size()); ++i) {
    const int64_t x = a[a.size() - i], y = b[b.size() - i];
    if (x != y && x != 1 && y != 1) return false;
  }
  return true;
}
}  // namespace

void Distribution::validate_sample(const Tensor& value) const {
  if (!is_validation_enabled()) return;
  TYCHE_CHECK(value.defined(), name(), "log_prob: value is undefined");
  const int64_t ev = static_cast<int64_t>(event_shape_.size());
  TYCHE_CHECK(value.dim() >= ev && IntList(value.sizes().end() - ev, ev) == IntList(event_shape_), name(),
              "value of shape ", value.sizes(), " does not end in the event shape ", IntList(event_shape_));
  IntList v_batch(value.sizes().begin(), value.dim() - ev);
  if (!broadcastable(v_batch, IntList(batch_shape_))) {  // the message is built only on failure
    std::string what = name() + ": value batch dims vs batch_shape";
    broadcast_shapes(v_batch, batch_shape_, what.c_str());
  }
  const Constraint s = support();
  if (s.check_all(value)) return;
  Tensor ok = s.check(value);
  int64_t i = first_false(ok);
  throw Error(name() + ": value " + describe(value, ok, i, s.event_dim()) + " is outside the support " + s.to_string());
}

void Distribution::not_implemented(const char* what) const {
  throw Error(name() + ": " + what + " is not implemented for this distribution");
}

}  // namespace tyche::dist
