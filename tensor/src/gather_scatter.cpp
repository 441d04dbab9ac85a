// Index ops along one dim: index_select, gather, scatter, scatter_add,
// index_add. Each builds (data, offsets) over its iteration shape and calls
// the shared gather / scatter kernel (cpu/index_kernel.h).
#include "cpu/index_kernel.h"
#include "tyche/native.h"
#include "elementwise.h"

namespace tyche {

namespace {
using detail::IndexCheck;

void check_defined(const Tensor& t, const char* op, const char* what) {
  TYCHE_CHECK(t.defined(), op, what, " tensor is undefined");
}

// PyTorch lets these ops take 0-dim tensors as if they were of shape [1].
Tensor atleast_1d(const Tensor& t) { return t.dim() == 0 ? t.reshape({1}) : t; }

// x's geometry over `shape` with stride 0 along dim: the walk visits the start
// of each line along dim, and the offsets pick the element within it.
Tensor zero_stride_along(const Tensor& x, IntList shape, int64_t dim) {
  Shape st = x.impl()->strides();
  st[static_cast<size_t>(dim)] = 0;
  return detail::restride(x, shape.shape(), std::move(st));
}

// Offsets of a 0-/1-D index laid along dim of `shape`, broadcast over the other dims.
Tensor offsets_along(IntList shape, int64_t dim, const Tensor& index, int64_t stride, const IndexCheck& chk) {
  Tensor offsets = detail::index_offsets(index.reshape({-1}), stride, chk);
  Shape st(shape.size(), 0);
  st[static_cast<size_t>(dim)] = 1;
  return detail::restride(offsets, shape.shape(), std::move(st));
}

void check_index_vector(const Tensor& index, const char* op) {
  detail::check_index_dtype(index, op);
  TYCHE_CHECK(index.dim() <= 1, op, "index must be 0-D or 1-D, got shape ", index.sizes());
}

// torch.gather/scatter shape rules: index has x's ndim, and no dim of index is
// larger than x's (other than dim) or src's (every dim).
void check_gather_shapes(const char* op, const Tensor& x, int64_t dim, const Tensor& index, const Tensor* src) {
  TYCHE_CHECK(index.dim() == x.dim(), op, "index tensor must have the same number of dims as the input; got index ",
              "of shape ", index.sizes(), " and input of shape ", x.sizes());
  for (int64_t d = 0; d < x.dim(); ++d) {
    TYCHE_CHECK(d == dim || index.size(d) <= x.size(d), op, "index of shape ", index.sizes(),
                " is larger than the input of shape ", x.sizes(), " at dim ", d);
    if (src)
      TYCHE_CHECK(index.size(d) <= src->size(d), op, "index of shape ", index.sizes(),
                  " is larger than the source of shape ", src->sizes(), " at dim ", d);
  }
}

// src converted to self's dtype and detached from self's storage: the
// scatter kernels read src while writing self in a different order.
Tensor source_for(const Tensor& self, const Tensor& src, const char* op) {
  detail::check_inplace_dtype(self, src.dtype(), op);
  Tensor s = detail::cast(src, self.dtype());
  return s.shares_storage(self) ? s.clone() : s;
}

Tensor& scatter_into(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, bool accumulate,
                     const char* op) {
  check_defined(self, op, "input");
  check_defined(src, op, "source");
  detail::check_index_dtype(index, op);
  dim = wrap_dim(dim, self.dim(), op);
  Tensor x = atleast_1d(self), idx = atleast_1d(index), s = atleast_1d(src);
  TYCHE_CHECK(s.dim() == x.dim(), op, "source of shape ", src.sizes(),
              " must have the same number of dims as the input of shape ", self.sizes());
  check_gather_shapes(op, x, dim, idx, &s);
  Tensor offsets = detail::index_offsets(idx, x.stride(dim), {op, dim, x.size(dim), false});
  // Only the part of src that index covers takes part.
  Tensor values = detail::restride(s, idx.impl()->sizes(), s.impl()->strides());
  values = source_for(self, values, op);
  detail::index_scatter(zero_stride_along(x, idx.sizes(), dim), values, offsets, accumulate);
  self.impl()->storage()->bump_version();
  return self;
}
}  // namespace

Tensor native::index_select(const Tensor& x, int64_t dim, const Tensor& index) {
  const char* op = "index_select";
  check_defined(x, op, "input");
  check_index_vector(index, op);
  dim = wrap_dim(dim, x.dim(), op);
  Tensor x1 = atleast_1d(x);
  TYCHE_CHECK(x.dim() > 0 || index.numel() == 1, op, "a 0-dim input takes exactly one index, got shape ",
              index.sizes());
  Shape shape = x1.impl()->sizes();
  shape[static_cast<size_t>(dim)] = index.numel();
  Tensor out = detail::new_tensor(shape, x.dtype());
  Tensor offsets = offsets_along(shape, dim, index, x1.stride(dim), {op, dim, x1.size(dim), false});
  detail::index_gather(out, zero_stride_along(x1, shape, dim), offsets);
  return x.dim() == 0 ? out.view({}) : out;
}

Tensor native::gather(const Tensor& x, int64_t dim, const Tensor& index) {
  const char* op = "gather";
  check_defined(x, op, "input");
  detail::check_index_dtype(index, op);
  dim = wrap_dim(dim, x.dim(), op);
  Tensor x1 = atleast_1d(x), idx = atleast_1d(index);
  check_gather_shapes(op, x1, dim, idx, nullptr);
  Tensor out = detail::new_tensor(idx.sizes(), x.dtype());
  Tensor offsets = detail::index_offsets(idx, x1.stride(dim), {op, dim, x1.size(dim), false});
  detail::index_gather(out, zero_stride_along(x1, idx.sizes(), dim), offsets);
  return out.view(index.sizes());
}

Tensor& native::scatter_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_into(self, dim, index, src, false, "scatter_");
}

