// The backward engine: finds the part of the graph between the outputs and
// the wanted gradients, counts each node's pending consumers, and runs the
// formulas in dependency order, summing gradients that meet at a node.
#include <algorithm>
#include <vector>

#include "node.h"
#include "tyche/native.h"

namespace tyche::autograd {
namespace detail {
namespace {

[[gnu::tls_model("initial-exec")]] thread_local uint64_t epoch_counter = 0;

}  // namespace

// Sums grad over broadcast dims down to shape (inverse of broadcasting).
Tensor sum_to(const Tensor& grad, IntList shape, const char* op) {
  IntList gs = grad.sizes();
  TYCHE_CHECK(gs.size() >= shape.size(), op, "gradient of shape ", gs,
              " cannot be reduced to the input's shape ", shape);
  size_t lead = gs.size() - shape.size();
  Shape dims;
  for (size_t i = 0; i < lead; ++i) dims.push_back(static_cast<int64_t>(i));
  for (size_t i = 0; i < shape.size(); ++i) {
    if (gs[lead + i] == shape[i]) continue;
    TYCHE_CHECK(shape[i] == 1, op, "gradient of shape ", gs, " does not match the input's shape ", shape);
    dims.push_back(static_cast<int64_t>(lead + i));
  }
  Tensor r = dims.empty() ? grad : grad.sum(dims, /*keepdim=*/true);
  return lead == 0 ? r : r.reshape(shape);
}

namespace {

// Makes a formula's gradient for input i match the input's shape and dtype.
Tensor conform(const Node& n, size_t i, Tensor g) {
  const InputInfo& in = n.inputs[i];
  if (g.sizes() != IntList(in.shape)) g = sum_to(g, in.shape, n.name);
  if (g.dtype() != in.dtype && is_floating(in.dtype)) g = g.to(in.dtype);
  return g;
}

Tensor accumulate(const Tensor& a, const Tensor& b) { return a.defined() ? a + b : b; }

// A gradient stored in a leaf's .grad must not alias a tensor someone else
// holds (the caller's grad_output, or the same tensor sent to two inputs).
Tensor own(Tensor g) {
  if (g.impl()->use_count() > 1 || g.impl()->storage()->use_count() > 1) return g.clone();
  return g;
}

struct Target {
  Node* node = nullptr;        // a non-leaf input: its node's incoming gradient
  TensorImpl* leaf = nullptr;  // a leaf input
};

class Pass {
 public:
  Pass(bool keep_graph, bool create_graph, bool to_leaves)
      : keep_graph_(keep_graph), create_graph_(create_graph), to_leaves_(to_leaves), epoch_(++epoch_counter) {}

  ~Pass() {  // also on an exception: no node keeps this pass's scratch
    for (Node* n : visited_) n->buffer = Tensor();
    for (const Target& t : targets_)
      if (t.node) t.node->capture = -1;
  }

  std::vector<Tensor> run(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
                          std::vector<Target> targets) {
    targets_ = std::move(targets);
    captured_.assign(targets_.size(), Tensor());
    std::vector<Edge> roots;
    for (const Tensor& t : outputs) roots.push_back(edge_of(t));
    for (size_t i = 0; i < targets_.size(); ++i)
      if (targets_[i].node) targets_[i].node->capture = static_cast<int32_t>(i);
    discover(roots);
    // Seed the roots, then run every node whose consumers have all reported.
    for (size_t i = 0; i < roots.size(); ++i) {
      if (roots[i].fn) roots[i].fn->buffer = accumulate(roots[i].fn->buffer, grad_outputs[i]);
      else deliver(roots[i], grad_outputs[i]);
    }
    for (const Edge& e : roots)
      if (e.fn && e.fn->deps == 0 && e.fn->epoch == epoch_) {
        e.fn->epoch = 0;  // once only, when a root appears twice
        complete(e.fn.get());
      }
    while (!ready_.empty()) {
      Node* n = ready_.back();
      ready_.pop_back();
      execute(*n);
    }
    return std::move(captured_);
  }

 private:
  // Marks the nodes reachable from the roots, then which of them lead to a
  // wanted gradient, and counts for each needed node its needed consumers.
  void discover(const std::vector<Edge>& roots) {
    std::vector<std::pair<Node*, size_t>> stack;
    auto visit = [&](Node* n) {
      if (n->epoch == epoch_) return;
      n->epoch = epoch_;
      n->deps = 0;
      n->needed = false;
      visited_.push_back(n);
      stack.push_back({n, 0});
    };
    for (const Edge& e : roots)
      if (e.fn) visit(e.fn.get());
    std::vector<Node*> post;  // inputs before consumers
    while (!stack.empty()) {
      auto& [n, i] = stack.back();
      if (i < n->next.size()) {
        Node* child = n->next[i++].fn.get();
        if (child) visit(child);
        continue;
      }
      post.push_back(n);
      stack.pop_back();
    }
    for (Node* n : post) {
      bool needed = false;
      for (size_t i = 0; i < n->next.size() && !needed; ++i) {
        const Edge& e = n->next[i];
        needed = e.fn ? receives(e.fn.get()) : e.leaf && wants_leaf(e.leaf.get());
      }
      n->needed = needed;
      if (!needed) continue;
      for (size_t i = 0; i < n->next.size(); ++i)
        if (Node* c = n->next[i].fn.get()) ++c->deps;
    }
  }

  // Whether a gradient sent to n is used: n runs, or n's input is wanted.
  static bool receives(const Node* n) { return n->needed || n->capture >= 0; }

  bool wants_leaf(TensorImpl* leaf) const {
    if (to_leaves_) return true;
    for (const Target& t : targets_)
      if (t.leaf == leaf) return true;
    return false;
  }

