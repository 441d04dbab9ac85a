#pragma once
// Tensor: a cheap handle (one intrusive pointer) to a TensorImpl. Copies share
// the same tensor; views (reshape, permute, expand, slice, select, diagonal)
// share storage. All ops broadcast with NumPy's rules and throw tyche::Error
// naming the op, shapes and dtypes on bad input.
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tyche/device.h"
#include "tyche/dtype.h"
#include "tyche/error.h"
#include "tyche/generator.h"
#include "tyche/indexing.h"
#include "tyche/scalar.h"
#include "tyche/shape.h"
#include "tyche/tensor_impl.h"

namespace tyche {

class TensorIndex;

// Creation options: dtype (default: default_dtype() for floats) and device.
struct TensorOptions {
  std::optional<DType> dtype_;
  Device device_ = kCPU;
  TensorOptions() = default;
  TensorOptions(DType t) : dtype_(t) {}      // NOLINT: zeros({2}, kFloat64)
  TensorOptions(Device d) : device_(d) {}    // NOLINT: zeros({2}, Device::cuda())
  TensorOptions dtype(DType t) const { TensorOptions o = *this; o.dtype_ = t; return o; }
  TensorOptions device(Device d) const { TensorOptions o = *this; o.device_ = d; return o; }
  DType dtype_or(DType fallback) const { return dtype_ ? *dtype_ : fallback; }
};

class Tensor {
 public:
  Tensor() = default;  // undefined tensor
  explicit Tensor(IntrusivePtr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // ---- metadata
  bool defined() const { return static_cast<bool>(impl_); }
  TensorImpl* impl() const { return impl_.get(); }
  IntList sizes() const { return impl_->sizes(); }
  IntList strides() const { return impl_->strides(); }
  int64_t size(int64_t dim) const;    // negative dims count from the end
  int64_t stride(int64_t dim) const;
  int64_t dim() const { return impl_->dim(); }
  int64_t ndimension() const { return dim(); }
  int64_t numel() const { return impl_->numel(); }
  DType dtype() const { return impl_->dtype(); }
  DType scalar_type() const { return dtype(); }
  Device device() const { return impl_->device(); }
  Layout layout() const { return impl_->layout(); }
  bool is_contiguous() const { return impl_->is_contiguous(); }
  bool is_floating_point() const { return is_floating(dtype()); }
  int64_t storage_offset() const { return impl_->offset(); }
  int64_t element_size() const { return tyche::element_size(dtype()); }
  int64_t nbytes() const { return numel() * element_size(); }
  bool is_same(const Tensor& o) const { return impl_ == o.impl_; }
  // True when both views address the same storage block.
  bool shares_storage(const Tensor& o) const { return impl_->storage() == o.impl_->storage(); }
  uint32_t version() const { return impl_->storage()->version(); }

  // ---- data access (CPU). data_ptr<T>() checks T against dtype().
  template <class T> T* data_ptr() const;
  void* data_ptr() const { return impl_->data(); }
  template <class T> T item() const;   // one-element tensor -> C++ value (converting)
  Scalar item() const;
  template <class T> std::vector<T> to_vector() const;  // all elements in row-major order

  // ---- views (share storage)
  Tensor view(IntList sizes) const;      // requires compatible strides; one -1 allowed
  Tensor reshape(IntList sizes) const;   // a view when possible, else a copy
  Tensor view_as(const Tensor& o) const { return view(o.sizes()); }
  Tensor reshape_as(const Tensor& o) const { return reshape(o.sizes()); }
  Tensor permute(IntList dims) const;
  Tensor transpose(int64_t d0, int64_t d1) const;
  Tensor t() const;                      // 0-, 1- or 2-D only
  Tensor mT() const { return transpose(-2, -1); }
  Tensor expand(IntList sizes) const;    // -1 keeps a size; new dims on the left
  Tensor expand_as(const Tensor& o) const { return expand(o.sizes()); }
  Tensor broadcast_to(IntList sizes) const { return expand(sizes); }
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor unflatten(int64_t dim, IntList sizes) const;
  // Python's x[start:stop:step] along dim; negative start/stop count from the end.
  Tensor slice(int64_t dim, std::optional<int64_t> start = std::nullopt,
               std::optional<int64_t> stop = std::nullopt, int64_t step = 1) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor diagonal(int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1) const;
  Tensor as_strided(IntList sizes, IntList strides, std::optional<int64_t> offset = {}) const;
  Tensor unfold(int64_t dim, int64_t size, int64_t step) const;

  // ---- copies and conversions
  Tensor contiguous() const;             // self when already contiguous
  Tensor clone() const;                  // always a fresh contiguous copy
  Tensor to(DType dtype) const;          // self when dtype matches
  Tensor to(Device device) const;
  Tensor to(DType dtype, bool copy) const;
  Tensor& copy_(const Tensor& src);      // broadcasts src into self, converting dtype
  Tensor& fill_(Scalar v);
  Tensor& zero_() { return fill_(0); }

  // ---- indexing (NumPy semantics; see indexing.h)
  Tensor index(std::initializer_list<TensorIndex> idx) const;
  Tensor index(const std::vector<TensorIndex>& idx) const;
  Tensor& index_put_(std::initializer_list<TensorIndex> idx, const Tensor& value,
                     bool accumulate = false);
  Tensor& index_put_(const std::vector<TensorIndex>& idx, const Tensor& value,
                     bool accumulate = false);
  Tensor& index_put_(std::initializer_list<TensorIndex> idx, Scalar value);
  Tensor operator[](int64_t i) const { return select(0, i); }

  // ---- method forms of common ops (same semantics as the free functions)
  Tensor neg() const; Tensor abs() const; Tensor sign() const; Tensor exp() const;
  Tensor expm1() const; Tensor log() const; Tensor log1p() const; Tensor sqrt() const;
  Tensor rsqrt() const; Tensor reciprocal() const; Tensor square() const;
  Tensor sin() const; Tensor cos() const; Tensor tan() const; Tensor tanh() const;
  Tensor sigmoid() const; Tensor log_sigmoid() const; Tensor softplus() const;
  Tensor erf() const; Tensor erfc() const; Tensor erfinv() const; Tensor lgamma() const;
  Tensor digamma() const; Tensor floor() const; Tensor ceil() const; Tensor round() const;
  Tensor pow(const Tensor& e) const; Tensor pow(Scalar e) const;
  Tensor clamp(std::optional<Scalar> lo, std::optional<Scalar> hi = std::nullopt) const;
  Tensor matmul(const Tensor& o) const;
  Tensor dot(const Tensor& o) const;

  // ---- in-place (self is the output; safe when operands alias self)
  Tensor& add_(const Tensor& o, Scalar alpha = 1);
  Tensor& add_(Scalar o);
  Tensor& sub_(const Tensor& o, Scalar alpha = 1);
  Tensor& sub_(Scalar o);
  Tensor& mul_(const Tensor& o);
  Tensor& mul_(Scalar o);
  Tensor& div_(const Tensor& o);
  Tensor& div_(Scalar o);
  Tensor& pow_(Scalar e);
  Tensor& neg_(); Tensor& exp_(); Tensor& log_(); Tensor& sqrt_(); Tensor& abs_();
  Tensor& clamp_(std::optional<Scalar> lo, std::optional<Scalar> hi = std::nullopt);
  Tensor& masked_fill_(const Tensor& mask, Scalar v);
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src);
  Tensor& scatter_add_(int64_t dim, const Tensor& index, const Tensor& src);
  Tensor& index_add_(int64_t dim, const Tensor& index, const Tensor& src);
  Tensor& operator+=(const Tensor& o) { return add_(o); }
  Tensor& operator-=(const Tensor& o) { return sub_(o); }
  Tensor& operator*=(const Tensor& o) { return mul_(o); }
  Tensor& operator/=(const Tensor& o) { return div_(o); }
  Tensor& operator+=(Scalar o) { return add_(o); }
  Tensor& operator-=(Scalar o) { return sub_(o); }
  Tensor& operator*=(Scalar o) { return mul_(o); }
  Tensor& operator/=(Scalar o) { return div_(o); }

