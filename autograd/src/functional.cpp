// vjp, jvp, jacobian, hessian, hvp on top of autograd::grad.
#include "tyche/functional.h"

namespace tyche::autograd {

namespace {
// A fresh leaf with x's values, so fn's graph starts here and x is untouched;
// with create_graph it stays connected to x's own graph.
Tensor leaf_copy(const Tensor& x, bool create_graph) {
  TYCHE_CHECK(x.defined(), "autograd functional", "the input is undefined");
  TYCHE_CHECK(x.is_floating_point(), "autograd functional", "the input must be a floating-point tensor, got ",
              x.dtype());
  if (create_graph && x.requires_grad()) return x.view_as(x);
  return x.detach().requires_grad_();
}

Tensor result_of(const TensorFn& fn, const Tensor& x, const char* op) {
  Tensor y = fn(x);
  TYCHE_CHECK(y.defined(), op, "the function returned an undefined tensor");
  return y;
}

// d sum(y * v) / dx, zeros where y does not depend on x.
Tensor vjp_at(const Tensor& y, const Tensor& x, const Tensor& v, bool create_graph) {
  if (!y.requires_grad()) return zeros_like(x);
  Tensor g = grad({y}, {x}, {v}, create_graph, /*retain_graph=*/true, /*allow_unused=*/true)[0];
  return g.defined() ? g : zeros_like(x);
}
}  // namespace

std::pair<Tensor, Tensor> vjp(const TensorFn& fn, const Tensor& x, const Tensor& v, bool create_graph) {
  Tensor xi = leaf_copy(x, create_graph);
  Tensor y = result_of(fn, xi, "vjp");
  TYCHE_CHECK(v.sizes() == y.sizes(), "vjp", "v has shape ", v.sizes(), " but fn(x) has shape ", y.sizes());
  Tensor g = vjp_at(y, xi, v, create_graph);
  return {create_graph ? y : y.detach(), create_graph ? g : g.detach()};
}

// J v = d/du [ (u^T J) v ] by differentiating the vjp (linear in u) again.
std::pair<Tensor, Tensor> jvp(const TensorFn& fn, const Tensor& x, const Tensor& v, bool create_graph) {
  TYCHE_CHECK(v.sizes() == x.sizes(), "jvp", "v has shape ", v.sizes(), " but x has shape ", x.sizes());
  Tensor xi = leaf_copy(x, create_graph);
  Tensor y = result_of(fn, xi, "jvp");
  if (!y.requires_grad()) return {y.detach(), zeros_like(y)};
  Tensor u = zeros_like(y).requires_grad_();
  Tensor g = grad({y}, {xi}, {u}, /*create_graph=*/true, true, true)[0];
  if (!g.defined() || !g.requires_grad()) return {y.detach(), zeros_like(y)};
  Tensor jv = grad({g}, {u}, {v}, create_graph, true, true)[0];
  if (!jv.defined()) jv = zeros_like(y);
  return {create_graph ? y : y.detach(), create_graph ? jv : jv.detach()};
}

Tensor jacobian(const TensorFn& fn, const Tensor& x, bool create_graph) {
  Tensor xi = leaf_copy(x, create_graph);
  Tensor y = result_of(fn, xi, "jacobian");
  const int64_t m = y.numel();
  std::vector<Tensor> rows;
  rows.reserve(static_cast<size_t>(m));
  Tensor flat = y.reshape({-1});
  for (int64_t i = 0; i < m; ++i) {
    Tensor e = zeros({m}, y.dtype());
    e.index_put_({i}, 1.0);
    rows.push_back(vjp_at(flat, xi, e, create_graph).reshape({-1}));
  }
  Shape shape = y.sizes().shape();
  for (int64_t s : x.sizes()) shape.push_back(s);
  Tensor J = m == 0 ? zeros(shape, x.dtype()) : stack(rows).reshape(shape);
  return create_graph ? J : J.detach();
}

Tensor hessian(const TensorFn& fn, const Tensor& x, bool create_graph) {
  auto gradient = [&](const Tensor& xi) {
    Tensor y = result_of(fn, xi, "hessian");
    TYCHE_CHECK(y.numel() == 1, "hessian", "fn must return one element, got shape ", y.sizes());
    return vjp_at(y.reshape({}), xi, ones({}, y.dtype()), /*create_graph=*/true);
  };
  return jacobian(gradient, x, create_graph);
}

Tensor hvp(const TensorFn& fn, const Tensor& x, const Tensor& v, bool create_graph) {
  TYCHE_CHECK(v.sizes() == x.sizes(), "hvp", "v has shape ", v.sizes(), " but x has shape ", x.sizes());
  Tensor xi = leaf_copy(x, create_graph);
  Tensor y = result_of(fn, xi, "hvp");
  TYCHE_CHECK(y.numel() == 1, "hvp", "fn must return one element, got shape ", y.sizes());
  Tensor g = vjp_at(y.reshape({}), xi, ones({}, y.dtype()), /*create_graph=*/true);
  Tensor hv = g.requires_grad() ? vjp_at(g, xi, v, create_graph) : zeros_like(x);
  return create_graph ? hv : hv.detach();
}

}  // namespace tyche::autograd
