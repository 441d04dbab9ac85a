#pragma once
// Shared pieces of the derivative formulas in autograd/src/ops/. Every
// formula is a captureless lambda (Node&, grad) -> Grads written with public
// differentiable ops, so it is itself recorded when create_graph is on.
#include "../record.h"
#include "tyche/native.h"

namespace tyche::autograd::detail {

// What a unary op keeps for its formula.
enum class Keep { Nothing, Input, Output };

// Records y = native_fn(x) with formula fn; the saved tensor is saved_tensor(0).
Tensor unary(const char* name, Tensor (*native_fn)(const Tensor&), const Tensor& x, Keep keep, BackwardFn fn);

// The gradient of a reduction over dims (all when empty) broadcast back to the
// input's shape: g gets size-1 dims where they were reduced, then expands.
Tensor expand_reduced(const Tensor& g, IntList in_shape, IntList dims, bool keepdim);

// Scatters the gradient g of a view of x (of shape in_shape) back to x's
// shape, adding where the view addresses an element twice. view_of applies
// the same view (with the node's saved arguments) to a tensor shaped like x.
Tensor embed_view_grad(const Tensor& g, IntList in_shape, const Node& n,
                       Tensor (*view_of)(const Tensor& base, const Node& n));

// Dims as stored in Node::ints.
inline IntList dims_of(const Node& n, size_t begin, size_t count) {
  return IntList(n.ints.data() + begin, count);
}

}  // namespace tyche::autograd::detail