  // ---- autograd (defined in autograd/; see tyche/autograd.h)
  // Marks a floating leaf as a parameter whose gradient backward() accumulates.
  Tensor& requires_grad_(bool requires_grad = true);
  bool requires_grad() const;     // a leaf marked so, or the result of an op on one
  bool is_leaf() const;           // not produced by a recorded op
  // The accumulated gradient (shaped like this tensor); undefined until a
  // backward pass reaches this leaf (or a non-leaf after retain_grad()).
  const Tensor& grad() const;
  Tensor& mutable_grad();         // e.g. mutable_grad() = Tensor() clears it
  void retain_grad();             // keep .grad() for a non-leaf too
  // Gradient of this tensor (with `gradient` as the cotangent; may be omitted
  // for one element) with respect to every leaf it depends on.
  void backward(const Tensor& gradient = Tensor(), std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false) const;
  Tensor detach() const;          // same storage, cut from the graph
  Tensor& detach_();
  const char* grad_fn_name() const;   // the recording op ("mul", ...), nullptr for leaves

  // ---- reductions (dims may be negative; an empty list means all dims)
  Tensor sum() const;
  Tensor sum(IntList dims, bool keepdim = false) const;
  Tensor mean() const;
  Tensor mean(IntList dims, bool keepdim = false) const;
  Tensor prod() const;
  Tensor prod(int64_t dim, bool keepdim = false) const;
  Tensor max() const;
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;  // values, indices
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  Tensor argmax(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor argmin(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor logsumexp(IntList dims, bool keepdim = false) const;
  Tensor var(IntList dims = {}, int64_t correction = 1, bool keepdim = false) const;
  Tensor std(IntList dims = {}, int64_t correction = 1, bool keepdim = false) const;
  Tensor norm(double p = 2) const;
  Tensor norm(double p, IntList dims, bool keepdim = false) const;
  Tensor all() const;
  Tensor any() const;
  Tensor all(int64_t dim, bool keepdim = false) const;
  Tensor any(int64_t dim, bool keepdim = false) const;
  Tensor cumsum(int64_t dim) const;
  Tensor cumprod(int64_t dim) const;
  Tensor softmax(int64_t dim) const;
  Tensor log_softmax(int64_t dim) const;

 private:
  IntrusivePtr<TensorImpl> impl_;
};

// One element of an index({...}) list.
class TensorIndex {
 public:
  enum class Kind : uint8_t { Integer, Slice, None, Ellipsis, Boolean, Tensor };
  TensorIndex(int64_t i) : kind_(Kind::Integer), int_(i) {}       // NOLINT
  TensorIndex(int i) : kind_(Kind::Integer), int_(i) {}           // NOLINT
  TensorIndex(bool b) : kind_(Kind::Boolean), int_(b) {}          // NOLINT
  TensorIndex(Slice s) : kind_(Kind::Slice), slice_(s) {}         // NOLINT
  TensorIndex(NoneIndex) : kind_(Kind::None) {}                   // NOLINT
  TensorIndex(EllipsisIndex) : kind_(Kind::Ellipsis) {}           // NOLINT
  TensorIndex(Tensor t) : kind_(Kind::Tensor), tensor_(std::move(t)) {}  // NOLINT
  Kind kind() const { return kind_; }
  int64_t integer() const { return int_; }
  const Slice& slice() const { return slice_; }
  const Tensor& tensor() const { return tensor_; }

 private:
  Kind kind_;
  int64_t int_ = 0;
  Slice slice_;
  Tensor tensor_;
};

// ---------------------------------------------------------------- creation
Tensor empty(IntList sizes, TensorOptions opt = {});
Tensor zeros(IntList sizes, TensorOptions opt = {});
Tensor ones(IntList sizes, TensorOptions opt = {});
Tensor full(IntList sizes, Scalar value, TensorOptions opt = {});  // dtype from value's kind
Tensor empty_like(const Tensor& t, std::optional<DType> dtype = std::nullopt);
Tensor zeros_like(const Tensor& t, std::optional<DType> dtype = std::nullopt);
Tensor ones_like(const Tensor& t, std::optional<DType> dtype = std::nullopt);
Tensor full_like(const Tensor& t, Scalar value, std::optional<DType> dtype = std::nullopt);
Tensor scalar_tensor(Scalar value, TensorOptions opt = {});  // 0-dim; float64 for doubles
// [start, end) in steps of step; int64 when all are integers, else default float.
Tensor arange(Scalar end, TensorOptions opt = {});
Tensor arange(Scalar start, Scalar end, Scalar step = 1, TensorOptions opt = {});
Tensor linspace(double start, double end, int64_t steps, TensorOptions opt = {});
Tensor eye(int64_t n, std::optional<int64_t> m = std::nullopt, TensorOptions opt = {});
// From values: doubles -> float64, floats -> float32, ints -> int64, bools -> bool.
Tensor tensor(std::initializer_list<double> values, TensorOptions opt = {});
Tensor tensor(std::initializer_list<std::initializer_list<double>> rows, TensorOptions opt = {});
Tensor tensor(std::initializer_list<int> values, TensorOptions opt = {});
Tensor tensor(std::initializer_list<bool> values, TensorOptions opt = {});
template <class T> Tensor tensor(const std::vector<T>& values, IntList sizes = {});
// Wraps (copy=false: borrows, caller keeps data alive) or copies existing memory.
Tensor from_blob(void* data, IntList sizes, DType dtype, bool copy = false);
Tensor from_blob(void* data, IntList sizes, IntList strides, DType dtype, bool copy = false);

// ---------------------------------------------------------------- elementwise
// Unary (integer inputs of float-valued functions are promoted to default_dtype()).
Tensor neg(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);
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
Tensor log_sigmoid(const Tensor& x);   // -softplus(-x), stable for large |x|
Tensor softplus(const Tensor& x);      // log(1 + exp(x)), stable for large |x|
Tensor erf(const Tensor& x);
Tensor erfc(const Tensor& x);
Tensor erfinv(const Tensor& x);        // domain [-1, 1]; +-inf at the ends
Tensor lgamma(const Tensor& x);        // log|Gamma(x)|
Tensor digamma(const Tensor& x);
Tensor polygamma(int64_t n, const Tensor& x);   // n-th derivative of digamma
// Exponentially scaled modified Bessel functions of the first kind,
// exp(-|x|) I0(x) (even) and exp(-|x|) I1(x) (odd): finite for every x, so
// log I0(k) = log(i0e(k)) + |k| holds for large k. d i0e = i1e - sign(x) i0e;
// d i1e = i0e - i1e (sign(x) + 1/x), 1/2 at x = 0.
Tensor i0e(const Tensor& x);
Tensor i1e(const Tensor& x);
// The Normal log density log N(x | loc, scale) = -((x - loc) / scale)^2 / 2 -
// log(scale) - log(2 pi) / 2, broadcast; recorded as one graph node (its
// derivatives are formulas in these ops, so any order works).
Tensor normal_log_prob(const Tensor& x, const Tensor& loc, const Tensor& scale);
// The Cauchy log density -log1p(((x - loc) / scale)^2) - log(scale) - log(pi),
// broadcast; one graph node, as normal_log_prob.
Tensor cauchy_log_prob(const Tensor& x, const Tensor& loc, const Tensor& scale);
// The Bernoulli log mass from logits, x * logits - softplus(logits), broadcast;
// one graph node (d/dlogits = x - sigmoid(logits), d/dx = logits).
Tensor bernoulli_logits_log_prob(const Tensor& x, const Tensor& logits);
Tensor floor(const Tensor& x);
Tensor ceil(const Tensor& x);
Tensor round(const Tensor& x);         // half to even, as PyTorch
Tensor logical_not(const Tensor& x);
Tensor isnan(const Tensor& x);
Tensor isinf(const Tensor& x);
Tensor isfinite(const Tensor& x);

// Binary, broadcasting; a Scalar operand never upcasts within a category.
Tensor add(const Tensor& a, const Tensor& b, Scalar alpha = 1);   // a + alpha * b
Tensor sub(const Tensor& a, const Tensor& b, Scalar alpha = 1);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);     // true division (ints -> float)
Tensor pow(const Tensor& a, const Tensor& b);
Tensor pow(const Tensor& a, Scalar b);
Tensor pow(Scalar a, const Tensor& b);
Tensor maximum(const Tensor& a, const Tensor& b);  // NaN propagates
Tensor minimum(const Tensor& a, const Tensor& b);
Tensor atan2(const Tensor& y, const Tensor& x);
Tensor fmod(const Tensor& a, const Tensor& b);
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);
Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_xor(const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, Scalar a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, Scalar b);
Tensor clamp(const Tensor& x, std::optional<Scalar> lo, std::optional<Scalar> hi = std::nullopt);
Tensor clamp(const Tensor& x, const Tensor& lo, const Tensor& hi);
// True where |a - b| <= atol + rtol * |b| (NaNs equal when equal_nan).
Tensor isclose(const Tensor& a, const Tensor& b, double rtol = 1e-5, double atol = 1e-8,
               bool equal_nan = false);
bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-5, double atol = 1e-8,
              bool equal_nan = false);
