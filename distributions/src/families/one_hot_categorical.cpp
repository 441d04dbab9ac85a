#include "tyche/distributions/one_hot_categorical.h"

#include <utility>

#include "categorical_of.h"

namespace tyche::dist {

OneHotCategorical::OneHotCategorical(Arg probs) : Cloneable({}, {}), categorical_(detail::categorical_of("OneHotCategorical", std::move(probs))) {
  batch_shape_ = categorical_.batch_shape();
  event_shape_ = {categorical_.num_categories()};
}

OneHotCategorical::OneHotCategorical(Logits logits) : Cloneable({}, {}), categorical_(detail::categorical_of("OneHotCategorical", std::move(logits))) {
  batch_shape_ = categorical_.batch_shape();
  event_shape_ = {categorical_.num_categories()};
}

Tensor OneHotCategorical::mean() const { return probs(); }
Tensor OneHotCategorical::variance() const { return probs() * (1.0 - probs()); }
Tensor OneHotCategorical::entropy() const { return categorical_.entropy(); }

Tensor OneHotCategorical::sample_impl(Generator& gen, IntList sample_shape) const {
  Tensor idx = categorical_.sample(gen, sample_shape).unsqueeze(-1);
  Tensor k = arange(categorical_.num_categories(), kInt64);
  return (idx == k).to(probs().dtype());
}

// The index of each value's 1 (validated one-hot), looked up as a Categorical.
Tensor OneHotCategorical::log_prob_impl(const Tensor& value) const { return categorical_.log_prob(argmax(value, -1)); }

}  // namespace tyche::dist
