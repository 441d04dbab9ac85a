// Tensor metadata, element access and the method forms of free functions.
#include "tyche/tensor.h"

#include "dispatch.h"

namespace tyche {

int64_t Tensor::size(int64_t d) const {
  TYCHE_CHECK(dim() > 0, "size", "a 0-dim tensor has no dim ", d);
  return sizes()[static_cast<size_t>(wrap_dim(d, dim(), "size"))];
}

int64_t Tensor::stride(int64_t d) const {
  TYCHE_CHECK(dim() > 0, "stride", "a 0-dim tensor has no dim ", d);
  return strides()[static_cast<size_t>(wrap_dim(d, dim(), "stride"))];
}

template <class T>
T* Tensor::data_ptr() const {
  TYCHE_CHECK(defined(), "data_ptr", "tensor is undefined");
  TYCHE_CHECK(dtype() == dtype_of_v<T>, "data_ptr", "expected dtype ", dtype_of_v<T>, " but the tensor is ",
              dtype());
  TYCHE_CHECK(device().is_cpu(), "data_ptr", "tensor is on ", device(), "; copy it to the CPU first");
  return static_cast<T*>(impl_->data());
}

Scalar Tensor::item() const {
  TYCHE_CHECK(defined(), "item", "tensor is undefined");
  TYCHE_CHECK(numel() == 1, "item", "a tensor with ", numel(), " elements (shape ", sizes(),
              ") cannot be converted to a scalar");
  return detail::dispatch(dtype(), [&](auto tag) -> Scalar {
    using T = typename decltype(tag)::type;
    return Scalar(*static_cast<const T*>(impl_->data()));
  });
}

template <class T>
T Tensor::item() const {
  return item().to<T>();
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  TYCHE_CHECK(defined(), "to_vector", "tensor is undefined");
  Tensor c = to(dtype_of_v<T>).contiguous();
  const T* p = static_cast<const T*>(c.impl()->data());
  return std::vector<T>(p, p + numel());
}

#define TYCHE_INSTANTIATE(T)                      \
  template T* Tensor::data_ptr<T>() const;        \
  template T Tensor::item<T>() const;             \
  template std::vector<T> Tensor::to_vector<T>() const;
TYCHE_INSTANTIATE(bool)
TYCHE_INSTANTIATE(int32_t)
TYCHE_INSTANTIATE(int64_t)
TYCHE_INSTANTIATE(float)
TYCHE_INSTANTIATE(double)
#undef TYCHE_INSTANTIATE

// ---- method forms
#define TYCHE_METHOD(NAME) \
  Tensor Tensor::NAME() const { return tyche::NAME(*this); }
TYCHE_METHOD(neg) TYCHE_METHOD(abs) TYCHE_METHOD(sign) TYCHE_METHOD(exp) TYCHE_METHOD(expm1)
TYCHE_METHOD(log) TYCHE_METHOD(log1p) TYCHE_METHOD(sqrt) TYCHE_METHOD(rsqrt) TYCHE_METHOD(reciprocal)
TYCHE_METHOD(square) TYCHE_METHOD(sin) TYCHE_METHOD(cos) TYCHE_METHOD(tan) TYCHE_METHOD(tanh)
TYCHE_METHOD(sigmoid) TYCHE_METHOD(log_sigmoid) TYCHE_METHOD(softplus) TYCHE_METHOD(erf)
TYCHE_METHOD(erfc) TYCHE_METHOD(erfinv) TYCHE_METHOD(lgamma) TYCHE_METHOD(digamma)
TYCHE_METHOD(floor) TYCHE_METHOD(ceil) TYCHE_METHOD(round)
#undef TYCHE_METHOD

Tensor Tensor::pow(const Tensor& e) const { return tyche::pow(*this, e); }
Tensor Tensor::pow(Scalar e) const { return tyche::pow(*this, e); }
Tensor Tensor::clamp(std::optional<Scalar> lo, std::optional<Scalar> hi) const { return tyche::clamp(*this, lo, hi); }
Tensor Tensor::matmul(const Tensor& o) const { return tyche::matmul(*this, o); }
Tensor Tensor::dot(const Tensor& o) const { return tyche::dot(*this, o); }

Tensor Tensor::sum() const { return tyche::sum(*this); }
Tensor Tensor::sum(IntList dims, bool keepdim) const { return tyche::sum(*this, dims, keepdim); }
Tensor Tensor::mean() const { return tyche::mean(*this); }
Tensor Tensor::mean(IntList dims, bool keepdim) const { return tyche::mean(*this, dims, keepdim); }
Tensor Tensor::prod() const { return tyche::prod(*this); }
Tensor Tensor::prod(int64_t d, bool keepdim) const { return tyche::prod(*this, d, keepdim); }
Tensor Tensor::max() const { return tyche::amax(*this); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t d, bool keepdim) const { return tyche::max(*this, d, keepdim); }
Tensor Tensor::min() const { return tyche::amin(*this); }
std::tuple<Tensor, Tensor> Tensor::min(int64_t d, bool keepdim) const { return tyche::min(*this, d, keepdim); }
Tensor Tensor::argmax(std::optional<int64_t> d, bool keepdim) const { return tyche::argmax(*this, d, keepdim); }
Tensor Tensor::argmin(std::optional<int64_t> d, bool keepdim) const { return tyche::argmin(*this, d, keepdim); }
Tensor Tensor::logsumexp(IntList dims, bool keepdim) const { return tyche::logsumexp(*this, dims, keepdim); }
Tensor Tensor::var(IntList dims, int64_t c, bool keepdim) const { return tyche::var(*this, dims, c, keepdim); }
Tensor Tensor::std(IntList dims, int64_t c, bool keepdim) const { return tyche::std(*this, dims, c, keepdim); }
Tensor Tensor::norm(double p) const { return tyche::norm(*this, p); }
Tensor Tensor::norm(double p, IntList dims, bool keepdim) const { return tyche::norm(*this, p, dims, keepdim); }
Tensor Tensor::all() const { return tyche::all(*this); }
Tensor Tensor::any() const { return tyche::any(*this); }
Tensor Tensor::all(int64_t d, bool keepdim) const { return tyche::all(*this, {d}, keepdim); }
Tensor Tensor::any(int64_t d, bool keepdim) const { return tyche::any(*this, {d}, keepdim); }
Tensor Tensor::cumsum(int64_t d) const { return tyche::cumsum(*this, d); }
Tensor Tensor::cumprod(int64_t d) const { return tyche::cumprod(*this, d); }
Tensor Tensor::softmax(int64_t d) const { return tyche::softmax(*this, d); }
Tensor Tensor::log_softmax(int64_t d) const { return tyche::log_softmax(*this, d); }

}  // namespace tyche