  void deliver(const Edge& e, const Tensor& g) {
    if (e.fn) {
      Node* n = e.fn.get();
      if (g.defined()) n->buffer = accumulate(n->buffer, g);
      if (--n->deps == 0) complete(n);
      return;
    }
    if (!e.leaf || !g.defined()) return;
    for (size_t i = 0; i < targets_.size(); ++i)
      if (targets_[i].leaf == e.leaf.get()) captured_[i] = accumulate(captured_[i], g);
    if (to_leaves_) {
      Tensor leaf(e.leaf);
      AutogradMeta& m = ensure_meta(leaf);
      m.grad = m.grad.defined() ? m.grad + g : (create_graph_ ? g : own(g));
    }
  }

  // All of n's consumers have reported: its gradient is final.
  void complete(Node* n) {
    if (n->capture >= 0 && n->buffer.defined()) captured_[static_cast<size_t>(n->capture)] = n->buffer;
    if (n->needed) ready_.push_back(n);
    else n->buffer = Tensor();
  }

  void execute(Node& n) {
    Tensor g = std::move(n.buffer);
    n.buffer = Tensor();
    if (!g.defined()) {  // nothing flowed here (all consumers sent undefined)
      for (size_t i = 0; i < n.next.size(); ++i)
        if (n.next[i].fn && receives(n.next[i].fn.get())) deliver(n.next[i], Tensor());
      return;
    }
    if (n.retained) n.retained->grad = accumulate(n.retained->grad, create_graph_ ? g : own(g));
    TYCHE_CHECK(!n.released || n.saved.empty(), n.name,
                "trying to backward through the graph a second time (its saved tensors were freed); "
                "pass retain_graph=true to the first backward or grad call");
    Grads grads;
    {
      GradModeGuard mode(create_graph_);
      grads = n.backward(n, g);
      TYCHE_CHECK(grads.size() == n.next.size(), n.name, "backward formula returned ", grads.size(),
                  " gradients for ", n.next.size(), " inputs");
      for (size_t i = 0; i < grads.size(); ++i)
        if (n.next[i].valid() && grads[i].defined()) grads[i] = conform(n, i, std::move(grads[i]));
    }
    if (!keep_graph_) n.release();
    for (size_t i = 0; i < n.next.size(); ++i) {
      const Edge& e = n.next[i];
      if (!e.valid()) continue;
      if (e.fn && !receives(e.fn.get())) continue;
      deliver(e, grads[i]);
    }
  }

  bool keep_graph_, create_graph_, to_leaves_;
  uint64_t epoch_;
  std::vector<Target> targets_;
  std::vector<Node*> visited_, ready_;
  std::vector<Tensor> captured_;
};

// Checks outputs and grad_outputs, filling in ones for one-element outputs.
std::vector<Tensor> seed_gradients(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
                                   const char* op) {
  TYCHE_CHECK(!outputs.empty(), op, "no outputs given");
  TYCHE_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), op, "got ", grad_outputs.size(),
              " grad_outputs for ", outputs.size(), " outputs");
  std::vector<Tensor> seeds;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    TYCHE_CHECK(out.defined(), op, "output ", i, " is undefined");
    TYCHE_CHECK(requires_grad(out), op, "output ", i, " (shape ", out.sizes(),
                ") does not require grad and has no grad_fn: no input it depends on requires grad");
    Tensor g = grad_outputs.empty() ? Tensor() : grad_outputs[i];
    if (!g.defined()) {
      TYCHE_CHECK(out.numel() == 1, op, "grad can be implicitly created only for one-element outputs; output ",
                  i, " has shape ", out.sizes(), ": pass a gradient");
      g = ones_like(out);
    }
    TYCHE_CHECK(g.sizes() == out.sizes(), op, "gradient for output ", i, " has shape ", g.sizes(),
                " but the output has shape ", out.sizes());
    if (g.dtype() != out.dtype()) g = g.to(out.dtype());
    seeds.push_back(g);
  }
  return seeds;
}

}  // namespace
}  // namespace detail

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, bool create_graph,
                         std::optional<bool> retain_graph, bool allow_unused) {
  using namespace detail;
  std::vector<Tensor> seeds = seed_gradients(outputs, grad_outputs, "autograd::grad");
  TYCHE_CHECK(!inputs.empty(), "autograd::grad", "no inputs given");
  std::vector<Target> targets;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& x = inputs[i];
    TYCHE_CHECK(x.defined() && requires_grad(x), "autograd::grad", "input ", i,
                x.defined() ? " does not require grad" : " is undefined");
    const AutogradMeta* m = meta_of(x);
    targets.push_back(m->grad_fn ? Target{m->grad_fn.get(), nullptr} : Target{nullptr, x.impl()});
  }
  Pass pass(retain_graph.value_or(create_graph), create_graph, /*to_leaves=*/false);
  std::vector<Tensor> result = pass.run(outputs, seeds, std::move(targets));
  for (size_t i = 0; i < inputs.size(); ++i) {
    TYCHE_CHECK(result[i].defined() || allow_unused, "autograd::grad", "input ", i, " (shape ",
                inputs[i].sizes(), ") was not used to compute the outputs; pass allow_unused=true");
    if (result[i].defined() && result[i].sizes() != inputs[i].sizes()) result[i] = result[i].reshape(inputs[i].sizes());
  }
  return result;
}

void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
              std::optional<bool> retain_graph, bool create_graph) {
  using namespace detail;
  std::vector<Tensor> seeds = seed_gradients(outputs, grad_outputs, "backward");
  Pass pass(retain_graph.value_or(create_graph), create_graph, /*to_leaves=*/true);
  pass.run(outputs, seeds, {});
}

}  // namespace tyche::autograd
