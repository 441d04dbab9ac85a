// Op: creating and attaching graph nodes; in-place history rewriting.
#include "record.h"

#include "tyche/native.h"

namespace tyche::autograd::detail {

bool recording(const std::vector<Tensor>& ts) {
  if (!is_grad_enabled()) return false;
  for (const Tensor& t : ts)
    if (requires_grad(t)) return true;
  return false;
}

Op::Op(const char* name, const std::vector<Tensor>& inputs) : name_(name) {
  if (!recording(inputs)) return;
  node_ = new Node();
  node_->name = name;
  for (const Tensor& t : inputs) add_input(t);
  set_grad_enabled(false);
}

Op::~Op() {
  if (!node_) return;
  set_grad_enabled(true);
  if (node_->backward == nullptr) delete node_;  // the op threw before finish()
}

void Op::add_input(const Tensor& t) {
  node_->next.push_back(edge_of(t));
  if (t.defined()) node_->inputs.push_back({t.impl()->sizes(), t.dtype()});
  else node_->inputs.push_back({});
}

Node& Op::finish(Tensor& out, BackwardFn fn) {
  node_->backward = fn;
  // Fresh results carry no metadata; one that does is an input returned as is
  // (e.g. transpose of a 0-dim tensor) and needs its own handle for the grad_fn.
  if (meta_of(out)) out = bare_alias(out);
  AutogradMeta& m = ensure_meta(out);
  m.grad_fn = NodePtr::adopt(node_);
  return *node_;
}

void check_inplace(const Tensor& self, const char* name) {
  const AutogradMeta* m = meta_of(self);
  TYCHE_CHECK(!(m && m->requires_grad), name,
              "a leaf tensor that requires grad (shape ", self.sizes(),
              ") cannot be modified in place while grad mode is on; use NoGradGuard or an out-of-place op");
  TYCHE_CHECK(self.impl()->storage()->use_count() == 1, name,
              "in-place op with autograd on a tensor of shape ", self.sizes(),
              " whose memory is shared with another tensor (a view of it, or a tensor saved for a "
              "gradient): autograd cannot track that; use the out-of-place op instead");
}

void rebase_history(Tensor& self, const Tensor& result) {
  {
    GradModeGuard off(false);
    native::copy_(self, result);
  }
  AutogradMeta& m = ensure_meta(self);
  m.grad_fn = meta_of(result) ? meta_of(result)->grad_fn : NodePtr();
}

}  // namespace tyche::autograd::detail
