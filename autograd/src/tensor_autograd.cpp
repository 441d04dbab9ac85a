// The autograd methods of Tensor (declared in tensor.h).
#include "node.h"

namespace tyche {

using autograd::detail::AutogradMeta;
using autograd::detail::ensure_meta;
using autograd::detail::meta_of;

Tensor& Tensor::requires_grad_(bool requires_grad) {
  TYCHE_CHECK(defined(), "requires_grad_", "tensor is undefined");
  AutogradMeta* m = meta_of(*this);
  TYCHE_CHECK(!(m && m->grad_fn), "requires_grad_",
              "requires_grad can only be changed on leaf tensors; this one was produced by '", m->grad_fn->name,
              "' (use detach() for a new leaf)");
  TYCHE_CHECK(!requires_grad || is_floating(dtype()), "requires_grad_",
              "only floating-point tensors can require gradients, got ", dtype());
  if (!m && !requires_grad) return *this;
  ensure_meta(*this).requires_grad = requires_grad;
  return *this;
}

bool Tensor::requires_grad() const { return autograd::detail::requires_grad(*this); }

bool Tensor::is_leaf() const {
  const AutogradMeta* m = meta_of(*this);
  return !(m && m->grad_fn);
}

const Tensor& Tensor::grad() const {
  static const Tensor undefined;
  const AutogradMeta* m = defined() ? meta_of(*this) : nullptr;
  return m ? m->grad : undefined;
}

Tensor& Tensor::mutable_grad() {
  TYCHE_CHECK(defined(), "mutable_grad", "tensor is undefined");
  return ensure_meta(*this).grad;
}

void Tensor::retain_grad() {
  TYCHE_CHECK(requires_grad(), "retain_grad", "tensor of shape ", sizes(), " does not require grad");
  AutogradMeta& m = ensure_meta(*this);
  if (!m.grad_fn) return;  // leaves keep their gradient anyway
  m.retains_grad = true;
  m.grad_fn->retained = &m;
}

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph) const {
  autograd::backward({*this}, {gradient}, retain_graph, create_graph);
}

Tensor Tensor::detach() const {
  TYCHE_CHECK(defined(), "detach", "tensor is undefined");
  return autograd::detail::bare_alias(*this);
}

Tensor& Tensor::detach_() {
  TYCHE_CHECK(defined(), "detach_", "tensor is undefined");
  if (AutogradMeta* m = meta_of(*this)) {
    m->grad_fn = {};
    m->requires_grad = false;
  }
  return *this;
}

const char* Tensor::grad_fn_name() const {
  const AutogradMeta* m = defined() ? meta_of(*this) : nullptr;
  return m && m->grad_fn ? m->grad_fn->name : nullptr;
}

}  // namespace tyche
