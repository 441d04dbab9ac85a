#include "tyche/distributions/masked.h"

namespace tyche::dist {

MaskedDistribution::MaskedDistribution(const Distribution& base, bool mask)
    : MaskedDistribution(base, scalar_tensor(mask)) {}

MaskedDistribution::MaskedDistribution(const Distribution& base, Tensor mask)
    : Cloneable({}, {}), base_(base.clone()), mask_(std::move(mask)) {
  TYCHE_CHECK(mask_.defined() && mask_.dtype() == kBool, "MaskedDistribution(" + base.name() + ")",
              "mask must be a bool tensor", mask_.defined() ? ", got " + std::string(dtype_name(mask_.dtype())) : "");
  std::string what = "MaskedDistribution(" + base.name() + "): mask vs batch_shape";
  batch_shape_ = broadcast_shapes(mask_.sizes(), base.batch_shape(), what.c_str());
  event_shape_ = base.event_shape();
  if (batch_shape_ != base.batch_shape()) base_ = base.expand(batch_shape_).clone();
}

Tensor MaskedDistribution::sample_impl(Generator& gen, IntList sample_shape) const {
  return base_->sample(gen, sample_shape);
}
Tensor MaskedDistribution::rsample_impl(Generator& gen, IntList sample_shape) const {
  return base_->rsample(gen, sample_shape);
}

Tensor MaskedDistribution::log_prob_impl(const Tensor& value) const {
  Tensor lp = base_->log_prob(value);
  return where(mask_, lp, 0.0);
}

}  // namespace tyche::dist
