// Reductions (PyTorch semantics). Each op picks its compute dtype and runs one
// reduction op (cpu/reduce_kernel.h) over its input laid out as rows or
// columns (reduce.h); logsumexp, var, std and norm are composed from those
// and elementwise ops.
#include "reduce.h"
#include "tyche/native.h"

#include <cmath>
#include <limits>

#include "cpu/reduce_kernel.h"
#include "dispatch.h"

namespace tyche {

namespace detail {

ReduceDims reduce_dims(const Tensor& x, IntList dims, bool keepdim, const char* op) {
  TYCHE_CHECK(x.defined(), op, "input tensor is undefined");
  const int64_t nd = x.dim();
  // 1 where a dim is reduced (Shape: no heap for up to 6 dims). A 0-dim
  // tensor accepts dim 0 / -1, which reduce nothing.
  Shape reduced(static_cast<size_t>(nd > 0 ? nd : 1), dims.empty() ? 1 : 0);
  if (!dims.empty()) {
    for (int64_t d : dims) {
      size_t w = static_cast<size_t>(wrap_dim(d, nd, op));
      TYCHE_CHECK(!reduced[w], op, "dim ", w, " appears multiple times in the list of dims ", dims,
                  " (tensor of shape ", x.sizes(), ")");
      reduced[w] = 1;
    }
  }
  ReduceDims rd;
  for (int64_t d = 0; d < nd; ++d) {
    int64_t size = x.sizes()[static_cast<size_t>(d)];
    if (reduced[static_cast<size_t>(d)]) {
      rd.reduced.push_back(d);
      rd.count *= size;
      if (keepdim) rd.out_shape.push_back(1);
    } else {
      rd.perm.push_back(d);
      rd.outer *= size;
      rd.out_shape.push_back(size);
    }
  }
  for (int64_t d : rd.reduced) rd.perm.push_back(d);
  return rd;
}

Tensor rows_of(const Tensor& x, const ReduceDims& rd, DType t) {
  Tensor p = x.permute(rd.perm);
  return p.dtype() == t ? p.contiguous() : p.to(t);  // to() always yields a contiguous copy
}

std::optional<Columns> columns_of(const Tensor& x, const ReduceDims& rd) {
  if (rd.reduced.empty() || !x.is_contiguous()) return std::nullopt;
  const int64_t lo = rd.reduced[0], hi = rd.reduced[rd.reduced.size() - 1];
  if (hi - lo + 1 != static_cast<int64_t>(rd.reduced.size())) return std::nullopt;  // not adjacent
  Columns c{1, rd.count, 1};
  for (int64_t d = 0; d < lo; ++d) c.outer *= x.sizes()[static_cast<size_t>(d)];
  for (int64_t d = hi + 1; d < x.dim(); ++d) c.inner *= x.sizes()[static_cast<size_t>(d)];
  if (c.inner == 1) return std::nullopt;  // plain rows, already in place
  return c;
}

void check_nonempty(const Tensor& x, const ReduceDims& rd, const char* op) {
  TYCHE_CHECK(rd.count > 0, op, "cannot reduce over zero elements of a tensor of shape ", x.sizes(),
              ": the operation has no identity");
}

void check_floating(const Tensor& x, const char* op) {
  TYCHE_CHECK(is_floating(x.dtype()), op, "expected a floating input (float32 or float64), got dtype ",
              x.dtype(), "; convert it with .to(kFloat32) first");
}

namespace {

// Whether the reduced dims are the last ones (then rows_of's permutation is the identity).
bool trailing_reduced(const ReduceDims& rd) {
  for (size_t i = 0; i < rd.perm.size(); ++i)
    if (rd.perm[i] != static_cast<int64_t>(i)) return false;
  return true;
}

// Runs op over x (converted to Op::Value) reduced over rd: store(i, acc) for
// each result i, in row-major order of the result. Picks the layout (reduce.h).
template <class Op, class Store>
void run_reduction(const Tensor& x, const ReduceDims& rd, const Op& op, const Store& store) {
  using T = typename Op::Value;
  if (auto c = columns_of(x, rd)) {
    Tensor xt = cast(x, dtype_of_v<T>);  // a converted copy keeps x's contiguous layout
    reduce_columns(xt.data_ptr<T>(), c->outer, c->count, c->inner, op, store);
    return;
  }
  if (x.is_contiguous() && x.dtype() == dtype_of_v<T> && trailing_reduced(rd)) {  // rows in place: no view
    reduce_rows(x.data_ptr<T>(), rd.outer, rd.count, op, store);
    return;
  }
  Tensor rows = rows_of(x, rd, dtype_of_v<T>);
  reduce_rows(rows.data_ptr<T>(), rd.outer, rd.count, op, store);
}

// One result per output element: op.finish(acc, count), of dtype Op::Value.
template <class Op>
Tensor reduce_values(const Tensor& x, const ReduceDims& rd, const Op& op = {}) {
  using T = typename Op::Value;
  Tensor out = new_tensor(rd.out_shape, dtype_of_v<T>);
  T* o = out.data_ptr<T>();
  run_reduction(x, rd, op, [&](int64_t i, const auto& acc) { o[i] = op.finish(acc, rd.count); });
  return out;
}

// Runs Op<T> with T the C++ type of dtype t (numeric dtypes only).
template <template <class> class Op>
Tensor reduce_numeric(const Tensor& x, const ReduceDims& rd, DType t, const char* op) {
  return dispatch_numeric(t, op, [&](auto tag) {
    return reduce_values(x, rd, Op<typename decltype(tag)::type>{});
  });
}

// Integers and bools accumulate in int64, as PyTorch's sum and prod.
DType sum_dtype(DType t) { return is_floating(t) ? t : kInt64; }
// Bools are compared as int32, then converted back, so the kernels stay numeric.
DType compare_dtype(DType t) { return t == kBool ? kInt32 : t; }

// amax / amin over dims.
template <bool IsMax>
Tensor extremum(const Tensor& x, IntList dims, bool keepdim, const char* op) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, op);
  check_nonempty(x, rd, op);
  DType ct = compare_dtype(x.dtype());
  Tensor out = IsMax ? reduce_numeric<MaxOp>(x, rd, ct, op) : reduce_numeric<MinOp>(x, rd, ct, op);
  return cast(out, x.dtype());
}

// (values, int64 indices) of the max / min over the dims of rd (first occurrence; NaN wins).
template <bool IsMax>
std::tuple<Tensor, Tensor> extremum_with_index(const Tensor& x, const ReduceDims& rd, const char* op) {
  check_nonempty(x, rd, op);
  DType ct = compare_dtype(x.dtype());
  Tensor values = new_tensor(rd.out_shape, ct);
  Tensor indices = new_tensor(rd.out_shape, kInt64);
  int64_t* idx = indices.data_ptr<int64_t>();
  dispatch_numeric(ct, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* val = values.data_ptr<T>();
    run_reduction(x, rd, ArgExtremumOp<T, IsMax>{}, [&](int64_t i, const auto& acc) {
      val[i] = acc.value;
      idx[i] = acc.index;
    });
  });
  return {cast(values, x.dtype()), indices};
}

