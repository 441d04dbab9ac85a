#pragma once
// TransformedDistribution(base, transforms): the law of y = t_n(...t_1(x)) for
// x ~ base. log_prob(y) = base.log_prob(x) - sum_k log|det J_k|, inverting the
// transforms one by one. Shapes follow torch.distributions: the transforms'
// event dims may reinterpret base batch dims as event dims; the event shape of
// y comes from each transform's forward_shape. Reparameterised when base is.
// Like Pyro's transforms with_cache: log_prob of the tensor the last sample /
// rsample returned reuses the values it was computed from instead of
// inverting (exact, and keeps the pathwise graph); copies share that cache.
#include <memory>
#include <mutex>
#include <vector>

#include "tyche/distributions/distribution.h"
#include "tyche/distributions/transform.h"

namespace tyche::dist {

class TransformedDistribution : public Cloneable<TransformedDistribution> {
 public:
  TransformedDistribution(const Distribution& base, std::vector<Transform> transforms);
  TransformedDistribution(const Distribution& base, Transform transform);
  std::string name() const override { return "TransformedDistribution(" + base_->name() + ")"; }
  Constraint support() const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  const Distribution& base() const { return *base_; }
  const std::vector<Transform>& transforms() const { return transforms_; }

 protected:
  Tensor sample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor apply(Tensor x) const;
  // The draws x_0 (from base) ... x_n (= y) of the last sample / rsample.
  struct Cache {
    std::mutex mutex;
    std::vector<Tensor> chain;
  };
  std::shared_ptr<Cache> cache_ = std::make_shared<Cache>();
  std::shared_ptr<const Distribution> base_;
  std::vector<Transform> transforms_;
  int event_dim_ = 0;
};

}  // namespace tyche::dist
