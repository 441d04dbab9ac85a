#include "param_util.h"

#include <vector>

namespace tyche::dist::detail {

Shape broadcast_params(const char* dist, std::initializer_list<Tensor*> params) {
  bool dimensioned_float = false;
  DType dimensioned = kFloat32, any = kFloat32;
  bool any_float = false;
  for (Tensor* p : params) {
    TYCHE_CHECK(p->defined(), dist, "a parameter tensor is undefined");
    if (!is_floating(p->dtype())) continue;
    any = any_float ? promote_types(any, p->dtype()) : p->dtype();
    any_float = true;
    if (p->dim() > 0) {
      dimensioned = dimensioned_float ? promote_types(dimensioned, p->dtype()) : p->dtype();
      dimensioned_float = true;
    }
  }
  const DType t = dimensioned_float ? dimensioned : any_float ? any : default_dtype();
  Shape shape;
  std::string what = std::string(dist) + " parameters";
  for (Tensor* p : params) {
    if (p->dtype() != t) *p = p->to(t);
    shape = broadcast_shapes(shape, p->sizes(), what.c_str());
  }
  return shape;
}

Tensor sum_rightmost(const Tensor& t, int64_t n) {
  if (n <= 0) return t;
  Shape dims;
  for (int64_t i = 1; i <= n; ++i) dims.push_back(-i);
  return sum(t, dims);
}

}  // namespace tyche::dist::detail
