// Derivatives of indexing, gathering, scattering and joining.
//  - Basic indexing (integers, slices, None, Ellipsis) is a view: its
//    gradient scatters back through the same index of an index tensor.
//  - Advanced indexing is expressed as index_select on the flattened tensor
//    at the positions the index picks, so it needs no formula of its own.
#include "formula.h"

namespace tyche {

using autograd::detail::embed_view_grad;
using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

namespace {

using Indices = std::span<const TensorIndex>;

bool is_basic(Indices idx) {
  for (const TensorIndex& i : idx)
    if (i.kind() == TensorIndex::Kind::Tensor || i.kind() == TensorIndex::Kind::Boolean) return false;
  return true;
}

// Basic indices <-> ints, 6 per index: kind, integer or slice fields.
void encode_basic(Indices idx, Shape& out) {
  for (const TensorIndex& i : idx) {
    const Slice& s = i.slice();
    bool slice = i.kind() == TensorIndex::Kind::Slice;
    out.push_back(static_cast<int64_t>(i.kind()));
    out.push_back(slice ? 0 : i.integer());
    out.push_back(slice && s.start.has_value());
    out.push_back(slice ? s.start.value_or(0) : 0);
    out.push_back(slice && s.stop.has_value());
    out.push_back(slice ? s.stop.value_or(0) : 0);
    out.push_back(slice ? s.step : 1);
  }
}
std::vector<TensorIndex> decode_basic(const Shape& in) {
  std::vector<TensorIndex> idx;
  for (size_t j = 0; j + 7 <= in.size(); j += 7) {
    switch (static_cast<TensorIndex::Kind>(in[j])) {
      case TensorIndex::Kind::Integer: idx.emplace_back(in[j + 1]); break;
      case TensorIndex::Kind::None: idx.emplace_back(None); break;
      case TensorIndex::Kind::Ellipsis: idx.emplace_back(Ellipsis); break;
      default:
        idx.emplace_back(Slice(in[j + 2] ? SliceBound(in[j + 3]) : SliceBound(),
                               in[j + 4] ? SliceBound(in[j + 5]) : SliceBound(), in[j + 6]));
    }
  }
  return idx;
}
Tensor basic_index_of(const Tensor& base, const Node& n) { return native::index(base, decode_basic(n.ints)); }

// Positions (into x flattened) of the elements idx picks, shaped like the result.
Tensor positions_of(const Tensor& x, Indices idx) {
  return native::index(arange(x.numel()).view(x.sizes()), idx);
}

// The index list as a span, so the brace form allocates nothing.
Tensor index_of(const Tensor& self, Indices idx) {
  if (!autograd::detail::recording(self)) return native::index(self, idx);
  if (!is_basic(idx)) {
    Tensor pos = positions_of(self, idx);
    return index_select(self.reshape({-1}), 0, pos.reshape({-1})).view(pos.sizes());
  }
  Op op("index", self);
  Tensor y = native::index(self, idx);
  Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
    return {embed_view_grad(g, n.input_shape(0), n, basic_index_of)};
  });
  encode_basic(idx, n.ints);
  return y;
}

}  // namespace

Tensor Tensor::index(const std::vector<TensorIndex>& idx) const { return index_of(*this, idx); }
Tensor Tensor::index(std::initializer_list<TensorIndex> idx) const {
  return index_of(*this, Indices(idx.begin(), idx.size()));
}

// x with the indexed elements set to (or, with accumulate, increased by) value.
// d = (g with the written elements zeroed (or g), g at the written positions)
Tensor index_put(const Tensor& x, const std::vector<TensorIndex>& idx, const Tensor& value, bool accumulate) {
  if (!autograd::detail::recording(x, value)) {
    Tensor out = x.clone();
    native::index_put_(out, idx, value, accumulate);
    return out;
  }
  Tensor pos = positions_of(x, idx);
  Op op("index_put", x, value);
  Tensor out = native::to(x, x.dtype(), /*copy=*/true);
  native::index_put_(out, idx, value, accumulate);
  Node& n = op.finish(out, [](Node& n, const Tensor& g) -> Grads {
    Tensor pos = n.saved_tensor(0).reshape({-1});
    Tensor flat = g.reshape({-1});
    Tensor gx, gv;
    if (n.needs(0)) gx = n.ints[0] ? g : index_put(flat, {pos}, zeros({1}, g.dtype()), false).view(g.sizes());
    if (n.needs(1)) gv = index_select(flat, 0, pos).view(n.saved_tensor(0).sizes());
    return {gx, gv};
  });
  n.ints = {accumulate};
  n.save(pos);
  return out;
}

