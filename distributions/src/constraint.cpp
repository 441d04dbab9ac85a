#include "tyche/distributions/constraint.h"

#include <cmath>
#include <optional>
#include <sstream>

#include "tyche/autograd.h"

namespace tyche::dist {

namespace {

using K = Constraint::Kind;

int own_event_dim(K k) {
  switch (k) {
    case K::Simplex: case K::OneHot: case K::Multinomial: return 1;
    case K::LowerCholesky: case K::CorrCholesky: case K::PositiveDefinite: return 2;
    default: return 0;
  }
}

Tensor is_integer(const Tensor& v) {
  return is_floating(v.dtype()) ? eq(v, floor(v)) : ones_like(v, kBool);
}

// Tolerance for sums and norms that should equal 1.
double unit_tolerance(const Tensor& v) { return v.dtype() == kFloat32 ? 1e-5 : 1e-9; }

Tensor lower_cholesky_check(const Tensor& v) {
  Tensor lower = all((triu(v, 1) == 0.0), {-2, -1});
  Tensor diag = all((v.diagonal(0, -2, -1) > 0.0), {-1});
  return logical_and(lower, diag);
}

// Symmetric, and a Cholesky factorization exists (one matrix at a time: the
// batched factorization throws for the whole batch).
Tensor positive_definite_check(const Tensor& v) {
  const int64_t n = v.size(-1);
  TYCHE_CHECK(v.dim() >= 2 && v.size(-2) == n, "constraint positive_definite",
              "expected square matrices, got shape ", v.sizes());
  Tensor sym = all((abs(v - v.transpose(-1, -2)) <= 1e-8 * (1.0 + abs(v))), {-2, -1});
  Tensor flat = v.reshape({-1, n, n}).contiguous();
  Tensor ok = zeros({flat.size(0)}, kBool);
  bool* o = ok.data_ptr<bool>();
  for (int64_t i = 0; i < flat.size(0); ++i) {
    try {
      Tensor m = flat.select(0, i);
      Tensor l = cholesky(m);
      o[i] = all(isfinite(l)).item<bool>();
    } catch (const Error&) {
      o[i] = false;
    }
  }
  return logical_and(sym, ok.reshape(sym.sizes()));
}

std::string bound(const Tensor& t) {
  if (!t.defined()) return "?";
  if (t.numel() == 1) {
    std::ostringstream os;
    os << t.reshape({}).item<double>();
    return os.str();
  }
  return "tensor" + tyche::to_string(t.sizes());
}

}  // namespace

Constraint::Constraint(Kind kind, Tensor lower, Tensor upper, int reinterpreted)
    : kind_(kind), lower_(std::move(lower)), upper_(std::move(upper)), reinterpreted_(reinterpreted) {}

int Constraint::event_dim() const { return own_event_dim(kind_) + reinterpreted_; }

bool Constraint::is_discrete() const {
  return kind_ == K::IntegerInterval || kind_ == K::NonnegativeInteger || kind_ == K::Boolean ||
         kind_ == K::OneHot || kind_ == K::Multinomial;
}

Tensor Constraint::check(const Tensor& value) const {
  NoGradGuard no_grad;
  const Tensor& v = value;
  Tensor r;
  switch (kind_) {
    case K::Real: r = eq(v, v); break;
    case K::Positive: r = (v > 0.0); break;
    case K::Nonnegative: r = (v >= 0.0); break;
    case K::UnitInterval: r = logical_and((v >= 0.0), (v <= 1.0)); break;
    case K::Interval: r = logical_and(ge(v, lower_), le(v, upper_)); break;
    case K::GreaterThan: r = gt(v, lower_); break;
    case K::GreaterThanEq: r = ge(v, lower_); break;
    case K::LessThan: r = lt(v, upper_); break;
    case K::Simplex:
      r = logical_and(all((v >= 0.0), {-1}), (abs(sum(v, {-1}) - 1.0) <= unit_tolerance(v)));
      break;
    case K::LowerCholesky: r = lower_cholesky_check(v); break;
    case K::CorrCholesky: {
      Tensor rows = (abs(norm(v.to(kFloat64), 2, {-1}) - 1.0) <= unit_tolerance(v));
      r = logical_and(lower_cholesky_check(v), all(rows, {-1}));
      break;
    }
    case K::PositiveDefinite: r = positive_definite_check(v); break;
    case K::IntegerInterval: r = logical_and(is_integer(v), logical_and(ge(v, lower_), le(v, upper_))); break;
    case K::NonnegativeInteger: r = logical_and(is_integer(v), (v >= 0.0)); break;
    case K::Boolean: r = logical_or((v == 0.0), (v == 1.0)); break;
    case K::OneHot:
      r = logical_and(all(logical_or((v == 0.0), (v == 1.0)), {-1}), (sum(v, {-1}) == 1.0));
      break;
    case K::Multinomial:
      r = logical_and(all(logical_and(is_integer(v), (v >= 0.0)), {-1}), eq(sum(v, {-1}), upper_));
      break;
  }
  if (reinterpreted_ > 0) {
    TYCHE_CHECK(r.dim() >= reinterpreted_, "constraint " + to_string(), "value of shape ", v.sizes(),
                " has fewer than ", event_dim(), " dims");
    Shape dims;
    for (int i = 1; i <= reinterpreted_; ++i) dims.push_back(-i);
    r = all(r, dims);
  }
  return r;
}

namespace {
template <class T, class Pred>
bool all_of(const Tensor& v, Pred pred) {
  const T* d = v.data_ptr<T>();
  const int64_t n = v.numel();
  int64_t bad = 0;  // a count, not an early exit, so the loop vectorises
  for (int64_t i = 0; i < n; ++i) bad += !pred(d[i]);
  return bad == 0;
}

template <class T>
std::optional<bool> elementwise_all(Constraint::Kind kind, const Tensor& v) {
  switch (kind) {
    case K::Real: return all_of<T>(v, [](T x) { return x == x; });
    case K::Positive: return all_of<T>(v, [](T x) { return x > T(0); });
    case K::Nonnegative: return all_of<T>(v, [](T x) { return x >= T(0); });
    case K::UnitInterval: return all_of<T>(v, [](T x) { return x >= T(0) && x <= T(1); });
    case K::Boolean: return all_of<T>(v, [](T x) { return x == T(0) || x == T(1); });
    case K::NonnegativeInteger: return all_of<T>(v, [](T x) { return x >= T(0) && x == std::floor(x); });
    default: return std::nullopt;
  }
}
}  // namespace

bool Constraint::check_all(const Tensor& value) const {
  if (value.defined() && value.device().is_cpu() && value.is_contiguous() && value.dim() >= reinterpreted_) {
    std::optional<bool> r;
    if (value.dtype() == kFloat64) r = elementwise_all<double>(kind_, value);
    if (value.dtype() == kFloat32) r = elementwise_all<float>(kind_, value);
    if (r) return *r;
  }
  return all(check(value)).item<bool>();
}

std::string Constraint::to_string() const {
  std::string s;
  switch (kind_) {
    case K::Real: s = "real"; break;
    case K::Positive: s = "positive"; break;
    case K::Nonnegative: s = "nonnegative"; break;
    case K::UnitInterval: s = "unit_interval"; break;
    case K::Interval: s = "interval(" + bound(lower_) + ", " + bound(upper_) + ")"; break;
    case K::GreaterThan: s = "greater_than(" + bound(lower_) + ")"; break;
    case K::GreaterThanEq: s = "greater_than_eq(" + bound(lower_) + ")"; break;
    case K::LessThan: s = "less_than(" + bound(upper_) + ")"; break;
    case K::Simplex: s = "simplex"; break;
    case K::LowerCholesky: s = "lower_cholesky"; break;
    case K::CorrCholesky: s = "corr_cholesky"; break;
    case K::PositiveDefinite: s = "positive_definite"; break;
    case K::IntegerInterval: s = "integer_interval(" + bound(lower_) + ", " + bound(upper_) + ")"; break;
    case K::NonnegativeInteger: s = "nonnegative_integer"; break;
    case K::Boolean: s = "boolean"; break;
    case K::OneHot: s = "one_hot"; break;
    case K::Multinomial: s = "multinomial(" + bound(upper_) + ")"; break;
  }
  if (kind_ == K::Real && reinterpreted_ == 1) return "real_vector";
  if (reinterpreted_ > 0) s = "independent(" + s + ", " + std::to_string(reinterpreted_) + ")";
  return s;
}

namespace constraints {

namespace {
Tensor bound_tensor(double v) { return scalar_tensor(v); }
}  // namespace

Constraint interval(const Tensor& lower, const Tensor& upper) { return Constraint(K::Interval, lower, upper); }
Constraint interval(double lower, double upper) { return interval(bound_tensor(lower), bound_tensor(upper)); }
Constraint greater_than(const Tensor& lower) { return Constraint(K::GreaterThan, lower); }
Constraint greater_than(double lower) { return greater_than(bound_tensor(lower)); }
Constraint greater_than_eq(const Tensor& lower) { return Constraint(K::GreaterThanEq, lower); }
Constraint greater_than_eq(double lower) { return greater_than_eq(bound_tensor(lower)); }
Constraint less_than(const Tensor& upper) { return Constraint(K::LessThan, {}, upper); }
Constraint less_than(double upper) { return less_than(bound_tensor(upper)); }
Constraint integer_interval(const Tensor& lower, const Tensor& upper) {
  return Constraint(K::IntegerInterval, lower, upper);
}
Constraint integer_interval(double lower, double upper) {
  return integer_interval(bound_tensor(lower), bound_tensor(upper));
}
Constraint multinomial(const Tensor& total_count) { return Constraint(K::Multinomial, {}, total_count); }
Constraint independent(const Constraint& c, int n) {
  TYCHE_CHECK(n >= 0, "constraints::independent", "reinterpreted dims must be >= 0, got ", n);
  return Constraint(c.kind(), c.lower(), c.upper(), c.reinterpreted() + n);
}

}  // namespace constraints
}  // namespace tyche::dist
