#include "tyche/distributions/transforms.h"

namespace tyche::dist {

Transform biject_to(const Constraint& c) {
  using K = Constraint::Kind;
  TYCHE_CHECK(!c.is_discrete(), "biject_to", "no bijection onto the discrete support ", c.to_string());
  if (c.reinterpreted() > 0) {
    Constraint base(c.kind(), c.lower(), c.upper(), 0);
    return IndependentTransform(biject_to(base), c.reinterpreted());
  }
  switch (c.kind()) {
    case K::Real: return IdentityTransform();
    case K::Positive:
    case K::Nonnegative: return ExpTransform();
    case K::GreaterThan:
    case K::GreaterThanEq:
      return ComposeTransform({ExpTransform(), AffineTransform(c.lower(), scalar_tensor(1.0), constraints::positive)});
    case K::LessThan:
      return ComposeTransform({ExpTransform(), AffineTransform(c.upper(), scalar_tensor(-1.0), constraints::positive)});
    case K::UnitInterval: return SigmoidTransform();
    case K::Interval:
      return ComposeTransform(
          {SigmoidTransform(), AffineTransform(c.lower(), c.upper() - c.lower(), constraints::unit_interval)});
    case K::Simplex: return StickBreakingTransform();
    case K::LowerCholesky: return LowerCholeskyTransform();
    case K::CorrCholesky: return CorrCholeskyTransform();
    case K::PositiveDefinite: return PositiveDefiniteTransform();
    default: break;
  }
  throw Error("biject_to: no bijection onto " + c.to_string());
}

}  // namespace tyche::dist