bool equal(const Tensor& a, const Tensor& b);  // same shape and elements

// The dtype a binary op of a and b computes in (PyTorch's result_type rules:
// 0-dim tensors and Scalars do not upcast dimensioned tensors within a category).
DType result_type(const Tensor& a, const Tensor& b);
DType result_type(const Tensor& a, Scalar b);

#define TYCHE_BINARY_OPERATOR(OP, FN)                                              \
  inline Tensor operator OP(const Tensor& a, const Tensor& b) { return FN(a, b); } \
  Tensor operator OP(const Tensor& a, Scalar b);                                    \
  Tensor operator OP(Scalar a, const Tensor& b);
TYCHE_BINARY_OPERATOR(+, add)
TYCHE_BINARY_OPERATOR(-, sub)
TYCHE_BINARY_OPERATOR(*, mul)
TYCHE_BINARY_OPERATOR(/, div)
TYCHE_BINARY_OPERATOR(==, eq)
TYCHE_BINARY_OPERATOR(!=, ne)
TYCHE_BINARY_OPERATOR(<, lt)
TYCHE_BINARY_OPERATOR(<=, le)
TYCHE_BINARY_OPERATOR(>, gt)
TYCHE_BINARY_OPERATOR(>=, ge)
#undef TYCHE_BINARY_OPERATOR
inline Tensor operator-(const Tensor& a) { return neg(a); }
inline Tensor operator!(const Tensor& a) { return logical_not(a); }

