#include "tyche/distributions/multinomial.h"

#include <utility>

#include "categorical_of.h"
#include "probs_logits.h"

namespace tyche::dist {

void Multinomial::init() {
  TYCHE_CHECK(total_count_ >= 0, name(), "parameter total_count must be >= 0, got ", total_count_);
  batch_shape_ = categorical_.batch_shape();
  event_shape_ = {categorical_.num_categories()};
  // tyche::lgamma, not std::lgamma (which writes the global signgam).
  log_n_factorial_ = lgamma(scalar_tensor(static_cast<double>(total_count_) + 1.0)).item<double>();
}

Multinomial::Multinomial(int64_t total_count, Arg probs)
    : Cloneable({}, {}), total_count_(total_count), categorical_(detail::categorical_of("Multinomial", std::move(probs))) {
  init();
}

Multinomial::Multinomial(int64_t total_count, Logits logits)
    : Cloneable({}, {}), total_count_(total_count), categorical_(detail::categorical_of("Multinomial", std::move(logits))) {
  init();
}

Constraint Multinomial::support() const {
  return constraints::multinomial(scalar_tensor(static_cast<double>(total_count_)));
}

Tensor Multinomial::mean() const { return probs() * static_cast<double>(total_count_); }
Tensor Multinomial::variance() const { return probs() * (1.0 - probs()) * static_cast<double>(total_count_); }

// total_count Categorical draws per sample, counted per category by a scatter-add.
Tensor Multinomial::sample_impl(Generator& gen, IntList sample_shape) const {
  Shape out_shape = shape(sample_shape);
  Tensor counts = zeros(out_shape, probs().dtype());
  if (total_count_ == 0 || counts.numel() == 0) return counts;
  Shape draw_shape{total_count_};
  for (int64_t d : sample_shape) draw_shape.push_back(d);
  Tensor idx = categorical_.sample(gen, draw_shape);  // [n, sample..., batch...]
  Shape perm;
  for (int64_t d = 1; d < idx.dim(); ++d) perm.push_back(d);
  perm.push_back(0);
  idx = idx.permute(perm);  // [sample..., batch..., n]
  return counts.scatter_add_(-1, idx, ones(idx.sizes(), probs().dtype()));
}

// log n! - sum_k log x_k! + sum_k x_k logits_k (0 * -inf = 0 for impossible categories).
Tensor Multinomial::log_prob_impl(const Tensor& value) const {
  Tensor x = detail::as_floating(value, probs().dtype());
  return detail::x_times_log(x, logits()).sum({-1}) - lgamma(x + 1.0).sum({-1}) + log_n_factorial_;
}

}  // namespace tyche::dist
