#include "tyche/distributions/transformed.h"

#include <algorithm>

#include "param_util.h"
#include "tyche/distributions/independent.h"

namespace tyche::dist {

namespace {
int domain_event_dim(const std::vector<Transform>& ts) {
  // The first transform's domain, raised by any later transform that needs
  // more event dims than the earlier ones produce (torch's rule).
  int dim = 0;
  for (size_t k = ts.size(); k-- > 0;) {
    const Transform& t = ts[k];
    dim = std::max(t.domain().event_dim(), dim - t.codomain().event_dim() + t.domain().event_dim());
  }
  return dim;
}
}  // namespace

TransformedDistribution::TransformedDistribution(const Distribution& base, Transform transform)
    : TransformedDistribution(base, std::vector<Transform>{std::move(transform)}) {}

TransformedDistribution::TransformedDistribution(const Distribution& base, std::vector<Transform> transforms)
    : Cloneable({}, {}), base_(base.clone()), transforms_(std::move(transforms)) {
  Shape shape = base.shape();
  const int base_event = static_cast<int>(base.event_shape().size());
  const int dom = domain_event_dim(transforms_);
  TYCHE_CHECK(static_cast<int>(shape.size()) >= dom, name(), "the transforms need ", dom,
              " event dims, base has shape ", IntList(shape));
  if (dom > base_event) base_ = std::make_shared<const Independent>(base_, dom - base_event);
  // Event dims of y: grow through each transform as in domain_event_dim.
  int ev = std::max(base_event, dom);
  for (const Transform& t : transforms_) {
    ev = ev - t.domain().event_dim() + t.codomain().event_dim();
    shape = t.forward_shape(shape);
  }
  event_dim_ = ev;
  const size_t cut = shape.size() - ev;
  batch_shape_ = Shape(shape.begin(), shape.begin() + cut);
  event_shape_ = Shape(shape.begin() + cut, shape.end());
}

Constraint TransformedDistribution::support() const {
  if (transforms_.empty()) return base_->support();
  Constraint c = transforms_.back().codomain();
  return constraints::independent(c, event_dim_ - c.event_dim());
}

Tensor TransformedDistribution::apply(Tensor x) const {
  std::vector<Tensor> chain{x};
  for (const Transform& t : transforms_) chain.push_back(x = t(x));
  std::lock_guard<std::mutex> lock(cache_->mutex);
  cache_->chain = std::move(chain);
  return x;
}

Tensor TransformedDistribution::sample_impl(Generator& gen, IntList sample_shape) const {
  return apply(base_->sample(gen, sample_shape));
}
Tensor TransformedDistribution::rsample_impl(Generator& gen, IntList sample_shape) const {
  return apply(base_->rsample(gen, sample_shape));
}

// Walks back from y: each transform's log-det is summed over the event dims of
// y that its codomain does not cover, then base's log_prob over the rest.
Tensor TransformedDistribution::log_prob_impl(const Tensor& value) const {
  std::vector<Tensor> chain;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (!cache_->chain.empty() && cache_->chain.back().impl() == value.impl())
      chain = cache_->chain;
  }
  Tensor y = value, lp;
  int ev = event_dim_;
  for (size_t k = transforms_.size(); k-- > 0;) {
    const Transform& t = transforms_[k];
    Tensor x = chain.empty() ? t.inverse(y) : chain[k];
    Tensor ladj = detail::sum_rightmost(t.log_abs_det_jacobian(x, y), ev - t.codomain().event_dim());
    lp = lp.defined() ? lp - ladj : -ladj;
    ev = ev - t.codomain().event_dim() + t.domain().event_dim();
    y = x;
  }
  Tensor base_lp = detail::sum_rightmost(base_->log_prob(y), ev - static_cast<int>(base_->event_shape().size()));
  return lp.defined() ? base_lp + lp : base_lp;
}

}  // namespace tyche::dist
