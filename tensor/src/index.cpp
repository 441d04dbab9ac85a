// tensor.index({...}) and index_put_ with NumPy/PyTorch semantics, plus the
// mask ops built on them (masked_fill, masked_select) and nonzero.
//
// An index list is applied in two stages. Basic indices (integers, slices,
// None, Ellipsis) become a view. Advanced indices (integer / bool tensors,
// bool scalars) are recorded against the dims of that view; if there are any,
// the result is gathered (or, for index_put_, scattered) through the shared
// kernels in cpu/index_kernel.h. As in PyTorch, integers are basic indices
// (a select), so x[1, :, idx] keeps the advanced result in idx's place.
#include <algorithm>
#include "tyche/native.h"
#include <cmath>
#include <span>

#include "cpu/index_kernel.h"
#include "cpu/loops.h"
#include "dispatch.h"
#include "elementwise.h"

namespace tyche {

namespace {
using Indices = std::span<const TensorIndex>;

// One advanced index: an int32/int64 tensor indexing view dim `dim`, or a
// k-dim bool mask indexing view dims [dim, dim + k).
struct AdvancedIndex {
  int64_t dim;
  Tensor index;
  bool is_mask() const { return index.dtype() == kBool; }
  int64_t ndims() const { return is_mask() ? index.dim() : 1; }
};

// The view left by the basic indices and the advanced indices still to apply,
// in increasing order of dim.
struct BasicIndexed {
  Tensor view;
  std::vector<AdvancedIndex> advanced;
};

// The number of dims of the indexed tensor that one index consumes.
int64_t dims_consumed(const TensorIndex& i) {
  switch (i.kind()) {
    case TensorIndex::Kind::Integer:
    case TensorIndex::Kind::Slice: return 1;
    case TensorIndex::Kind::Tensor: return i.tensor().dtype() == kBool ? i.tensor().dim() : 1;
    default: return 0;
  }
}

// A bool scalar adds a dim of size 1 indexed by [0] (true) or [] (false), as NumPy.
void add_bool_scalar(BasicIndexed& r, int64_t& d, bool value) {
  r.view = r.view.unsqueeze(d);
  r.advanced.push_back({d++, value ? zeros({1}, kInt64) : empty({0}, kInt64)});
}

void add_mask(BasicIndexed& r, int64_t& d, const Tensor& mask, const char* op) {
  for (int64_t j = 0; j < mask.dim(); ++j)
    TYCHE_CHECK(mask.size(j) == r.view.size(d + j), op, "the shape of the mask ", mask.sizes(), " at index ", j,
                " does not match the shape of the indexed tensor ", r.view.sizes(), " at index ", d + j);
  r.advanced.push_back({d, mask});
  d += mask.dim();
}

BasicIndexed apply_basic(const Tensor& x, Indices idx, const char* op) {
  TYCHE_CHECK(x.defined(), op, "tensor is undefined");
  int64_t consumed = 0, ellipses = 0;
  for (const TensorIndex& i : idx) {
    if (i.kind() == TensorIndex::Kind::Tensor)
      TYCHE_CHECK(i.tensor().defined(), op, "index tensor is undefined");
    consumed += dims_consumed(i);
    ellipses += i.kind() == TensorIndex::Kind::Ellipsis;
  }
  TYCHE_CHECK(ellipses <= 1, op, "an index can only have a single ellipsis");
  TYCHE_CHECK(consumed <= x.dim(), op, "too many indices for tensor of shape ", x.sizes(), ": ", consumed,
              " dims indexed");
  // A fresh alias, so that even x.index({}) returns a view and not x's own handle.
  BasicIndexed r{detail::restride(x, x.impl()->sizes(), x.impl()->strides()), {}};
  int64_t d = 0;  // the view dim the next index applies to
  for (const TensorIndex& i : idx) {
    switch (i.kind()) {
      case TensorIndex::Kind::Integer: {
        int64_t n = r.view.size(d), v = i.integer();
        TYCHE_CHECK(v >= -n && v < n, op, "index ", v, " is out of bounds for dimension ", d, " with size ", n,
                    " (tensor of shape ", x.sizes(), ")");
        r.view = r.view.select(d, v);
        break;
      }
      case TensorIndex::Kind::Slice:
        TYCHE_CHECK(i.slice().step != 0, op, "slice step cannot be zero");
        r.view = r.view.slice(d++, i.slice().start, i.slice().stop, i.slice().step);
        break;
      case TensorIndex::Kind::None: r.view = r.view.unsqueeze(d++); break;
      case TensorIndex::Kind::Ellipsis: d += x.dim() - consumed; break;
      case TensorIndex::Kind::Boolean: add_bool_scalar(r, d, i.integer() != 0); break;
      case TensorIndex::Kind::Tensor: {
        const Tensor& t = i.tensor();
        if (t.dtype() == kBool && t.dim() == 0) {
          add_bool_scalar(r, d, t.item<bool>());
        } else if (t.dtype() == kBool) {
          add_mask(r, d, t, op);
        } else {
          TYCHE_CHECK(t.dtype() == kInt64 || t.dtype() == kInt32, op,
                      "tensors used as indices must be int64, int32 or bool, got ", t.dtype());
          r.advanced.push_back({d++, t});
        }
        break;
      }
    }
  }
  return r;
}

// Calls f(pos) for each true element of a bool tensor, in row-major order,
// with pos its multi-index (mask.dim() entries).
template <class F>
void for_each_true(const Tensor& mask, const F& f) {
  Tensor c = mask.contiguous();
  const bool* m = static_cast<const bool*>(c.data_ptr());
  const int64_t nd = c.dim(), n = c.numel(), inner = nd == 0 ? 1 : c.size(-1);
  Shape pos(static_cast<size_t>(std::max<int64_t>(nd, 1)), 0);
  for (int64_t row = 0; row < n; row += inner) {
    for (int64_t j = 0; j < inner; ++j)
      if (m[row + j]) {
        pos.back() = j;
        f(pos.data());
      }
    for (int64_t d = nd - 2; d >= 0; --d) {  // next row
      if (++pos[static_cast<size_t>(d)] < c.size(d)) break;
      pos[static_cast<size_t>(d)] = 0;
    }
  }
}

int64_t count_true(const Tensor& mask) {
  Tensor c = mask.contiguous();
  const bool* m = static_cast<const bool*>(c.data_ptr());
  int64_t count = 0;
  for (int64_t i = 0; i < c.numel(); ++i) count += m[i];
  return count;
}

// The element offsets sum_j pos_j * strides[j] of a mask's true elements, as
// [count] int64: a mask indexes straight through, with no nonzero() coordinates.
Tensor mask_offsets(const Tensor& mask, IntList strides) {
  Tensor out = detail::new_tensor({count_true(mask)}, kInt64);
  int64_t* o = static_cast<int64_t*>(out.data_ptr());
  const size_t nd = strides.size();
  for_each_true(mask, [&](const int64_t* pos) {
    int64_t off = 0;
    for (size_t j = 0; j < nd; ++j) off += pos[j] * strides[j];
    *o++ = off;
  });
  return out;
}

// The advanced part of an index as (data, offsets) over the result shape.
struct AdvancedPlan {
  Shape shape;
  Tensor data, offsets;
};

AdvancedPlan plan_advanced(const BasicIndexed& b, const char* op) {
  // The view dims the advanced indices cover, in order.
  std::vector<int64_t> dims;
  for (const AdvancedIndex& a : b.advanced)
    for (int64_t j = 0; j < a.ndims(); ++j) dims.push_back(a.dim + j);
  // NumPy's rule: advanced indices separated by a slice/None put their result dims first.
  Tensor view = b.view;
  int64_t first = dims.front();
  bool adjacent = dims.back() - dims.front() + 1 == static_cast<int64_t>(dims.size());
  if (!adjacent) {
    std::vector<int64_t> perm = dims;
    for (int64_t d = 0; d < view.dim(); ++d)
      if (std::find(dims.begin(), dims.end(), d) == dims.end()) perm.push_back(d);
    view = view.permute(perm);
    first = 0;
  }
  // Each index's element offsets into view, broadcast together and summed.
  std::vector<Tensor> parts;
  Shape bshape;
  int64_t d = first;
  for (const AdvancedIndex& a : b.advanced) {
    parts.push_back(a.is_mask()
                        ? mask_offsets(a.index, IntList(view.strides().data() + d, static_cast<size_t>(a.ndims())))
                        : detail::index_offsets(a.index, view.stride(d), {op, a.dim, view.size(d), true}));
    bshape = broadcast_shapes(bshape, parts.back().sizes(), op);
    d += a.ndims();
  }
  Tensor acc = parts.front();
  for (size_t j = 1; j < parts.size(); ++j) acc = add(acc, parts[j]);

  // Result = view dims before the indexed ones, the broadcast index dims, the dims after.
  const size_t lo = static_cast<size_t>(first), hi = lo + dims.size();
  const Shape& vs = view.impl()->sizes();
  const Shape& vt = view.impl()->strides();
  Shape bstrides = contiguous_strides(bshape);
  AdvancedPlan p;
  Shape data_st, off_st;
  auto keep = [&](size_t k) { p.shape.push_back(vs[k]); data_st.push_back(vt[k]); off_st.push_back(0); };
  for (size_t k = 0; k < lo; ++k) keep(k);
  for (size_t j = 0; j < bshape.size(); ++j) {
    p.shape.push_back(bshape[j]);
    data_st.push_back(0);
    off_st.push_back(bstrides[j]);
  }
  for (size_t k = hi; k < vs.size(); ++k) keep(k);
  p.data = detail::restride(view, p.shape, std::move(data_st));
  p.offsets = detail::restride(acc, p.shape, std::move(off_st));
  return p;
}

Tensor index_impl(const Tensor& x, Indices idx) {
  BasicIndexed b = apply_basic(x, idx, "index");
  if (b.advanced.empty()) return b.view;
  AdvancedPlan p = plan_advanced(b, "index");
  Tensor out = detail::new_tensor(p.shape, x.dtype());
  detail::index_gather(out, p.data, p.offsets);
  return out;
}

void check_value_shape(const Tensor& value, IntList shape, const char* op) {
  Shape s = broadcast_shapes(shape, value.sizes(), op);
  TYCHE_CHECK(IntList(s) == shape, op, "value of shape ", value.sizes(),
              " cannot be broadcast to the indexing result of shape ", shape);
}

Tensor& index_put_impl(Tensor& self, Indices idx, const Tensor& value, bool accumulate) {
  const char* op = "index_put_";
  TYCHE_CHECK(value.defined(), op, "value tensor is undefined");
  BasicIndexed b = apply_basic(self, idx, op);
  if (accumulate) detail::check_inplace_dtype(self, value.dtype(), op);
  if (b.advanced.empty()) {  // a plain view: no index repeats, so elementwise ops suffice
    check_value_shape(value, b.view.sizes(), op);
    if (accumulate) b.view.add_(detail::cast(value, self.dtype()));
    else b.view.copy_(value);
    return self;
  }
  AdvancedPlan p = plan_advanced(b, op);
  check_value_shape(value, p.shape, op);
  Tensor v = detail::cast(value, self.dtype());
  if (v.shares_storage(self)) v = v.clone();  // the scatter reads value while writing self
  detail::index_scatter(p.data, v, p.offsets, accumulate);
  self.impl()->storage()->bump_version();
  return self;
}

// A floating Scalar written into an integer tensor must be finite and in
// range: converting it otherwise is undefined behaviour.
void check_scalar_fits(Scalar v, DType t, const char* op) {
  if (!v.is_floating() || !is_integral(t)) return;
  double d = v.to_double(), lim = t == kInt32 ? 2147483648.0 : 9223372036854775808.0;
  TYCHE_CHECK(std::isfinite(d) && d >= -lim && d < lim, op, "value ", d, " cannot be converted to ", t,
              " without overflow");
}

Tensor& masked_fill_impl(Tensor& self, const Tensor& mask, Scalar v, const char* op) {
  TYCHE_CHECK(self.defined() && mask.defined(), op, "input tensor is undefined");
  TYCHE_CHECK(mask.dtype() == kBool, op, "mask must be a bool tensor, got ", mask.dtype());
  check_value_shape(mask, self.sizes(), op);
  check_scalar_fits(v, self.dtype(), op);
  Tensor m = mask.shares_storage(self) ? mask.clone() : mask;
  detail::StridedIter<2> it(self.sizes(), {&self, &m});
  detail::dispatch(self.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T value = v.to<T>();
    it.run([value](char* const* p, const int64_t* s, int64_t n) {
      char* o = p[0];
      const char* c = p[1];
      for (int64_t i = 0; i < n; ++i, o += s[0], c += s[1])
        if (*reinterpret_cast<const bool*>(c)) *reinterpret_cast<T*>(o) = value;
    });
  });
  self.impl()->storage()->bump_version();
  return self;
}
}  // namespace

