#include "tyche/distributions/kl.h"

#include <functional>
#include <vector>

#include "param_util.h"
#include "tyche/distributions/expanded.h"
#include "tyche/distributions/independent.h"
#include "tyche/distributions/bernoulli.h"
#include "tyche/distributions/beta.h"
#include "tyche/distributions/categorical.h"
#include "tyche/distributions/dirichlet.h"
#include "tyche/distributions/exponential.h"
#include "tyche/distributions/gamma.h"
#include "tyche/distributions/multivariate_normal.h"
#include "tyche/distributions/normal.h"
#include "tyche/distributions/poisson.h"

namespace tyche::dist {

namespace {

// One analytic pair (P, Q), matched by dynamic type so that subclasses
// (Chi2 is a Gamma) use their base's formula.
struct Entry {
  bool (*match)(const Distribution&, const Distribution&);
  std::function<Tensor(const Distribution&, const Distribution&)> fn;
};

template <class P, class Q, class F>
Entry pair(F f) {
  return {[](const Distribution& p, const Distribution& q) {
            return dynamic_cast<const P*>(&p) && dynamic_cast<const Q*>(&q);
          },
          [f](const Distribution& p, const Distribution& q) {
            return f(dynamic_cast<const P&>(p), dynamic_cast<const Q&>(q));
          }};
}

Tensor kl_normal(const Normal& p, const Normal& q) {
  Tensor r = p.scale() / q.scale();
  Tensor d = (p.loc() - q.loc()) / q.scale();
  return 0.5 * (r * r + d * d - 1.0) - log(r);
}

// Gamma(a1, b1) || Gamma(a2, b2).
Tensor kl_gamma(const Gamma& p, const Gamma& q) {
  const Tensor &a1 = p.concentration(), &b1 = p.rate(), &a2 = q.concentration(), &b2 = q.rate();
  return (a1 - a2) * digamma(a1) - lgamma(a1) + lgamma(a2) + a2 * (log(b1) - log(b2)) + a1 * (b2 - b1) / b1;
}

Tensor log_beta_fn(const Tensor& a, const Tensor& b) { return lgamma(a) + lgamma(b) - lgamma(a + b); }

Tensor kl_beta(const Beta& p, const Beta& q) {
  const Tensor &a1 = p.concentration1(), &b1 = p.concentration0(), &a2 = q.concentration1(), &b2 = q.concentration0();
  return log_beta_fn(a2, b2) - log_beta_fn(a1, b1) + (a1 - a2) * digamma(a1) + (b1 - b2) * digamma(b1) +
         (a2 - a1 + b2 - b1) * digamma(a1 + b1);
}

Tensor kl_dirichlet(const Dirichlet& p, const Dirichlet& q) {
  const Tensor &a = p.concentration(), &b = q.concentration();
  Tensor a0 = sum(a, {-1}), b0 = sum(b, {-1});
  return lgamma(a0) - sum(lgamma(a), {-1}) - lgamma(b0) + sum(lgamma(b), {-1}) +
         sum((a - b) * (digamma(a) - digamma(a0).unsqueeze(-1)), {-1});
}

// From log-odds: log p = -softplus(-l), log(1 - p) = -softplus(l); terms with
// zero weight are 0 (not 0 * inf).
Tensor kl_bernoulli(const Bernoulli& p, const Bernoulli& q) {
  const Tensor &lp = p.logits(), &lq = q.logits();
  Tensor pp = sigmoid(lp), pn = sigmoid(-lp);
  Tensor pos = where(pp > 0.0, pp * (softplus(-lq) - softplus(-lp)), 0.0);
  Tensor neg = where(pn > 0.0, pn * (softplus(lq) - softplus(lp)), 0.0);
  return pos + neg;
}

Tensor kl_categorical(const Categorical& p, const Categorical& q) {
  Tensor pr = p.probs();
  return sum(where(pr > 0.0, pr * (p.logits() - q.logits()), 0.0), {-1});
}

Tensor kl_poisson(const Poisson& p, const Poisson& q) {
  const Tensor &r1 = p.rate(), &r2 = q.rate();
  return r1 * (log(r1) - log(r2)) - r1 + r2;
}

Tensor kl_exponential(const Exponential& p, const Exponential& q) {
  Tensor ratio = q.rate() / p.rate();
  return ratio - log(ratio) - 1.0;
}

// 0.5 (tr(S2^-1 S1) + |L2^-1 (m2 - m1)|^2 - d + log|S2| - log|S1|) with
// S = L L^T: tr = |L2^-1 L1|_F^2, log|S| = 2 sum log diag L.
Tensor kl_mvn(const MultivariateNormal& p, const MultivariateNormal& q) {
  const Tensor &l1 = p.scale_tril(), &l2 = q.scale_tril();
  const int64_t d = l1.size(-1);
  Shape b = broadcast_shapes(l1.sizes(), l2.sizes(), "kl_divergence(MultivariateNormal)");
  Tensor m = triangular_solve(l2.expand(b), l1.expand(b), /*upper=*/false);
  Tensor diff = q.loc() - p.loc();
  Shape vb = broadcast_shapes(IntList(b.begin(), b.size() - 1), diff.sizes(), "kl_divergence(MultivariateNormal)");
  Shape mb(vb.begin(), vb.end() - 1);
  mb.push_back(d);
  mb.push_back(d);
  Tensor z = triangular_solve(l2.expand(mb), diff.expand(vb).unsqueeze(-1), false).squeeze(-1);
  Tensor half_logdet = sum(log(l2.diagonal(0, -2, -1)), {-1}) - sum(log(l1.diagonal(0, -2, -1)), {-1});
  return 0.5 * (sum(m * m, {-2, -1}) + sum(z * z, {-1}) - static_cast<double>(d)) + half_logdet;
}

const std::vector<Entry>& registry() {
  static const std::vector<Entry> table = {
      pair<Normal, Normal>(kl_normal),
      pair<MultivariateNormal, MultivariateNormal>(kl_mvn),
      pair<Gamma, Gamma>(kl_gamma),
      pair<Beta, Beta>(kl_beta),
      pair<Dirichlet, Dirichlet>(kl_dirichlet),
      pair<Bernoulli, Bernoulli>(kl_bernoulli),
      pair<Categorical, Categorical>(kl_categorical),
      pair<Poisson, Poisson>(kl_poisson),
      pair<Exponential, Exponential>(kl_exponential),
  };
  return table;
}

// The analytic KL of p and q, or undefined: registered pairs first, then
// expansions and Independent wrappers peeled off. With compute false, a
// defined placeholder says that a form exists.
Tensor try_kl(const Distribution& p, const Distribution& q, bool compute = true) {
  for (const Entry& e : registry())
    if (e.match(p, q)) return compute ? e.fn(p, q) : scalar_tensor(0.0);
  auto ip = dynamic_cast<const Independent*>(&p);
  auto iq = dynamic_cast<const Independent*>(&q);
  if (ip && iq && ip->event_shape().size() == iq->event_shape().size()) {
    // Align the reinterpreted dims: both sides must end up with the same event.
    const int n = ip->reinterpreted_batch_ndims();
    if (n == iq->reinterpreted_batch_ndims()) {
      Tensor r = try_kl(ip->base(), iq->base(), compute);
      return r.defined() && compute ? detail::sum_rightmost(r, n) : r;
    }
  }
  auto ep = dynamic_cast<const ExpandedDistribution*>(&p);
  auto eq = dynamic_cast<const ExpandedDistribution*>(&q);
  if (ep || eq) {
    Tensor r = try_kl(ep ? ep->base() : p, eq ? eq->base() : q, compute);
    if (!r.defined() || !compute) return r;
    Shape b = broadcast_shapes(p.batch_shape(), q.batch_shape(), "kl_divergence");
    return r.expand(broadcast_shapes(r.sizes(), b, "kl_divergence"));
  }
  return Tensor();
}

}  // namespace

bool has_kl(const Distribution& p, const Distribution& q) {
  return p.event_shape() == q.event_shape() && try_kl(p, q, false).defined();
}

Tensor kl_divergence(const Distribution& p, const Distribution& q) {
  TYCHE_CHECK(p.event_shape() == q.event_shape(), "kl_divergence", "event shapes differ: ", p.name(), " ",
              IntList(p.event_shape()), " vs ", q.name(), " ", IntList(q.event_shape()));
  Tensor r = try_kl(p, q);
  TYCHE_CHECK(r.defined(), "kl_divergence", "no analytic KL registered for (", p.name(), ", ", q.name(),
              "); use a Monte Carlo estimate (log_prob of samples)");
  Shape b = broadcast_shapes(p.batch_shape(), q.batch_shape(), "kl_divergence");
  return r.sizes() == IntList(b) ? r : r.expand(b);
}

}  // namespace tyche::dist
