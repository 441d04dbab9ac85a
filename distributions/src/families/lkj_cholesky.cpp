#include "tyche/distributions/lkj_cholesky.h"

#include <vector>

#include "../param_util.h"

namespace tyche::dist {

LKJCholesky::LKJCholesky(int64_t dim, Arg concentration)
    : Cloneable({}, {}), dim_(dim), concentration_(concentration.tensor()) {
  TYCHE_CHECK(dim >= 2, name(), "dim must be at least 2, got ", dim);
  batch_shape_ = detail::broadcast_params("LKJCholesky", {&concentration_});
  event_shape_ = {dim, dim};
  validate_param("concentration", concentration_, constraints::positive);
}

Tensor LKJCholesky::log_normalizer() const {
  const Tensor& eta = concentration_;
  Tensor total = zeros_like(eta);
  for (int64_t k = 1; k < dim_; ++k) {
    const double m = static_cast<double>(dim_ - k);
    Tensor b = eta + 0.5 * static_cast<double>(dim_ - k - 1);
    // log B(b, b) = 2 lgamma(b) - lgamma(2 b).
    Tensor log_beta = 2.0 * lgamma(b) - lgamma(2.0 * b);
    total = total + m * ((2.0 * eta + (m - 2.0)) * detail::kLog2 + log_beta);
  }
  return total;
}

Tensor LKJCholesky::log_prob_impl(const Tensor& value) const {
  // Exponent of L_ii: d - i - 1 + 2 (eta - 1), one per diagonal entry.
  std::vector<double> jac(static_cast<size_t>(dim_));
  for (int64_t i = 0; i < dim_; ++i) jac[static_cast<size_t>(i)] = static_cast<double>(dim_ - i - 1);
  Tensor order = tensor(jac, {dim_}).to(concentration_.dtype()) + 2.0 * (concentration_ - 1.0).unsqueeze(-1);
  Tensor log_diag = log(value.diagonal(0, -2, -1));
  return (order * log_diag).sum({-1}) - log_normalizer();
}

Tensor LKJCholesky::sample_impl(Generator& gen, IntList sample_shape) const {
  const DType dt = concentration_.dtype();
  Shape s = sample_shape.shape();
  for (int64_t v : batch_shape_) s.push_back(v);
  auto with_last = [&](int64_t n) {
    Shape r = s;
    r.push_back(n);
    return r;
  };
  Tensor eta = concentration_.expand(s);
  std::vector<Tensor> rows;
  rows.push_back(cat({ones(with_last(1), dt), zeros(with_last(dim_ - 1), dt)}, -1));
  for (int64_t k = 1; k < dim_; ++k) {
    // Squared norm of the off-diagonal part of row k, and its direction.
    Tensor y = beta(full(s, 0.5 * static_cast<double>(k), dt), eta + 0.5 * static_cast<double>(dim_ - 1 - k), gen);
    Tensor u = randn(with_last(k), gen, dt);
    u = u / norm(u, 2, {-1}, /*keepdim=*/true);
    std::vector<Tensor> parts{sqrt(y).unsqueeze(-1) * u, sqrt(1.0 - y).unsqueeze(-1)};
    if (k + 1 < dim_) parts.push_back(zeros(with_last(dim_ - 1 - k), dt));
    rows.push_back(cat(parts, -1));
  }
  return stack(rows, -2);
}

}  // namespace tyche::dist
