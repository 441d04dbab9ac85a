// Derivatives of reductions, scans and softmax. ints holds the reduced dims
// followed by keepdim (as the last entry).
#include "formula.h"

namespace tyche {

using autograd::detail::expand_reduced;
using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

namespace {

// Records a reduction over dims; the formula reads them back with dims_and_keep.
Node& record_reduction(Op& op, Tensor& y, IntList dims, bool keepdim, autograd::detail::BackwardFn fn) {
  Node& n = op.finish(y, fn);
  for (int64_t d : dims) n.ints.push_back(d);
  n.ints.push_back(keepdim);
  return n;
}
IntList reduced_dims(const Node& n) { return IntList(n.ints.data(), n.ints.size() - 1); }
bool kept_dims(const Node& n) { return n.ints[n.ints.size() - 1] != 0; }

// g broadcast back to the input (0) shape of a reduction node.
Tensor spread(const Node& n, const Tensor& g) {
  return expand_reduced(g, n.input_shape(0), reduced_dims(n), kept_dims(n));
}

// Along the last dim of v [..., k]: the k x k rows in which element i of row
// i is replaced by 1 (so row products exclude it); shape [..., k, k].
Tensor rows_without_self(const Tensor& v) {
  int64_t k = v.size(-1);
  Shape rows_shape = v.sizes().shape();
  rows_shape.push_back(k);
  return where(eye(k, std::nullopt, kBool), 1.0, v.unsqueeze(-2).expand(rows_shape));
}

// For each element of x, the product of the others in its reduction group
// (all of x, or along dim); exact when some elements are 0.
Tensor products_of_others(const Tensor& x, std::optional<int64_t> dim) {
  if (!dim) return rows_without_self(x.reshape({-1})).prod(-1).reshape(x.sizes());
  if (x.dim() == 0) return ones_like(x);
  return rows_without_self(x.transpose(*dim, -1)).prod(-1).transpose(*dim, -1);
}

}  // namespace

// d sum = g spread over the reduced dims
Tensor sum(const Tensor& x, IntList dims, bool keepdim) {
  Op op("sum", x);
  Tensor y = native::sum(x, dims, keepdim);
  if (op) record_reduction(op, y, dims, keepdim, [](Node& n, const Tensor& g) -> Grads { return {spread(n, g)}; });
  return y;
}
// d mean = g / count spread over the reduced dims
Tensor mean(const Tensor& x, IntList dims, bool keepdim) {
  Op op("mean", x);
  Tensor y = native::mean(x, dims, keepdim);
  if (op)
    record_reduction(op, y, dims, keepdim, [](Node& n, const Tensor& g) -> Grads {
      int64_t in = numel_of(n.input_shape(0));
      int64_t out = numel_of(g.sizes());
      return {spread(n, g) / (out == 0 ? 1.0 : static_cast<double>(in) / static_cast<double>(out))};
    });
  return y;
}

// d amax: g split evenly among the elements equal to the max
template <bool IsMax>
Tensor extremum(const char* name, const Tensor& x, IntList dims, bool keepdim) {
  Op op(name, x);
  Tensor y = IsMax ? native::amax(x, dims, keepdim) : native::amin(x, dims, keepdim);
  if (op) {
    Node& n = record_reduction(op, y, dims, keepdim, [](Node& n, const Tensor& g) -> Grads {
      Tensor x = n.saved_tensor(0);
      Tensor hit = (x == spread(n, n.saved_tensor(1))).to(g.dtype());
      Tensor count = expand_reduced(hit.sum(reduced_dims(n), kept_dims(n)), n.input_shape(0), reduced_dims(n),
                                    kept_dims(n));
      return {spread(n, g) * hit / count};
    });
    n.save(x);
    n.save_output(y);
  }
  return y;
}
Tensor amax(const Tensor& x, IntList dims, bool keepdim) { return extremum<true>("amax", x, dims, keepdim); }
Tensor amin(const Tensor& x, IntList dims, bool keepdim) { return extremum<false>("amin", x, dims, keepdim); }

// d max(x, dim) values: g to the element the index names
template <bool IsMax>
std::tuple<Tensor, Tensor> extremum_at(const char* name, const Tensor& x, int64_t dim, bool keepdim) {
  Op op(name, x);
  auto [values, indices] = IsMax ? native::max(x, dim, keepdim) : native::min(x, dim, keepdim);
  if (op) {
    Node& n = op.finish(values, [](Node& n, const Tensor& g) -> Grads {
      int64_t d = n.ints[0];
      Tensor idx = n.saved_tensor(0), gk = g;
      if (!n.ints[1]) {
        idx = idx.unsqueeze(d);
        gk = g.unsqueeze(d);
      }
      return {scatter(zeros(n.input_shape(0), g.dtype()), d, idx, gk)};
    });
    n.ints = {wrap_dim(dim, std::max<int64_t>(x.dim(), 1), name), keepdim};
    n.save(indices);
  }
  return {values, indices};
}
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim) {
  return extremum_at<true>("max", x, dim, keepdim);
}
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim) {
  return extremum_at<false>("min", x, dim, keepdim);
}