Tensor native::index(const Tensor& self, std::span<const TensorIndex> idx) { return index_impl(self, idx); }

Tensor& native::index_put_(Tensor& self, const std::vector<TensorIndex>& idx, const Tensor& value,
                           bool accumulate) {
  return index_put_impl(self, idx, value, accumulate);
}
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> idx, Scalar value) {
  TYCHE_CHECK(defined(), "index_put_", "tensor is undefined");
  check_scalar_fits(value, dtype(), "index_put_");
  return index_put_(std::vector<TensorIndex>(idx), scalar_tensor(value, dtype()), false);
}

Tensor& native::masked_fill_(Tensor& self, const Tensor& mask, Scalar v) {
  return masked_fill_impl(self, mask, v, "masked_fill_");
}

Tensor native::masked_fill(const Tensor& x, const Tensor& mask, Scalar v) {
  TYCHE_CHECK(x.defined() && mask.defined(), "masked_fill", "input tensor is undefined");
  Tensor out = x.expand(broadcast_shapes(x.sizes(), mask.sizes(), "masked_fill")).clone();
  return masked_fill_impl(out, mask, v, "masked_fill");
}

Tensor masked_select(const Tensor& x, const Tensor& mask) {
  TYCHE_CHECK(x.defined() && mask.defined(), "masked_select", "input tensor is undefined");
  TYCHE_CHECK(mask.dtype() == kBool, "masked_select", "mask must be a bool tensor, got ", mask.dtype());
  Shape shape = broadcast_shapes(x.sizes(), mask.sizes(), "masked_select");
  if (shape.empty()) return x.reshape({1}).index({mask.reshape({1})});  // 0-dim: still a 1-D result
  return x.expand(shape).index({mask.expand(shape)});
}

Tensor nonzero(const Tensor& x) {
  TYCHE_CHECK(x.defined(), "nonzero", "input tensor is undefined");
  Tensor mask = x.dtype() == kBool ? x : x != 0;
  const int64_t nd = x.dim();
  Tensor out = detail::new_tensor({count_true(mask), nd}, kInt64);
  int64_t* o = static_cast<int64_t*>(out.data_ptr());
  for_each_true(mask, [&](const int64_t* pos) { o = std::copy(pos, pos + nd, o); });
  return out;
}

}  // namespace tyche
