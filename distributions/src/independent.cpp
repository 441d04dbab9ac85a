#include "tyche/distributions/independent.h"

#include "param_util.h"

namespace tyche::dist {

Independent::Independent(const Distribution& base, int n) : Independent(base.clone(), n) {}

Independent::Independent(std::shared_ptr<const Distribution> base, int n)
    : Cloneable({}, {}), base_(std::move(base)), n_(n) {
  const Shape& b = base_->batch_shape();
  TYCHE_CHECK(n >= 0 && n <= static_cast<int>(b.size()), "Independent(" + base_->name() + ")",
              "cannot reinterpret ", n, " batch dims of batch_shape ", IntList(b));
  batch_shape_ = Shape(b.begin(), b.end() - n);
  event_shape_ = Shape(b.end() - n, b.end());
  for (int64_t d : base_->event_shape()) event_shape_.push_back(d);
}

Constraint Independent::support() const { return constraints::independent(base_->support(), n_); }

Tensor Independent::entropy() const {
  return detail::sum_rightmost(base_->entropy(), n_);
}

Tensor Independent::sample_impl(Generator& gen, IntList sample_shape) const {
  return base_->sample(gen, sample_shape);
}
Tensor Independent::rsample_impl(Generator& gen, IntList sample_shape) const {
  return base_->rsample(gen, sample_shape);
}

Tensor Independent::log_prob_impl(const Tensor& value) const {
  return detail::sum_rightmost(base_->log_prob(value), n_);
}

}  // namespace tyche::dist