Tensor& native::scatter_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_into(self, dim, index, src, true, "scatter_add_");
}

Tensor native::scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  check_defined(x, "scatter", "input");
  Tensor out = x.clone();
  return scatter_into(out, dim, index, src, false, "scatter");
}

Tensor native::scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  check_defined(x, "scatter_add", "input");
  Tensor out = x.clone();
  return scatter_into(out, dim, index, src, true, "scatter_add");
}

namespace {
// self.select(dim, index[i]) += src.select(dim, i) for each i (repeats accumulate).
Tensor& index_add_into(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, const char* op) {
  check_defined(self, op, "input");
  check_defined(src, op, "source");
  check_index_vector(index, op);
  dim = wrap_dim(dim, self.dim(), op);
  Tensor x = atleast_1d(self), s = atleast_1d(src);
  bool shapes_ok = s.dim() == x.dim() && s.size(dim) == index.numel();
  for (int64_t d = 0; shapes_ok && d < x.dim(); ++d) shapes_ok = d == dim || s.size(d) == x.size(d);
  TYCHE_CHECK(shapes_ok, op, "source of shape ", src.sizes(), " does not match input of shape ", self.sizes(),
              " with ", index.numel(), " indices along dim ", dim);
  Tensor offsets = offsets_along(s.sizes(), dim, index, x.stride(dim), {op, dim, x.size(dim), false});
  Tensor values = source_for(self, s, op);
  detail::index_scatter(zero_stride_along(x, s.sizes(), dim), values, offsets, true);
  self.impl()->storage()->bump_version();
  return self;
}
}  // namespace

Tensor& native::index_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return index_add_into(self, dim, index, src, "index_add_");
}

Tensor native::index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  check_defined(x, "index_add", "input");
  Tensor out = x.clone();
  return index_add_into(out, dim, index, src, "index_add");
}

}  // namespace tyche