// The dims argument of prod / argmax: one dim, or all of them.
IntList optional_dim(const std::optional<int64_t>& dim) {
  return dim ? IntList(&*dim, 1) : IntList();
}

// var (or std when take_sqrt): two-pass, sum((x - mean)^2) / max(count - correction, 0).
Tensor variance(const Tensor& x, IntList dims, int64_t correction, bool keepdim, bool take_sqrt,
                const char* op) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, op);
  check_floating(x, op);
  Tensor centered = x - mean(x, dims, /*keepdim=*/true);
  // PyTorch clamps the divisor at 0, giving inf (or NaN for 0/0) when correction >= count.
  double divisor = static_cast<double>(std::max<int64_t>(rd.count - correction, 0));
  Tensor v = sum(square(centered), dims, keepdim) / divisor;
  return take_sqrt ? sqrt(v) : v;
}

}  // namespace
}  // namespace detail

using namespace detail;

Tensor native::sum(const Tensor& x, IntList dims, bool keepdim) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, "sum");
  return reduce_numeric<SumOp>(x, rd, sum_dtype(x.dtype()), "sum");
}

Tensor native::mean(const Tensor& x, IntList dims, bool keepdim) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, "mean");
  check_floating(x, "mean");
  return reduce_numeric<MeanOp>(x, rd, x.dtype(), "mean");
}

Tensor native::prod(const Tensor& x, std::optional<int64_t> dim, bool keepdim) {
  ReduceDims rd = reduce_dims(x, optional_dim(dim), keepdim, "prod");
  return reduce_numeric<ProdOp>(x, rd, sum_dtype(x.dtype()), "prod");
}

