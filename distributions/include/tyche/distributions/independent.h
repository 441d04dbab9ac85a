#pragma once
// Independent(base, n): base with its rightmost n batch dims reinterpreted as
// event dims. batch_shape = base.batch_shape[:-n], event_shape =
// base.batch_shape[-n:] + base.event_shape; log_prob sums base's over those dims.
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class Independent : public Cloneable<Independent> {
 public:
  Independent(const Distribution& base, int reinterpreted_batch_ndims);
  Independent(std::shared_ptr<const Distribution> base, int reinterpreted_batch_ndims);
  std::string name() const override { return "Independent(" + base_->name() + ")"; }
  Constraint support() const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  Tensor mean() const override { return base_->mean(); }
  Tensor variance() const override { return base_->variance(); }
  Tensor entropy() const override;
  const Distribution& base() const { return *base_; }
  int reinterpreted_batch_ndims() const { return n_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  std::shared_ptr<const Distribution> base_;
  int n_;
};

}  // namespace tyche::dist
