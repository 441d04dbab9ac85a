#include "tyche/distributions/improper_uniform.h"

namespace tyche::dist {

ImproperUniform::ImproperUniform(Constraint support, IntList batch_shape, IntList event_shape)
    : Cloneable(batch_shape.shape(), event_shape.shape()), support_(std::move(support)) {
  TYCHE_CHECK(static_cast<int>(event_shape.size()) >= support_.event_dim(), "ImproperUniform",
              "event_shape ", event_shape, " has fewer dims than the support ", support_.to_string(), " needs (",
              support_.event_dim(), ")");
}

Tensor ImproperUniform::sample_impl(Generator&, IntList) const {
  throw Error("ImproperUniform: cannot sample from an improper distribution (support " + support_.to_string() +
              "); supply its value (a guide, MCMC or condition)");
}

Tensor ImproperUniform::log_prob_impl(const Tensor& value) const {
  const int64_t ne = static_cast<int64_t>(event_shape_.size());
  IntList vb(value.sizes().begin(), static_cast<size_t>(std::max<int64_t>(value.dim() - ne, 0)));
  DType t = is_floating(value.dtype()) ? value.dtype() : default_dtype();
  return zeros(broadcast_shapes(vb, batch_shape_, "ImproperUniform.log_prob"), t);
}

}  // namespace tyche::dist