// ---------------------------------------------------------------- reductions
Tensor sum(const Tensor& x, IntList dims = {}, bool keepdim = false);
Tensor mean(const Tensor& x, IntList dims = {}, bool keepdim = false);
Tensor prod(const Tensor& x, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor amax(const Tensor& x, IntList dims = {}, bool keepdim = false);
Tensor amin(const Tensor& x, IntList dims = {}, bool keepdim = false);
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim = false);
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor argmax(const Tensor& x, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& x, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor logsumexp(const Tensor& x, IntList dims = {}, bool keepdim = false);
Tensor var(const Tensor& x, IntList dims = {}, int64_t correction = 1, bool keepdim = false);
Tensor std(const Tensor& x, IntList dims = {}, int64_t correction = 1, bool keepdim = false);
Tensor norm(const Tensor& x, double p = 2, IntList dims = {}, bool keepdim = false);
Tensor all(const Tensor& x, IntList dims = {}, bool keepdim = false);
Tensor any(const Tensor& x, IntList dims = {}, bool keepdim = false);
Tensor cumsum(const Tensor& x, int64_t dim);
Tensor cumprod(const Tensor& x, int64_t dim);
Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);

// ---------------------------------------------------------------- indexing & joining
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index);
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor masked_fill(const Tensor& x, const Tensor& mask, Scalar v);
// x with the indexed elements set to (accumulate: increased by) value; the
// out-of-place form of x.index_put_(idx, value, accumulate).
Tensor index_put(const Tensor& x, const std::vector<TensorIndex>& idx, const Tensor& value,
                 bool accumulate = false);
