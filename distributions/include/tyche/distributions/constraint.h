#pragma once
// Constraint: a named set of values (a distribution's support, a parameter's
// domain). A constraint covers the rightmost event_dim() dims of a value:
// check(value) gives one bool per event, of shape value.shape[:-event_dim].
// Bounds (interval, greater_than, integer_interval, multinomial) are tensors
// that broadcast against the value, so a batch of Uniforms has one support.
#include <cstdint>
#include <string>

#include "tyche/tensor.h"

namespace tyche::dist {

class Constraint {
 public:
  enum class Kind : uint8_t {
    Real, Positive, Nonnegative, UnitInterval, Interval, GreaterThan, GreaterThanEq, LessThan,
    Simplex, LowerCholesky, CorrCholesky, PositiveDefinite,
    IntegerInterval, NonnegativeInteger, Boolean, OneHot, Multinomial,
  };

  explicit Constraint(Kind kind, Tensor lower = {}, Tensor upper = {}, int reinterpreted = 0);

  Kind kind() const { return kind_; }
  // Bounds: lower for Interval/GreaterThan(Eq)/IntegerInterval,
  // upper for Interval/LessThan/IntegerInterval; upper is the total count of Multinomial.
  const Tensor& lower() const { return lower_; }
  const Tensor& upper() const { return upper_; }
  // Number of rightmost dims one element of the set spans (0 for scalars,
  // 1 for simplex, 2 for matrices), plus those reinterpreted by independent().
  int event_dim() const;
  // Dims added by constraints::independent (event_dim() minus the kind's own).
  int reinterpreted() const { return reinterpreted_; }
  // Integer-valued sets (integer_interval, nonnegative_integer, boolean, one_hot, multinomial).
  bool is_discrete() const;

  // One bool per event: true where value lies in the set. Records no gradient.
  Tensor check(const Tensor& value) const;
  // all(check(value)): with one pass over the data and no temporaries for the
  // element-wise kinds (real, positive, nonnegative, unit_interval) on
  // contiguous CPU floats (validation runs on every log_prob).
  bool check_all(const Tensor& value) const;
  // "positive", "interval(0, 1)", "independent(real, 1)".
  std::string to_string() const;

  // Same kind and event dims (bounds are not compared).
  bool same_kind(const Constraint& o) const { return kind_ == o.kind_ && event_dim() == o.event_dim(); }

 private:
  Kind kind_;
  Tensor lower_, upper_;
  int reinterpreted_;
};

namespace constraints {
using K = Constraint::Kind;
inline const Constraint real{K::Real};
inline const Constraint real_vector{K::Real, {}, {}, 1};
inline const Constraint positive{K::Positive};
inline const Constraint nonnegative{K::Nonnegative};
inline const Constraint unit_interval{K::UnitInterval};
inline const Constraint simplex{K::Simplex};                    // event_dim 1, sums to 1
inline const Constraint lower_cholesky{K::LowerCholesky};       // event_dim 2, positive diagonal
inline const Constraint corr_cholesky{K::CorrCholesky};         // event_dim 2, unit-norm rows
inline const Constraint positive_definite{K::PositiveDefinite}; // event_dim 2, symmetric
inline const Constraint boolean{K::Boolean};                    // {0, 1}
inline const Constraint nonnegative_integer{K::NonnegativeInteger};
inline const Constraint one_hot{K::OneHot};                      // event_dim 1, one 1 and 0s

// [lower, upper] (closed, as torch.distributions).
Constraint interval(const Tensor& lower, const Tensor& upper);
Constraint interval(double lower, double upper);
// (lower, inf), [lower, inf), (-inf, upper).
Constraint greater_than(const Tensor& lower);
Constraint greater_than(double lower);
Constraint greater_than_eq(const Tensor& lower);
Constraint greater_than_eq(double lower);
Constraint less_than(const Tensor& upper);
Constraint less_than(double upper);
// Integers in [lower, upper].
Constraint integer_interval(const Tensor& lower, const Tensor& upper);
Constraint integer_interval(double lower, double upper);
// Nonnegative integer vectors (event_dim 1) summing to total_count.
Constraint multinomial(const Tensor& total_count);
// c with its rightmost n batch dims reinterpreted as event dims.
Constraint independent(const Constraint& c, int n);
}  // namespace constraints

}  // namespace tyche::dist
