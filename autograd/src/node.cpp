// Node and AutogradMeta: saving/unpacking tensors for backward, freeing graphs.
#include "node.h"

#include "../../tensor/src/block_pool.h"

namespace tyche::autograd::detail {

Tensor bare_alias(const Tensor& t) {
  const TensorImpl* i = t.impl();
  return Tensor(IntrusivePtr<TensorImpl>::adopt(
      new TensorImpl(i->storage(), i->dtype(), i->sizes(), i->strides(), i->offset())));
}

AutogradMeta& ensure_meta(const Tensor& t) {
  if (!t.impl()->autograd_meta()) t.impl()->set_autograd_meta(std::make_unique<AutogradMeta>());
  return *meta_of(t);
}

void* Node::operator new(size_t bytes) { return tyche::detail::pool_alloc(bytes); }
void Node::operator delete(void* p, size_t bytes) noexcept { tyche::detail::pool_free(p, bytes); }
void* AutogradMeta::operator new(size_t bytes) { return tyche::detail::pool_alloc(bytes); }
void AutogradMeta::operator delete(void* p, size_t bytes) noexcept { tyche::detail::pool_free(p, bytes); }

AutogradMeta::~AutogradMeta() {
  if (grad_fn && grad_fn->retained == this) grad_fn->retained = nullptr;
}

Edge edge_of(const Tensor& t) {
  if (!t.defined()) return {};
  const AutogradMeta* m = meta_of(t);
  if (!m) return {};
  if (m->grad_fn) return {m->grad_fn, {}};
  if (m->requires_grad) {
    t.impl()->incref();  // the edge holds the leaf
    return {{}, IntrusivePtr<TensorImpl>::adopt(t.impl())};
  }
  return {};
}

void Node::save(const Tensor& t) {
  saved.push_back({t, t.defined() ? t.version() : 0u, false});
}

void Node::save_output(const Tensor& t) {
  saved.push_back({bare_alias(t), t.version(), true});
}

Tensor Node::saved_tensor(size_t i) {
  TYCHE_CHECK(!released, name,
              "trying to backward through the graph a second time (its saved tensors were freed); "
              "pass retain_graph=true to the first backward or grad call");
  const SavedTensor& s = saved[i];
  if (!s.data.defined()) return s.data;
  TYCHE_CHECK(s.data.version() == s.version, name,
              "a tensor saved for the gradient (saved tensor ", i, ", shape ", s.data.sizes(),
              ") was modified by an in-place operation after it was saved: its version is ",
              s.data.version(), ", expected ", s.version);
  if (!s.is_output || !is_grad_enabled()) return s.data;
  // Reattach the output to this node so the formula's own graph reaches it.
  Tensor out = bare_alias(s.data);
  AutogradMeta& m = ensure_meta(out);
  incref();
  m.grad_fn = NodePtr::adopt(this);
  return out;
}

void Node::release() {
  if (saved.empty()) return;
  saved.clear();
  released = true;
}

// Freeing the head of a long chain would recurse once per node; instead nodes
// freed while another is being freed are queued and deleted in a loop.
void Node::destroy(Node* n) {
  // Nodes queued while freeing, linked through their (unused) engine buffer slot.
  [[gnu::tls_model("initial-exec")]] thread_local Node* pending = nullptr;
  [[gnu::tls_model("initial-exec")]] thread_local bool active = false;
  if (active) {
    n->queued_next = pending;
    pending = n;
    return;
  }
  active = true;
  delete n;
  while (pending) {
    Node* next = pending;
    pending = next->queued_next;
    delete next;
  }
  active = false;
}

}  // namespace tyche::autograd::detail
