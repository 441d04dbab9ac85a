#pragma once
// Chi2(df): p(x) = x^(df/2 - 1) e^(-x/2) / (2^(df/2) Gamma(df/2)); df > 0;
// support positive. It is a Gamma(df / 2, 1 / 2) (and is-a dist::Gamma, so
// Gamma's KL divergences apply); reparameterised through the Gamma's implicit
// gradient, so rsample is differentiable in df.
// mean df, variance 2 df, entropy as the Gamma's.
#include "tyche/distributions/gamma.h"

namespace tyche::dist {

class Chi2 : public Cloneable<Chi2, Gamma> {
 public:
  explicit Chi2(Arg df);
  std::string name() const override { return "Chi2"; }
  const Tensor& df() const { return df_; }

 private:
  Tensor df_;
};

}  // namespace tyche::dist
