// native::standard_gamma_grad: the implicit-reparameterisation derivative of
// Gamma(alpha, 1) draws (the scalar kernel and its accuracy are in cpu/gamma_grad.h).
#include "cpu/gamma_grad.h"

#include "elementwise.h"
#include "parallel.h"
#include "tyche/native.h"

namespace tyche {

Tensor native::standard_gamma_grad(const Tensor& alpha, const Tensor& x) {
  const char* op = "standard_gamma_grad";
  TYCHE_CHECK(alpha.defined() && x.defined(), op, "input tensor is undefined");
  const Shape shape = broadcast_shapes(alpha.sizes(), x.sizes(), op);
  const DType promoted = result_type(alpha, x);
  const DType dt = is_floating(promoted) ? promoted : default_dtype();
  Tensor a = detail::cast(alpha.expand(shape), kFloat64).contiguous();
  Tensor v = detail::cast(x.expand(shape), kFloat64).contiguous();
  Tensor out = detail::new_tensor(shape, kFloat64);
  const double* pa = a.data_ptr<double>();
  const double* pv = v.data_ptr<double>();
  double* po = out.data_ptr<double>();
  // Each element costs about a microsecond (six incomplete gammas or a series).
  detail::parallel_for(0, out.numel(), 256, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) po[i] = detail::standard_gamma_grad(pa[i], pv[i]);
  });
  return detail::cast(out, dt);
}

}  // namespace tyche
