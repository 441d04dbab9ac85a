#pragma once
// StudentT(df, loc, scale): with z = (x - loc) / scale and v = df,
//   p(x) = Gamma((v+1)/2) / (Gamma(v/2) sqrt(v pi) scale) (1 + z^2 / v)^(-(v+1)/2).
// df > 0, loc real, scale > 0 (broadcast together); support real.
// Reparameterised: x = loc + scale * eps * rsqrt(c / v), eps ~ N(0, 1),
// c = 2 Gamma(v/2, 1) ~ Chi2(v) from tyche::gamma (implicit gradient in df).
// mean loc for df > 1 (NaN otherwise); variance scale^2 v / (v - 2) for df > 2,
// inf for 1 < df <= 2, NaN for df <= 1 (as torch);
// entropy log(scale) + (v+1)/2 (digamma((v+1)/2) - digamma(v/2)) + log(v)/2 + log B(v/2, 1/2).
#include "tyche/distributions/distribution.h"

namespace tyche::dist {

class StudentT : public Cloneable<StudentT> {
 public:
  StudentT(Arg df, Arg loc = 0.0, Arg scale = 1.0);
  std::string name() const override { return "StudentT"; }
  Constraint support() const override { return constraints::real; }
  bool has_rsample() const override { return true; }
  Tensor mean() const override;
  Tensor variance() const override;
  Tensor entropy() const override;
  const Tensor& df() const { return df_; }
  const Tensor& loc() const { return loc_; }
  const Tensor& scale() const { return scale_; }

 protected:
  Tensor rsample_impl(Generator& gen, IntList sample_shape) const override;
  Tensor log_prob_impl(const Tensor& value) const override;

 private:
  Tensor df_, loc_, scale_;
};

}  // namespace tyche::dist
