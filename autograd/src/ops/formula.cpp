// Shared helpers of the derivative formulas.
#include "formula.h"

namespace tyche::autograd::detail {

Tensor unary(const char* name, Tensor (*native_fn)(const Tensor&), const Tensor& x, Keep keep, BackwardFn fn) {
  Op op(name, x);
  Tensor y = native_fn(x);
  if (op) {
    Node& n = op.finish(y, fn);
    if (keep == Keep::Input) n.save(x);
    if (keep == Keep::Output) n.save_output(y);
  }
  return y;
}

Tensor expand_reduced(const Tensor& g, IntList in_shape, IntList dims, bool keepdim) {
  if (g.dim() == 0) return g.expand(in_shape);  // a full reduction: no reshape needed
  if (!keepdim) {
    Shape kept = in_shape.shape();
    if (dims.empty()) {
      for (auto& s : kept) s = 1;
    } else {
      for (int64_t d : dims) kept[static_cast<size_t>(wrap_dim(d, static_cast<int64_t>(in_shape.size()), "sum"))] = 1;
    }
    return g.reshape(kept).expand(in_shape);
  }
  return g.expand(in_shape);
}

Tensor embed_view_grad(const Tensor& g, IntList in_shape, const Node& n,
                       Tensor (*view_of)(const Tensor& base, const Node& n)) {
  const int64_t numel = numel_of(in_shape);
  Tensor positions = view_of(arange(numel).view(in_shape), n);
  return index_add(zeros({numel}, g.dtype()), 0, positions.reshape({-1}), g.reshape({-1})).view(in_shape);
}

}  // namespace tyche::autograd::detail
