#include "tyche/distributions/mixture_same_family.h"

#include "param_util.h"

namespace tyche::dist {

MixtureSameFamily::MixtureSameFamily(const Distribution& mixture, const Distribution& components)
    : Cloneable({}, {}), mixture_(mixture.clone()), components_(components.clone()) {
  const std::string who = "MixtureSameFamily(" + components.name() + ")";
  const Constraint s = mixture.support();
  TYCHE_CHECK(s.kind() == Constraint::Kind::IntegerInterval && mixture.event_shape().empty(), who,
              "mixture must be a Categorical (integer support, no event dims), got ", mixture.name(),
              " with support ", s.to_string());
  const Shape& cb = components.batch_shape();
  TYCHE_CHECK(!cb.empty(), who, "components need a batch dim indexing the component, got batch_shape []");
  k_ = cb.back();
  Shape b(cb.begin(), cb.end() - 1);
  const int64_t mixture_k = static_cast<int64_t>(s.upper().reshape({-1}).select(0, 0).item<double>()) + 1;
  TYCHE_CHECK(mixture_k == k_ && IntList(mixture.batch_shape()) == IntList(b), who, "mixture batch_shape ",
              IntList(mixture.batch_shape()), " over ", mixture_k, " categories does not match components batch_shape ",
              IntList(cb));
  batch_shape_ = b;
  event_shape_ = components.event_shape();
}

Constraint MixtureSameFamily::support() const { return components_->support(); }

// log pi_k for k = 0..K-1: the mixture's log_prob at each category, moved to the last dim.
Tensor MixtureSameFamily::mixture_log_probs() const {
  Shape ks{k_};
  for (size_t i = 0; i < batch_shape_.size(); ++i) ks.push_back(1);
  Tensor lp = mixture_->log_prob(arange(k_).reshape(ks));  // [K] + B
  Shape perm;
  for (int64_t d = 1; d < lp.dim(); ++d) perm.push_back(d);
  perm.push_back(0);
  return lp.permute(perm);
}

Tensor MixtureSameFamily::pad(const Tensor& x) const {
  return x.unsqueeze(x.dim() - static_cast<int64_t>(event_shape_.size()));
}

Tensor MixtureSameFamily::log_prob_impl(const Tensor& value) const {
  Tensor lp = components_->log_prob(pad(value));  // S + B + [K]
  return logsumexp(lp + mixture_log_probs(), {-1});
}

Tensor MixtureSameFamily::cdf_impl(const Tensor& value) const {
  Tensor c = components_->cdf(pad(value));
  return sum(c * exp(mixture_log_probs()), {-1});
}

Tensor MixtureSameFamily::mean() const {
  const int ne = static_cast<int>(event_shape_.size());
  Tensor w = exp(mixture_log_probs());
  for (int i = 0; i < ne; ++i) w = w.unsqueeze(-1);
  return sum(w * components_->mean(), {-1 - ne});
}

// Law of total variance: E[Var] + E[mean^2] - E[mean]^2.
Tensor MixtureSameFamily::variance() const {
  const int ne = static_cast<int>(event_shape_.size());
  Tensor w = exp(mixture_log_probs());
  for (int i = 0; i < ne; ++i) w = w.unsqueeze(-1);
  Tensor m = components_->mean();
  Tensor mean_all = sum(w * m, {-1 - ne});
  return sum(w * (components_->variance() + m * m), {-1 - ne}) - mean_all * mean_all;
}

// Draws every component, then picks the one the mixture chose.
Tensor MixtureSameFamily::sample_impl(Generator& gen, IntList sample_shape) const {
  const int64_t ne = static_cast<int64_t>(event_shape_.size());
  Tensor idx = mixture_->sample(gen, sample_shape).to(kInt64);  // S + B
  Tensor x = components_->sample(gen, sample_shape);             // S + B + [K] + E
  Shape ish = idx.sizes().shape();
  ish.push_back(1);
  for (int64_t d : event_shape_) ish.push_back(d);
  idx = idx.unsqueeze(idx.dim());
  for (int64_t i = 0; i < ne; ++i) idx = idx.unsqueeze(-1);
  Tensor picked = gather(x, -1 - ne, idx.expand(ish));
  return picked.squeeze(x.dim() - 1 - ne);
}

}  // namespace tyche::dist
