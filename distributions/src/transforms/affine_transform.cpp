#include "tyche/distributions/transforms.h"

#include "tyche/autograd.h"
#include "transform_util.h"

namespace tyche::dist {

namespace {
using K = Constraint::Kind;

bool bounded_domain(K k) {
  return k == K::Positive || k == K::GreaterThan || k == K::LessThan || k == K::UnitInterval ||
         k == K::Interval;
}
}  // namespace

AffineTransform::AffineTransform(Tensor loc, Tensor scale, int event_dim)
    : AffineTransform(std::move(loc), std::move(scale), detail::independent_of(constraints::real, event_dim)) {
  TYCHE_CHECK(event_dim >= 0, "AffineTransform", "event_dim must be >= 0, got ", event_dim);
}

AffineTransform::AffineTransform(double loc, double scale, int event_dim)
    : AffineTransform(scalar_tensor(loc), scalar_tensor(scale), event_dim) {}

AffineTransform::AffineTransform(double loc, double scale, const Constraint& domain)
    : AffineTransform(scalar_tensor(loc), scalar_tensor(scale), domain) {}

AffineTransform::AffineTransform(Tensor loc, Tensor scale, const Constraint& domain)
    : loc_(std::move(loc)), scale_(std::move(scale)), event_dim_(domain.event_dim()), domain_(domain) {
  TYCHE_CHECK(loc_.defined() && scale_.defined(), "AffineTransform", "loc and scale must be defined");
  const K k = domain_.kind();
  TYCHE_CHECK(k == K::Real || bounded_domain(k), "AffineTransform",
              "domain must be real, positive, greater_than, less_than, unit_interval or interval, got ",
              domain_.to_string());
  if (bounded_domain(k)) {
    NoGradGuard no_grad;
    const bool pos = all(scale_ > 0.0).item<bool>(), neg = all(scale_ < 0.0).item<bool>();
    TYCHE_CHECK(pos || neg, "AffineTransform",
                "scale must be all positive or all negative to map the domain ", domain_.to_string());
    negative_ = neg;
  }
}

Tensor AffineTransform::forward(const Tensor& x) const { return loc_ + scale_ * x; }
Tensor AffineTransform::inverse(const Tensor& y) const { return (y - loc_) / scale_; }

Tensor AffineTransform::log_abs_det_jacobian(const Tensor& x, const Tensor&) const {
  const Shape shape = broadcast_shapes(x.sizes(), scale_.sizes(), "AffineTransform");
  const DType d = is_floating(x.dtype()) ? result_type(x, scale_) : detail::float_dtype(scale_);
  Tensor l = log(abs(scale_)).to(d).expand(shape);
  return detail::sum_rightmost(l, event_dim_);
}

Constraint AffineTransform::domain() const { return domain_; }

Constraint AffineTransform::codomain() const {
  const int re = domain_.reinterpreted();
  auto image = [&](const Tensor& b) {
    NoGradGuard no_grad;
    return forward(b).detach();
  };
  Constraint c = constraints::real;
  switch (domain_.kind()) {
    case K::Positive:
    case K::GreaterThan: {
      Tensor lo = image(domain_.kind() == K::Positive ? scalar_tensor(0.0) : domain_.lower());
      c = negative_ ? constraints::less_than(lo) : constraints::greater_than(lo);
      break;
    }
    case K::LessThan: {
      Tensor hi = image(domain_.upper());
      c = negative_ ? constraints::greater_than(hi) : constraints::less_than(hi);
      break;
    }
    case K::UnitInterval:
    case K::Interval: {
      const bool unit = domain_.kind() == K::UnitInterval;
      Tensor a = image(unit ? scalar_tensor(0.0) : domain_.lower());
      Tensor b = image(unit ? scalar_tensor(1.0) : domain_.upper());
      c = negative_ ? constraints::interval(b, a) : constraints::interval(a, b);
      break;
    }
    default:
      break;
  }
  return detail::independent_of(c, re);
}

}  // namespace tyche::dist
