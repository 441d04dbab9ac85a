// Derivatives of views and copies. Shape-only views send g back by reshape
// or permute; views that pick elements (slice, select, diagonal, as_strided,
// unfold) scatter g back through the same view of an index tensor.
#include "formula.h"

namespace tyche {

using autograd::detail::BackwardFn;
using autograd::detail::embed_view_grad;
using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

namespace {

// Records y = compute() as a view of x; args are kept in ints.
template <class F>
Tensor view_op(const char* name, const Tensor& x, F&& compute, BackwardFn fn, std::initializer_list<int64_t> args = {}) {
  Op op(name, x);
  Tensor y = compute();
  if (op) {
    Node& n = op.finish(y, fn);
    for (int64_t a : args) n.ints.push_back(a);
  }
  return y;
}

// For views that only regroup elements: g back to the input's shape.
Grads reshape_back(Node& n, const Tensor& g) { return {g.reshape(n.input_shape(0))}; }

Tensor slice_of(const Tensor& base, const Node& n) {
  std::optional<int64_t> start, stop;
  if (n.ints[1]) start = n.ints[2];
  if (n.ints[3]) stop = n.ints[4];
  return native::slice(base, n.ints[0], start, stop, n.ints[5]);
}
Tensor select_of(const Tensor& base, const Node& n) { return native::select(base, n.ints[0], n.ints[1]); }
Tensor diagonal_of(const Tensor& base, const Node& n) {
  return native::diagonal(base, n.ints[0], n.ints[1], n.ints[2]);
}
Tensor unfold_of(const Tensor& base, const Node& n) { return native::unfold(base, n.ints[0], n.ints[1], n.ints[2]); }
// ints: ndim, sizes..., strides..., offset relative to the (contiguous) input.
Tensor as_strided_of(const Tensor& base, const Node& n) {
  size_t nd = static_cast<size_t>(n.ints[0]);
  return native::as_strided(base, IntList(n.ints.data() + 1, nd), IntList(n.ints.data() + 1 + nd, nd),
                            base.storage_offset() + n.ints[1 + 2 * nd]);
}

}  // namespace

Tensor Tensor::view(IntList sizes) const {
  return view_op("view", *this, [&] { return native::view(*this, sizes); }, reshape_back);
}
Tensor Tensor::reshape(IntList sizes) const {
  return view_op("reshape", *this, [&] { return native::reshape(*this, sizes); }, reshape_back);
}
Tensor Tensor::squeeze() const {
  return view_op("squeeze", *this, [&] { return native::squeeze(*this); }, reshape_back);
}
Tensor Tensor::squeeze(int64_t dim) const {
  return view_op("squeeze", *this, [&] { return native::squeeze(*this, dim); }, reshape_back);
}
Tensor Tensor::unsqueeze(int64_t dim) const {
  return view_op("unsqueeze", *this, [&] { return native::unsqueeze(*this, dim); }, reshape_back);
}
// d expand: the engine sums g over the expanded dims
Tensor Tensor::expand(IntList sizes) const {
  return view_op("expand", *this, [&] { return native::expand(*this, sizes); },
                 [](Node&, const Tensor& g) -> Grads { return {g}; });
}
// d permute = g permuted back
Tensor Tensor::permute(IntList dims) const {
  Op op("permute", *this);
  Tensor y = native::permute(*this, dims);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Shape inverse(n.ints.size());
      for (size_t i = 0; i < n.ints.size(); ++i) inverse[static_cast<size_t>(n.ints[i])] = static_cast<int64_t>(i);
      return {g.permute(inverse)};
    });
    for (int64_t d : dims) n.ints.push_back(wrap_dim(d, dim(), "permute"));
  }
  return y;
}
Tensor Tensor::transpose(int64_t d0, int64_t d1) const {
  return view_op("transpose", *this, [&] { return native::transpose(*this, d0, d1); },
                 [](Node& n, const Tensor& g) -> Grads { return {g.transpose(n.ints[0], n.ints[1])}; }, {d0, d1});
}

Tensor Tensor::slice(int64_t dim, std::optional<int64_t> start, std::optional<int64_t> stop, int64_t step) const {
  return view_op("slice", *this, [&] { return native::slice(*this, dim, start, stop, step); },
                 [](Node& n, const Tensor& g) -> Grads { return {embed_view_grad(g, n.input_shape(0), n, slice_of)}; },
                 {dim, start.has_value(), start.value_or(0), stop.has_value(), stop.value_or(0), step});
}
Tensor Tensor::select(int64_t dim, int64_t index) const {
  return view_op("select", *this, [&] { return native::select(*this, dim, index); },
                 [](Node& n, const Tensor& g) -> Grads { return {embed_view_grad(g, n.input_shape(0), n, select_of)}; },
                 {dim, index});
}
Tensor Tensor::diagonal(int64_t offset, int64_t dim1, int64_t dim2) const {
  return view_op("diagonal", *this, [&] { return native::diagonal(*this, offset, dim1, dim2); },
                 [](Node& n, const Tensor& g) -> Grads {
                   return {embed_view_grad(g, n.input_shape(0), n, diagonal_of)};
                 },
                 {offset, dim1, dim2});
}
Tensor Tensor::unfold(int64_t dim, int64_t size, int64_t step) const {
  return view_op("unfold", *this, [&] { return native::unfold(*this, dim, size, step); },
                 [](Node& n, const Tensor& g) -> Grads { return {embed_view_grad(g, n.input_shape(0), n, unfold_of)}; },
                 {dim, size, step});
}
Tensor Tensor::as_strided(IntList sizes, IntList strides, std::optional<int64_t> offset) const {
  Op op("as_strided", *this);
  Tensor y = native::as_strided(*this, sizes, strides, offset);
  if (op) {
    TYCHE_CHECK(is_contiguous(), "as_strided",
                "the gradient of as_strided is defined here only for a contiguous input; got shape ", this->sizes(),
                " with strides ", this->strides());
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      return {embed_view_grad(g, n.input_shape(0), n, as_strided_of)};
    });
    n.ints.push_back(static_cast<int64_t>(sizes.size()));
    for (int64_t s : sizes) n.ints.push_back(s);
    for (int64_t s : strides) n.ints.push_back(s);
    n.ints.push_back(offset.value_or(storage_offset()) - storage_offset());
  }
  return y;
}

// d to(dtype) = g (the engine casts it back to the input's dtype)
Tensor Tensor::to(DType dtype, bool copy) const {
  if (dtype == this->dtype() && !copy && defined()) return *this;
  if (!is_floating(dtype)) return native::to(*this, dtype, copy);  // integers carry no gradient
  return view_op("to", *this, [&] { return native::to(*this, dtype, copy); },
                 [](Node&, const Tensor& g) -> Grads { return {g}; });
}

}  // namespace tyche
