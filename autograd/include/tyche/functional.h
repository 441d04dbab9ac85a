#pragma once
// Functional derivatives of a function of one tensor (torch.autograd.functional).
// Each evaluates fn on a fresh leaf copy of x, so x itself is never modified
// and need not require grad. With create_graph the results are differentiable
// (when x requires grad) for further derivatives.
#include <functional>
#include <utility>

#include "tyche/autograd.h"

namespace tyche::autograd {

using TensorFn = std::function<Tensor(const Tensor&)>;

// (fn(x), v^T J): v is shaped like fn(x); the product is shaped like x.
std::pair<Tensor, Tensor> vjp(const TensorFn& fn, const Tensor& x, const Tensor& v,
                              bool create_graph = false);
// (fn(x), J v): v is shaped like x; the product is shaped like fn(x) (by double vjp).
std::pair<Tensor, Tensor> jvp(const TensorFn& fn, const Tensor& x, const Tensor& v,
                              bool create_graph = false);
// d fn(x) / d x with shape fn(x).shape + x.shape (one vjp per output element).
Tensor jacobian(const TensorFn& fn, const Tensor& x, bool create_graph = false);
// Second derivative of a scalar-valued fn, shape x.shape + x.shape.
Tensor hessian(const TensorFn& fn, const Tensor& x, bool create_graph = false);
// H v for a scalar-valued fn by double backward, shaped like x.
Tensor hvp(const TensorFn& fn, const Tensor& x, const Tensor& v, bool create_graph = false);

}  // namespace tyche::autograd
