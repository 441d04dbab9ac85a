#pragma once
// Recording an op: the shape every differentiable op's wrapper takes.
//
//   Tensor exp(const Tensor& x) {
//     Op op("exp", x);                     // records only if grad mode is on
//     Tensor y = native::exp(x);           //   and some input requires grad
//     if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads {
//       return {g * n.saved_tensor(0)};    // dx = g * exp(x)
//     }).save_output(y);
//     return y;
//   }
//
// While an Op that records is alive, grad mode is off, so a native kernel that
// is itself built from public ops records nothing inside.
#include <vector>

#include "node.h"

namespace tyche::autograd::detail {

// Whether an op on these inputs records (grad mode on, some input requires grad).
template <class... Ts>
bool recording(const Ts&... ts) {
  return is_grad_enabled() && (requires_grad(ts) || ...);
}
bool recording(const std::vector<Tensor>& ts);

class Op {
 public:
  template <class... Ts>
  explicit Op(const char* name, const Ts&... inputs) : name_(name) {
    if (!recording(inputs...)) return;
    node_ = new Node();
    node_->name = name;
    (add_input(inputs), ...);
    set_grad_enabled(false);
  }
  Op(const char* name, const std::vector<Tensor>& inputs);
  ~Op();
  Op(const Op&) = delete;
  Op& operator=(const Op&) = delete;

  explicit operator bool() const { return node_ != nullptr; }
  // Attaches the node (with formula fn) as out's grad_fn; returns it for save().
  Node& finish(Tensor& out, BackwardFn fn);

 private:
  void add_input(const Tensor& t);
  const char* name_;
  Node* node_ = nullptr;
};

// Raises for an in-place op that autograd cannot track on self (a leaf that
// requires grad, or memory shared with a view or a saved tensor).
void check_inplace(const Tensor& self, const char* name);
// Copies result's values into self and makes result's node self's grad_fn.
void rebase_history(Tensor& self, const Tensor& result);

// In-place ops with autograd: self.op_(...) is recorded as self = op(old self, ...)
// computed out of place and copied back, and self takes the new node as its
// grad_fn. out_of_place(old) computes the result from a copy of the old value.
template <class OutOfPlace, class Native, class... Others>
Tensor& inplace(Tensor& self, const char* name, OutOfPlace&& out_of_place, Native&& native_op,
                const Others&... others) {
  if (!recording(self, others...)) {
    native_op();
    return self;
  }
  check_inplace(self, name);
  Tensor result = out_of_place(self.clone());
  rebase_history(self, result);
  return self;
}

}  // namespace tyche::autograd::detail