Tensor native::amax(const Tensor& x, IntList dims, bool keepdim) { return extremum<true>(x, dims, keepdim, "amax"); }
Tensor native::amin(const Tensor& x, IntList dims, bool keepdim) { return extremum<false>(x, dims, keepdim, "amin"); }

std::tuple<Tensor, Tensor> native::max(const Tensor& x, int64_t dim, bool keepdim) {
  return extremum_with_index<true>(x, reduce_dims(x, {dim}, keepdim, "max"), "max");
}
std::tuple<Tensor, Tensor> native::min(const Tensor& x, int64_t dim, bool keepdim) {
  return extremum_with_index<false>(x, reduce_dims(x, {dim}, keepdim, "min"), "min");
}

// Without a dim, the index is into the flattened (row-major) tensor.
Tensor argmax(const Tensor& x, std::optional<int64_t> dim, bool keepdim) {
  return std::get<1>(extremum_with_index<true>(x, reduce_dims(x, optional_dim(dim), keepdim, "argmax"), "argmax"));
}
Tensor argmin(const Tensor& x, std::optional<int64_t> dim, bool keepdim) {
  return std::get<1>(extremum_with_index<false>(x, reduce_dims(x, optional_dim(dim), keepdim, "argmin"), "argmin"));
}

// max-shifted: log(sum(exp(x - m))) + m, with m = 0 where the max is infinite
// (so all -inf gives -inf and a +inf gives +inf rather than NaN), as PyTorch.
// Integer and bool inputs are promoted to default_dtype().
Tensor native::logsumexp(const Tensor& x, IntList dims, bool keepdim) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, "logsumexp");
  Tensor xf = cast(x, is_floating(x.dtype()) ? x.dtype() : default_dtype());
  if (xf.numel() == 0) return native::log(native::sum(native::exp(xf), dims, keepdim));  // no max to shift by: log(0) = -inf
  Tensor m = native::amax(xf, dims, /*keepdim=*/true);
  Tensor shift = native::where(isinf(m), 0.0, m);
  Tensor r = native::log(native::sum(native::exp(xf - shift), dims, /*keepdim=*/true)) + shift;
  // A group of only -inf holds no mass: exactly -inf, whatever exp(-inf)
  // returns (Eigen's vectorised exp gives a tiny subnormal, not 0).
  r = native::where(m == -std::numeric_limits<double>::infinity(), m, r);
  return r.reshape(rd.out_shape);
}

Tensor var(const Tensor& x, IntList dims, int64_t correction, bool keepdim) {
  return variance(x, dims, correction, keepdim, /*take_sqrt=*/false, "var");
}
Tensor std(const Tensor& x, IntList dims, int64_t correction, bool keepdim) {
  return variance(x, dims, correction, keepdim, /*take_sqrt=*/true, "std");
}

// Vector p-norm over dims: p = inf / -inf take max / min |x|, p = 0 counts
// nonzeros, otherwise (sum |x|^p)^(1/p) with p = 1, 2 special-cased.
// Composed of the public (differentiable) ops; autograd gives p = 2 its own
// formula so that the gradient at 0 is 0.
Tensor native::norm(const Tensor& x, double p, IntList dims, bool keepdim) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, "norm");
  check_floating(x, "norm");
  TYCHE_CHECK(!std::isnan(p), "norm", "p must not be NaN");
  if (std::isinf(p)) {
    TYCHE_CHECK(rd.count > 0, "norm", "cannot compute the ", p, " norm over zero elements of a tensor of shape ",
                x.sizes(), ": the operation has no identity");
    return p > 0 ? tyche::amax(tyche::abs(x), dims, keepdim) : tyche::amin(tyche::abs(x), dims, keepdim);
  }
  if (p == 0) return tyche::sum(x != 0, dims, keepdim).to(x.dtype());
  if (p == 1) return tyche::sum(tyche::abs(x), dims, keepdim);
  if (p == 2) return tyche::sqrt(tyche::sum(tyche::square(x), dims, keepdim));
  return tyche::pow(tyche::sum(tyche::pow(tyche::abs(x), p), dims, keepdim), 1.0 / p);
}

// Truthiness as C++ (NaN is true), reduced as bools; the result is bool.
Tensor all(const Tensor& x, IntList dims, bool keepdim) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, "all");
  return reduce_values(x, rd, AllAnyOp<true>{});
}
Tensor any(const Tensor& x, IntList dims, bool keepdim) {
  ReduceDims rd = reduce_dims(x, dims, keepdim, "any");
  return reduce_values(x, rd, AllAnyOp<false>{});
}

}  // namespace tyche
