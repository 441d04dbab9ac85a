#pragma once
// ExpandedDistribution: base with its batch_shape broadcast to a larger one
// (NumPy rules: new dims on the left, size-1 dims stretched). Draws are
// independent across the new and stretched dims; log_prob broadcasts base's.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class ExpandedDistribution : public Cloneable<ExpandedDistribution> {
 public:
  ExpandedDistribution(const Distribution& base, IntList batch_shape);
  ExpandedDistribution(std::shared_ptr<const Distribution> base, IntList batch_shape);
  std::string name() const override { return base_->name(); }
  Constraint support() const override { return base_->support(); }
  bool has_rsample() const override { return base_->has_rsample(); }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Distribution& base() const { return *base_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;
  Tensor cdf_impl(const Tensor& value) const override;
  Tensor icdf_impl(const Tensor& p) const override;

 private:
  // Draws base with extra dims and moves them into place.
  Tensor draw(Generator& gen, IntList sample_shape, bool reparameterized) const;
  Tensor expand_to_batch(const Tensor& t, size_t trailing) const;
  std::shared_ptr<const Distribution> base_;
};

}  // namespace tyche::dist