// d prod = g * (product of the other elements); exact when some are 0
Tensor prod(const Tensor& x, std::optional<int64_t> dim, bool keepdim) {
  Op op("prod", x);
  Tensor y = native::prod(x, dim, keepdim);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Tensor x = n.saved_tensor(0);
      std::optional<int64_t> d;
      if (n.ints[0]) d = n.ints[1];
      IntList dims = d ? IntList(&n.ints[1], 1) : IntList();
      bool keep = n.ints[2] != 0;
      Tensor gx = expand_reduced(g, x.sizes(), dims, keep);
      if (!any(x == 0).item<bool>()) return {gx * expand_reduced(n.saved_tensor(1), x.sizes(), dims, keep) / x};
      return {gx * products_of_others(x, d)};
    });
    n.ints = {dim.has_value(), dim ? wrap_dim(*dim, std::max<int64_t>(x.dim(), 1), "prod") : 0, keepdim};
    n.save(x);
    n.save_output(y);
  }
  return y;
}

// d logsumexp = g exp(x - y)
Tensor logsumexp(const Tensor& x, IntList dims, bool keepdim) {
  Op op("logsumexp", x);
  Tensor y = native::logsumexp(x, dims, keepdim);
  if (op) {
    Node& n = record_reduction(op, y, dims, keepdim, [](Node& n, const Tensor& g) -> Grads {
      return {spread(n, g) * exp(n.saved_tensor(0) - spread(n, n.saved_tensor(1)))};
    });
    n.save(x);
    n.save_output(y);
  }
  return y;
}

// d |x|_2 = g x / |x|, and 0 where |x| = 0 (a subgradient, as PyTorch); other
// p are composed of differentiable ops.
Tensor norm(const Tensor& x, double p, IntList dims, bool keepdim) {
  if (p != 2 || !autograd::detail::recording(x)) return native::norm(x, p, dims, keepdim);
  Op op("norm", x);
  Tensor y = native::norm(x, p, dims, keepdim);
  Node& n = record_reduction(op, y, dims, keepdim, [](Node& n, const Tensor& g) -> Grads {
    Tensor r = spread(n, n.saved_tensor(1));
    return {where(r == 0, 0.0, spread(n, g) * n.saved_tensor(0) / r)};
  });
  n.save(x);
  n.save_output(y);
  return y;
}

// d cumsum = the reversed cumulative sum of g
Tensor cumsum(const Tensor& x, int64_t dim) {
  Op op("cumsum", x);
  Tensor y = native::cumsum(x, dim);
  if (op)
    op.finish(y, [](Node& n, const Tensor& g) -> Grads {
        int64_t d = n.ints[0];
        if (g.dim() == 0) return {g};
        return {flip(flip(g, {d}).cumsum(d), {d})};
      }).ints = {dim};
  return y;
}

// d cumprod: gx_k = sum_{j >= k} g_j prod_{i <= j, i != k} x_i; by division
// when x has no zeros, else exactly by the k x k products (O(n^2) along dim).
Tensor cumprod(const Tensor& x, int64_t dim) {
  Op op("cumprod", x);
  Tensor y = native::cumprod(x, dim);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      int64_t d = n.ints[0];
      Tensor x = n.saved_tensor(0);
      if (x.dim() == 0) return {g};
      if (!any(x == 0).item<bool>()) return {flip(flip(g * n.saved_tensor(1), {d}).cumsum(d), {d}) / x};
      Tensor v = x.transpose(d, -1), gv = g.transpose(d, -1);
      Tensor partial = rows_without_self(v).cumprod(-1);  // [..., k, j]
      int64_t k = v.size(-1);
      Tensor later = triu(ones({k, k}, kBool));           // j >= k
      return {where(later, partial * gv.unsqueeze(-2), 0.0).sum({-1}).transpose(d, -1)};
    });
    n.ints = {x.dim() == 0 ? 0 : wrap_dim(dim, x.dim(), "cumprod")};
    n.save(x);
    n.save_output(y);
  }
  return y;
}

// d softmax = y (g - sum(g y))
Tensor softmax(const Tensor& x, int64_t dim) {
  Op op("softmax", x);
  Tensor y = native::softmax(x, dim);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Tensor y = n.saved_tensor(0);
      if (y.dim() == 0) return {zeros_like(g)};
      return {y * (g - (g * y).sum({n.ints[0]}, true))};
    });
    n.ints = {dim};
    n.save_output(y);
  }
  return y;
}

// d log_softmax = g - exp(y) sum(g)
Tensor log_softmax(const Tensor& x, int64_t dim) {
  Op op("log_softmax", x);
  Tensor y = native::log_softmax(x, dim);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Tensor y = n.saved_tensor(0);
      if (y.dim() == 0) return {zeros_like(g)};
      return {g - exp(y) * g.sum({n.ints[0]}, true)};
    });
    n.ints = {dim};
    n.save_output(y);
  }
  return y;
}

}  // namespace tyche