// d index_select = (zeros with g added at the index, -)
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index) {
  Op op("index_select", x);
  Tensor y = native::index_select(x, dim, index);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      return {index_add(zeros(n.input_shape(0), g.dtype()), n.ints[0], n.saved_tensor(0), g)};
    });
    n.ints = {dim};
    n.save(index);
  }
  return y;
}
// d gather = zeros with g scatter-added at the index
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) {
  Op op("gather", x);
  Tensor y = native::gather(x, dim, index);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      return {scatter_add(zeros(n.input_shape(0), g.dtype()), n.ints[0], n.saved_tensor(0), g)};
    });
    n.ints = {dim};
    n.save(index);
  }
  return y;
}

namespace {
// The gradient of src, which may be larger than index (its extra elements are
// unused): g gathered at the index, padded with zeros to src's shape.
Tensor src_grad(const Node& n, const Tensor& gathered) {
  IntList src_shape = n.input_shape(1);
  if (gathered.sizes() == src_shape) return gathered;
  std::vector<TensorIndex> block;
  for (int64_t s : gathered.sizes()) block.emplace_back(Slice(0, s));
  return index_put(zeros(src_shape, gathered.dtype()), block, gathered);
}

// Records scatter-like out = f(x, dim, index, src); formula gets saved 0 = index.
template <class F>
Tensor scatter_like(const char* name, const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src,
                    F&& compute, autograd::detail::BackwardFn fn) {
  Op op(name, x, src);
  Tensor y = compute();
  if (op) {
    Node& n = op.finish(y, fn);
    n.ints = {dim};
    n.save(index);
  }
  return y;
}
}  // namespace

// d scatter = (g with the written elements zeroed, g gathered at the index)
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_like("scatter", x, dim, index, src, [&] { return native::scatter(x, dim, index, src); },
                      [](Node& n, const Tensor& g) -> Grads {
                        Tensor idx = n.saved_tensor(0);
                        int64_t d = n.ints[0];
                        return {n.needs(0) ? scatter(g, d, idx, zeros(idx.sizes(), g.dtype())) : Tensor(),
                                n.needs(1) ? src_grad(n, gather(g, d, idx)) : Tensor()};
                      });
}
// d scatter_add = (g, g gathered at the index)
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_like("scatter_add", x, dim, index, src, [&] { return native::scatter_add(x, dim, index, src); },
                      [](Node& n, const Tensor& g) -> Grads {
                        return {g, n.needs(1) ? src_grad(n, gather(g, n.ints[0], n.saved_tensor(0))) : Tensor()};
                      });
}
// d index_add = (g, g selected at the index)
Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_like("index_add", x, dim, index, src, [&] { return native::index_add(x, dim, index, src); },
                      [](Node& n, const Tensor& g) -> Grads {
                        return {g, n.needs(1) ? index_select(g, n.ints[0], n.saved_tensor(0)) : Tensor()};
                      });
}
// d masked_fill = g with the filled elements zeroed
Tensor masked_fill(const Tensor& x, const Tensor& mask, Scalar v) {
  Op op("masked_fill", x);
  Tensor y = native::masked_fill(x, mask, v);
  if (op)
    op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {masked_fill(g, n.saved_tensor(0), 0.0)}; }).save(mask);
  return y;
}

// d cat = the slices of g each input filled
Tensor cat(const std::vector<Tensor>& ts, int64_t dim) {
  Op op("cat", ts);
  Tensor y = native::cat(ts, dim);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Grads grads;
      int64_t d = n.ints[0], offset = 0;
      for (size_t i = 0; i < n.inputs.size(); ++i) {
        IntList shape = n.input_shape(i);
        if (shape.size() == 1 && shape[0] == 0 && g.dim() != 1) {  // skipped by cat
          grads.push_back(zeros(shape, g.dtype()));
          continue;
        }
        int64_t len = shape[static_cast<size_t>(d)];
        grads.push_back(n.needs(i) ? g.narrow(d, offset, len) : Tensor());
        offset += len;
      }
      return grads;
    });
    n.ints = {wrap_dim(dim, y.dim(), "cat")};
  }
  return y;
}

// d tril = tril(g); d triu = triu(g); d diag_embed = the diagonal of g
Tensor tril(const Tensor& x, int64_t k) {
  Op op("tril", x);
  Tensor y = native::tril(x, k);
  if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {tril(g, n.ints[0])}; }).ints = {k};
  return y;
}
Tensor triu(const Tensor& x, int64_t k) {
  Op op("triu", x);
  Tensor y = native::triu(x, k);
  if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {triu(g, n.ints[0])}; }).ints = {k};
  return y;
}
Tensor diag_embed(const Tensor& x) {
  Op op("diag_embed", x);
  Tensor y = native::diag_embed(x);
  if (op) op.finish(y, [](Node&, const Tensor& g) -> Grads { return {g.diagonal(0, -2, -1)}; });
  return y;
}

}  // namespace tyche
