#pragma once
// The recorded graph: plain data, so that a later tracing JIT can replay it.
//
// A Node is one recorded op with exactly one differentiable output. It holds
//  - backward: a plain function pointer to the op's derivative formula, which
//    maps the gradient of the output to one gradient per input (undefined
//    where an input needs none), written with public differentiable ops;
//  - next: one Edge per input: the node that produced it, or the leaf itself,
//    or nothing when the input needs no gradient;
//  - inputs: each input's shape and dtype, so that the engine (not each
//    formula) sums broadcast gradients back to the input's shape and casts;
//  - saved: tensors the formula needs, with the storage version at save time
//    so an in-place change after saving is detected;
//  - ints / reals: the op's non-tensor arguments (dims, flags, exponents).
// Invariants: a node outlives every tensor whose grad_fn it is; nodes form a
// DAG (edges point to earlier ops), so refcounting frees them.
#include <cstdint>

#include "inline_vec.h"
#include "tyche/autograd.h"
#include "tyche/shape.h"

namespace tyche::autograd::detail {

struct Node;
using NodePtr = IntrusivePtr<Node>;
using Grads = InlineVec<Tensor, 3>;
// Gradient of the output -> gradient of each input (in the order recorded).
using BackwardFn = Grads (*)(Node& node, const Tensor& grad);

// Where an input's gradient goes: its producer's node, or the leaf tensor.
struct Edge {
  NodePtr fn;
  IntrusivePtr<TensorImpl> leaf;
  bool valid() const { return fn || leaf; }
};

struct InputInfo {
  Shape shape;
  DType dtype = kFloat32;
};

// A tensor kept for backward. An output is kept as a bare alias (no autograd
// metadata, so no node -> tensor -> node cycle) and reattached on unpack.
struct SavedTensor {
  Tensor data;
  uint32_t version = 0;
  bool is_output = false;
};

struct AutogradMeta;

struct Node : RefCounted<Node> {
  Node() = default;
  const char* name = "";
  BackwardFn backward = nullptr;
  InlineVec<Edge, 3> next;
  InlineVec<InputInfo, 3> inputs;
  InlineVec<SavedTensor, 3> saved;
  Shape ints;
  double reals[2] = {0, 0};
  bool released = false;       // saved tensors freed by a backward without retain_graph
  AutogradMeta* retained = nullptr;  // the output's meta after retain_grad() (not owned)

  // Engine scratch, valid during one backward pass (tagged by epoch).
  uint64_t epoch = 0;
  int32_t deps = 0;
  bool needed = false;
  int32_t capture = -1;
  Tensor buffer;

  // ---- used by derivative formulas
  bool needs(size_t i) const { return i < next.size() && next[i].valid(); }
  IntList input_shape(size_t i) const { return inputs[i].shape; }
  DType input_dtype(size_t i) const { return inputs[i].dtype; }
  void save(const Tensor& t);          // an input (or any tensor not produced by this node)
  void save_output(const Tensor& t);   // this node's own output
  // The i-th saved tensor; throws if it was modified in place since saving or
  // the graph was freed. With grad mode on, a saved output is reattached to
  // this node so that formulas using it are differentiable again.
  Tensor saved_tensor(size_t i);
  void release();

  Node* queued_next = nullptr;  // Node::destroy's pending list

  static void destroy(Node* n);  // iterative: a long chain must not recurse
  // Nodes and metadata come from the per-thread block cache (block_pool.h).
  static void* operator new(size_t bytes);
  static void operator delete(void* p, size_t bytes) noexcept;
};

// What autograd attaches to a TensorImpl (tensor/ sees only the base class).
struct AutogradMeta : AutogradMetaBase {
  Tensor grad;
  NodePtr grad_fn;
  bool requires_grad = false;  // leaf flag; non-leaves require grad through grad_fn
  bool retains_grad = false;
  ~AutogradMeta() override;
  static void* operator new(size_t bytes);
  static void operator delete(void* p, size_t bytes) noexcept;
};

inline AutogradMeta* meta_of(const Tensor& t) {
  return static_cast<AutogradMeta*>(t.impl()->autograd_meta());
}
AutogradMeta& ensure_meta(const Tensor& t);

// True when t needs a gradient: a leaf marked requires_grad or a recorded result.
inline bool requires_grad(const Tensor& t) {
  if (!t.defined()) return false;
  const AutogradMeta* m = meta_of(t);
  return m && (m->requires_grad || m->grad_fn);
}

// The edge a gradient for t flows along (invalid when t needs none).
Edge edge_of(const Tensor& t);

// Sums grad over broadcast dims down to shape (differentiable; the inverse of
// broadcasting). op names the node in errors.
Tensor sum_to(const Tensor& grad, IntList shape, const char* op);

// A new handle on t's storage and geometry with no autograd metadata.
Tensor bare_alias(const Tensor& t);

// Nodes are served from the 1 KiB class of the per-thread block cache.
static_assert(sizeof(Node) <= 1024, "Node must fit a pooled block");

}  // namespace tyche::autograd::detail