Tensor masked_select(const Tensor& x, const Tensor& mask);   // 1-D result
Tensor nonzero(const Tensor& x);                             // [n, dim] int64
Tensor cat(const std::vector<Tensor>& ts, int64_t dim = 0);
Tensor stack(const std::vector<Tensor>& ts, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& x, IntList sizes, int64_t dim = 0);
std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim = 0);
std::vector<Tensor> unbind(const Tensor& x, int64_t dim = 0);
Tensor flip(const Tensor& x, IntList dims);
Tensor repeat(const Tensor& x, IntList repeats);
Tensor tril(const Tensor& x, int64_t diagonal = 0);
Tensor triu(const Tensor& x, int64_t diagonal = 0);
Tensor diag_embed(const Tensor& x);      // [..., n] -> [..., n, n]

// ---------------------------------------------------------------- linear algebra
// All batched over leading dims (broadcast), in float32 or float64.
Tensor matmul(const Tensor& a, const Tensor& b);   // NumPy 1-D/2-D/N-D rules
Tensor dot(const Tensor& a, const Tensor& b);      // 1-D . 1-D -> 0-dim
Tensor outer(const Tensor& a, const Tensor& b);
Tensor cholesky(const Tensor& A, bool upper = false);   // throws if not positive definite
// Solves A X = B given A's Cholesky factor L (torch.cholesky_solve(B, L, upper)).
Tensor cholesky_solve(const Tensor& B, const Tensor& L, bool upper = false);
// Solves A X = B (left) or X A = B (!left) with A triangular.
Tensor triangular_solve(const Tensor& A, const Tensor& B, bool upper, bool left = true,
                        bool unitriangular = false);
