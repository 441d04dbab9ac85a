#pragma once
// MaskedDistribution(base, mask): log_prob is base's where mask is true and 0
// where it is false (Pyro's d.mask(mask)); mask (bool) broadcasts against
// base's batch_shape, and the batch shape is their broadcast. Draws are base's.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class MaskedDistribution : public Cloneable<MaskedDistribution> {
 public:
  MaskedDistribution(const Distribution& base, Tensor mask);
  MaskedDistribution(const Distribution& base, bool mask);
  std::string name() const override { return base_->name(); }
  Constraint support() const override { return base_->support(); }
  bool has_rsample() const override { return base_->has_rsample(); }
  Tensor mean() const override { return base_->mean(); }
  Tensor variance() const override { return base_->variance(); }
  const Distribution& base() const { return *base_; }
  const Tensor& mask() const { return mask_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  std::shared_ptr<const Distribution> base_;
  Tensor mask_;
};

}  // namespace tyche::dist
