#include "tyche/distributions/chi2.h"

#include "../param_util.h"

namespace tyche::dist {

namespace {
// df in the parameters' floating dtype.
Tensor as_param(const Arg& df) {
  Tensor t = df.tensor();
  detail::broadcast_params("Chi2", {&t});
  return t;
}
}  // namespace

Chi2::Chi2(Arg df) : Cloneable("Chi2", as_param(df) * 0.5, scalar_tensor(0.5)), df_(as_param(df)) {
  validate_param("df", df_, constraints::positive);
}

}  // namespace tyche::dist