Tensor solve(const Tensor& A, const Tensor& B);    // A X = B; B [..., n] or [..., n, k]
Tensor inverse(const Tensor& A);
Tensor det(const Tensor& A);
std::tuple<Tensor, Tensor> slogdet(const Tensor& A);   // sign, log|det|
Tensor logdet(const Tensor& A);                      // NaN when det < 0, as PyTorch

// ---------------------------------------------------------------- random
// Each draws from gen (or the default generator) reproducibly.
Tensor rand(IntList sizes, Generator& gen, TensorOptions opt = {});     // U[0, 1)
Tensor rand(IntList sizes, TensorOptions opt = {});
Tensor randn(IntList sizes, Generator& gen, TensorOptions opt = {});    // N(0, 1)
Tensor randn(IntList sizes, TensorOptions opt = {});
Tensor randint(int64_t low, int64_t high, IntList sizes, Generator& gen,
               TensorOptions opt = kInt64);                            // [low, high)
Tensor uniform(IntList sizes, double low, double high, Generator& gen, TensorOptions opt = {});
Tensor normal(const Tensor& mean, const Tensor& std, Generator& gen);
Tensor normal(double mean, double std, IntList sizes, Generator& gen, TensorOptions opt = {});
Tensor bernoulli(const Tensor& probs, Generator& gen);       // same dtype as probs
Tensor exponential(const Tensor& rate, Generator& gen);
// Gamma(concentration, 1) draws (Marsaglia-Tsang), differentiable in concentration
// by implicit reparameterisation (dx/dalpha = -(dP(alpha, x)/dalpha) / p(x; alpha));
// first order only: the gradient itself records no dependence on alpha.
Tensor gamma(const Tensor& concentration, Generator& gen);
Tensor beta(const Tensor& a, const Tensor& b, Generator& gen);
Tensor poisson(const Tensor& rate, Generator& gen);
// Successes in count trials of probability probs (broadcast; count holds
// non-negative integers): inversion for n min(p, 1 - p) < 10, else BTRS.
Tensor binomial(const Tensor& count, const Tensor& probs, Generator& gen);
// Von Mises angles (Best-Fisher rejection), loc and concentration >= 0
// broadcast together; draws wrapped into [-pi, pi).
Tensor von_mises(const Tensor& loc, const Tensor& concentration, Generator& gen);
// Draws num_samples category indices per row of probs [..., k] (unnormalised ok).
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator& gen);
Tensor categorical(const Tensor& probs, Generator& gen);     // [..., k] -> [...] int64
Tensor randperm(int64_t n, Generator& gen);

// ---------------------------------------------------------------- printing
std::ostream& operator<<(std::ostream& os, const Tensor& t);
std::string to_string(const Tensor& t);

// ---------------------------------------------------------------- runtime
void set_num_threads(int n);   // CPU kernels; default: hardware concurrency
int get_num_threads();
// Freed large tensor buffers are kept (up to 512 MiB) for reuse by later ops of
// the same size; this returns them to the system and gives the bytes released.
int64_t release_cached_memory();
// TensorImpls allocated minus freed by the calling thread: a leak check for
// tests (a loop that frees what it makes leaves this unchanged).
int64_t live_tensor_impls();

}  // namespace tyche
