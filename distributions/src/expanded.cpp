#include "tyche/distributions/expanded.h"

#include <vector>

namespace tyche::dist {

namespace {
// The innermost base of a chain of expansions.
std::shared_ptr<const Distribution> unwrap(std::shared_ptr<const Distribution> d) {
  while (auto e = dynamic_cast<const ExpandedDistribution*>(d.get())) d = e->base().clone();
  return d;
}
}  // namespace

ExpandedDistribution::ExpandedDistribution(const Distribution& base, IntList batch_shape)
    : ExpandedDistribution(base.clone(), batch_shape) {}

ExpandedDistribution::ExpandedDistribution(std::shared_ptr<const Distribution> base, IntList batch_shape)
    : Cloneable({}, {}), base_(unwrap(std::move(base))) {
  const Shape& b = base_->batch_shape();
  const size_t m = batch_shape.size();
  bool ok = m >= b.size();
  for (size_t j = 0; ok && j < b.size(); ++j) {
    int64_t nb = batch_shape[m - b.size() + j];
    ok = nb >= 0 && (b[j] == nb || b[j] == 1);
  }
  TYCHE_CHECK(ok, base_->name(), "expand: batch_shape ", IntList(b), " cannot be expanded to ", batch_shape);
  batch_shape_ = batch_shape.shape();
  event_shape_ = base_->event_shape();
}

Tensor ExpandedDistribution::expand_to_batch(const Tensor& t, size_t trailing) const {
  Shape target = batch_shape_;
  for (size_t k = 0; k < trailing; ++k) target.push_back(t.size(t.dim() - trailing + k));
  return t.expand(target);
}

Tensor ExpandedDistribution::mean() const { return expand_to_batch(base_->mean(), event_shape_.size()); }
Tensor ExpandedDistribution::variance() const { return expand_to_batch(base_->variance(), event_shape_.size()); }
Tensor ExpandedDistribution::entropy() const { return expand_to_batch(base_->entropy(), 0); }

// Base's draw of shape sample + L + I + B + E, where L are the new leading
// dims and I the sizes of the dims that base has as 1 and the expansion
// stretches; the I dims are then permuted into those positions.
Tensor ExpandedDistribution::draw(Generator& gen, IntList sample_shape, bool reparameterized) const {
  const Shape& b = base_->batch_shape();
  const int64_t s = sample_shape.size(), m = batch_shape_.size(), nb = b.size(), ne = event_shape_.size();
  const int64_t l = m - nb;
  Shape draw_shape = sample_shape.shape();
  for (int64_t k = 0; k < l; ++k) draw_shape.push_back(batch_shape_[k]);
  std::vector<int64_t> stretched;
  for (int64_t j = 0; j < nb; ++j)
    if (b[j] == 1 && batch_shape_[l + j] != 1) {
      stretched.push_back(j);
      draw_shape.push_back(batch_shape_[l + j]);
    }
  Tensor x = reparameterized ? base_->rsample(gen, draw_shape) : base_->sample(gen, draw_shape);
  if (stretched.empty()) return x;
  const int64_t ni = stretched.size(), b0 = s + l + ni;  // first base batch dim of x
  Shape perm;
  for (int64_t k = 0; k < s + l; ++k) perm.push_back(k);
  for (int64_t j = 0, k = 0; j < nb; ++j) {
    bool is_stretched = k < ni && stretched[k] == j;
    perm.push_back(is_stretched ? s + l + k++ : b0 + j);
  }
  for (int64_t j : stretched) perm.push_back(b0 + j);  // the size-1 dims, dropped by the reshape
  for (int64_t k = 0; k < ne; ++k) perm.push_back(b0 + nb + k);
  return x.permute(perm).reshape(shape(sample_shape));
}

Tensor ExpandedDistribution::sample_impl(Generator& gen, IntList sample_shape) const {
  return draw(gen, sample_shape, false);
}
Tensor ExpandedDistribution::rsample_impl(Generator& gen, IntList sample_shape) const {
  return draw(gen, sample_shape, true);
}

Tensor ExpandedDistribution::log_prob_impl(const Tensor& value) const {
  Tensor lp = base_->log_prob(value);
  return lp.expand(broadcast_shapes(lp.sizes(), batch_shape_, "ExpandedDistribution.log_prob"));
}
Tensor ExpandedDistribution::cdf_impl(const Tensor& value) const {
  Tensor c = base_->cdf(value);
  return c.expand(broadcast_shapes(c.sizes(), batch_shape_, "ExpandedDistribution.cdf"));
}
Tensor ExpandedDistribution::icdf_impl(const Tensor& p) const {
  Tensor c = base_->icdf(p);
  return c.expand(broadcast_shapes(c.sizes(), batch_shape_, "ExpandedDistribution.icdf"));
}

}  // namespace tyche::dist
