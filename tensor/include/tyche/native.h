#pragma once
// The tensor core's differentiable primitives without autograd (like ATen's
// kernels under PyTorch's autograd layer). Each has the semantics of the
// public function or method of the same name in tensor.h; methods take the
// tensor as the first argument. The public tyche:: forms call these and, when
// an input requires grad, record the op for backward (autograd/). Calling a
// native:: function directly never records anything.
#include <optional>
#include <span>
#include <tuple>
#include <vector>

#include "tyche/tensor.h"

namespace tyche::native {

// ---- unary
Tensor neg(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor expm1(const Tensor& x);
Tensor log(const Tensor& x);
Tensor log1p(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);
Tensor reciprocal(const Tensor& x);
Tensor square(const Tensor& x);
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);
Tensor tan(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor log_sigmoid(const Tensor& x);
Tensor softplus(const Tensor& x);
Tensor erf(const Tensor& x);
Tensor erfc(const Tensor& x);
Tensor erfinv(const Tensor& x);
Tensor lgamma(const Tensor& x);
Tensor digamma(const Tensor& x);
Tensor polygamma(int64_t n, const Tensor& x);
Tensor i0e(const Tensor& x);
Tensor i1e(const Tensor& x);
Tensor sign(const Tensor& x);    // piecewise constant: zero gradient
Tensor floor(const Tensor& x);
Tensor ceil(const Tensor& x);
Tensor round(const Tensor& x);

// ---- binary (the Scalar forms are the operators a + 2.0, 2.0 / a, ...)
Tensor add(const Tensor& a, const Tensor& b, Scalar alpha = 1);
Tensor sub(const Tensor& a, const Tensor& b, Scalar alpha = 1);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor add(const Tensor& a, Scalar b);
Tensor add(Scalar a, const Tensor& b);
Tensor sub(const Tensor& a, Scalar b);
Tensor sub(Scalar a, const Tensor& b);
Tensor mul(const Tensor& a, Scalar b);
Tensor mul(Scalar a, const Tensor& b);
Tensor div(const Tensor& a, Scalar b);
Tensor div(Scalar a, const Tensor& b);
Tensor pow(const Tensor& a, const Tensor& b);
Tensor pow(const Tensor& a, Scalar b);
Tensor pow(Scalar a, const Tensor& b);
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
Tensor atan2(const Tensor& y, const Tensor& x);
Tensor fmod(const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, Scalar a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, Scalar b);
Tensor clamp(const Tensor& x, std::optional<Scalar> lo, std::optional<Scalar> hi);
Tensor clamp(const Tensor& x, const Tensor& lo, const Tensor& hi);

// ---- copies and views
Tensor to(const Tensor& self, DType dtype, bool copy);
Tensor view(const Tensor& self, IntList sizes);
Tensor reshape(const Tensor& self, IntList sizes);
Tensor permute(const Tensor& self, IntList dims);
Tensor transpose(const Tensor& self, int64_t d0, int64_t d1);
Tensor expand(const Tensor& self, IntList sizes);
Tensor squeeze(const Tensor& self);
Tensor squeeze(const Tensor& self, int64_t dim);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor slice(const Tensor& self, int64_t dim, std::optional<int64_t> start, std::optional<int64_t> stop,
             int64_t step);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2);
Tensor as_strided(const Tensor& self, IntList sizes, IntList strides, std::optional<int64_t> offset);
Tensor unfold(const Tensor& self, int64_t dim, int64_t size, int64_t step);

// ---- in-place (self is the output)
Tensor& copy_(Tensor& self, const Tensor& src);
Tensor& fill_(Tensor& self, Scalar v);
Tensor& add_(Tensor& self, const Tensor& o, Scalar alpha = 1);
Tensor& add_(Tensor& self, Scalar o);
Tensor& sub_(Tensor& self, const Tensor& o, Scalar alpha = 1);
Tensor& sub_(Tensor& self, Scalar o);
Tensor& mul_(Tensor& self, const Tensor& o);
Tensor& mul_(Tensor& self, Scalar o);
Tensor& div_(Tensor& self, const Tensor& o);
Tensor& div_(Tensor& self, Scalar o);
Tensor& pow_(Tensor& self, Scalar e);
Tensor& neg_(Tensor& self);
Tensor& exp_(Tensor& self);
Tensor& log_(Tensor& self);
Tensor& sqrt_(Tensor& self);
Tensor& abs_(Tensor& self);
Tensor& clamp_(Tensor& self, std::optional<Scalar> lo, std::optional<Scalar> hi);
Tensor& masked_fill_(Tensor& self, const Tensor& mask, Scalar v);
Tensor& scatter_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& scatter_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& index_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& index_put_(Tensor& self, const std::vector<TensorIndex>& idx, const Tensor& value, bool accumulate);

// ---- indexing and joining
Tensor index(const Tensor& self, std::span<const TensorIndex> idx);
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index);
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor masked_fill(const Tensor& x, const Tensor& mask, Scalar v);
Tensor cat(const std::vector<Tensor>& ts, int64_t dim);
Tensor tril(const Tensor& x, int64_t diagonal);
Tensor triu(const Tensor& x, int64_t diagonal);
Tensor diag_embed(const Tensor& x);

// ---- reductions
Tensor sum(const Tensor& x, IntList dims, bool keepdim);
Tensor mean(const Tensor& x, IntList dims, bool keepdim);
Tensor prod(const Tensor& x, std::optional<int64_t> dim, bool keepdim);
Tensor amax(const Tensor& x, IntList dims, bool keepdim);
Tensor amin(const Tensor& x, IntList dims, bool keepdim);
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim);
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim);
Tensor logsumexp(const Tensor& x, IntList dims, bool keepdim);
// Composed of public ops (so differentiable as such), except for p = 2.
Tensor norm(const Tensor& x, double p, IntList dims, bool keepdim);
Tensor cumsum(const Tensor& x, int64_t dim);
Tensor cumprod(const Tensor& x, int64_t dim);
Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);

// ---- linear algebra
Tensor matmul(const Tensor& a, const Tensor& b);
Tensor dot(const Tensor& a, const Tensor& b);
Tensor cholesky(const Tensor& A, bool upper);
Tensor cholesky_solve(const Tensor& B, const Tensor& L, bool upper);
Tensor triangular_solve(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular);
Tensor solve(const Tensor& A, const Tensor& B);
Tensor inverse(const Tensor& A);
Tensor det(const Tensor& A);
std::tuple<Tensor, Tensor> slogdet(const Tensor& A);
Tensor logdet(const Tensor& A);

// ---- random
// Gamma(concentration, 1) draws (Marsaglia-Tsang); the public tyche::gamma
// records their implicit-reparameterisation gradient.
Tensor gamma(const Tensor& concentration, Generator& gen);
// dx/dalpha of Gamma(alpha, 1) draws x at fixed CDF value u = P(alpha, x):
// -(dP(alpha, x)/dalpha) / p(x; alpha), P the regularised lower incomplete
// gamma. alpha and x broadcast; computed in float64 (relative error < 1e-11),
// returned in their promoted floating dtype; NaN where alpha <= 0 or x <= 0.
Tensor standard_gamma_grad(const Tensor& alpha, const Tensor& x);

}  // namespace tyche::native
