// In-place ops. Without autograd they run the native kernel; with it, each is
// recorded as its out-of-place form on the old value (see inplace() in
// record.h), so their derivatives are those of the out-of-place ops.
#include "formula.h"

namespace tyche {

using autograd::detail::inplace;

Tensor& Tensor::add_(const Tensor& o, Scalar alpha) {
  return inplace(*this, "add_", [&](const Tensor& old) { return add(old, o, alpha); },
                 [&] { native::add_(*this, o, alpha); }, o);
}
Tensor& Tensor::add_(Scalar o) {
  return inplace(*this, "add_", [&](const Tensor& old) { return old + o; }, [&] { native::add_(*this, o); });
}
Tensor& Tensor::sub_(const Tensor& o, Scalar alpha) {
  return inplace(*this, "sub_", [&](const Tensor& old) { return sub(old, o, alpha); },
                 [&] { native::sub_(*this, o, alpha); }, o);
}
Tensor& Tensor::sub_(Scalar o) {
  return inplace(*this, "sub_", [&](const Tensor& old) { return old - o; }, [&] { native::sub_(*this, o); });
}
Tensor& Tensor::mul_(const Tensor& o) {
  return inplace(*this, "mul_", [&](const Tensor& old) { return mul(old, o); }, [&] { native::mul_(*this, o); }, o);
}
Tensor& Tensor::mul_(Scalar o) {
  return inplace(*this, "mul_", [&](const Tensor& old) { return old * o; }, [&] { native::mul_(*this, o); });
}
Tensor& Tensor::div_(const Tensor& o) {
  return inplace(*this, "div_", [&](const Tensor& old) { return div(old, o); }, [&] { native::div_(*this, o); }, o);
}
Tensor& Tensor::div_(Scalar o) {
  return inplace(*this, "div_", [&](const Tensor& old) { return old / o; }, [&] { native::div_(*this, o); });
}
Tensor& Tensor::pow_(Scalar e) {
  return inplace(*this, "pow_", [&](const Tensor& old) { return tyche::pow(old, e); }, [&] { native::pow_(*this, e); });
}
Tensor& Tensor::neg_() {
  return inplace(*this, "neg_", [](const Tensor& old) { return tyche::neg(old); }, [&] { native::neg_(*this); });
}
Tensor& Tensor::exp_() {
  return inplace(*this, "exp_", [](const Tensor& old) { return tyche::exp(old); }, [&] { native::exp_(*this); });
}
Tensor& Tensor::log_() {
  return inplace(*this, "log_", [](const Tensor& old) { return tyche::log(old); }, [&] { native::log_(*this); });
}
Tensor& Tensor::sqrt_() {
  return inplace(*this, "sqrt_", [](const Tensor& old) { return tyche::sqrt(old); }, [&] { native::sqrt_(*this); });
}
Tensor& Tensor::abs_() {
  return inplace(*this, "abs_", [](const Tensor& old) { return tyche::abs(old); }, [&] { native::abs_(*this); });
}
Tensor& Tensor::clamp_(std::optional<Scalar> lo, std::optional<Scalar> hi) {
  return inplace(*this, "clamp_", [&](const Tensor& old) { return tyche::clamp(old, lo, hi); },
                 [&] { native::clamp_(*this, lo, hi); });
}
Tensor& Tensor::masked_fill_(const Tensor& mask, Scalar v) {
  return inplace(*this, "masked_fill_", [&](const Tensor& old) { return masked_fill(old, mask, v); },
                 [&] { native::masked_fill_(*this, mask, v); });
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) {
  return inplace(*this, "scatter_", [&](const Tensor& old) { return scatter(old, dim, index, src); },
                 [&] { native::scatter_(*this, dim, index, src); }, src);
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) {
  return inplace(*this, "scatter_add_", [&](const Tensor& old) { return scatter_add(old, dim, index, src); },
                 [&] { native::scatter_add_(*this, dim, index, src); }, src);
}
Tensor& Tensor::index_add_(int64_t dim, const Tensor& index, const Tensor& src) {
  return inplace(*this, "index_add_", [&](const Tensor& old) { return index_add(old, dim, index, src); },
                 [&] { native::index_add_(*this, dim, index, src); }, src);
}
// self = src broadcast to self's shape and dtype: self's old value gets no gradient.
Tensor& Tensor::copy_(const Tensor& src) {
  return inplace(*this, "copy_", [&](const Tensor&) { return src.expand(sizes()).to(dtype(), /*copy=*/true); },
                 [&] { native::copy_(*this, src); }, src);
}
Tensor& Tensor::fill_(Scalar v) {
  return inplace(*this, "fill_", [&](const Tensor& old) { return full_like(old, v); }, [&] { native::fill_(*this, v); });
}
Tensor& Tensor::index_put_(const std::vector<TensorIndex>& idx, const Tensor& value, bool accumulate) {
  return inplace(*this, "index_put_", [&](const Tensor& old) { return index_put(old, idx, value, accumulate); },
                 [&] { native::index_put_(*this, idx, value, accumulate); }, value);
}
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> idx, const Tensor& value, bool accumulate) {
  return index_put_(std::vector<TensorIndex>(idx), value, accumulate);
}

}  // namespace tyche
