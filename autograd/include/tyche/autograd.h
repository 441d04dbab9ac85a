#pragma once
// Reverse-mode automatic differentiation on tyche::Tensor (define-by-run).
//
// A tensor that requires grad records, for every differentiable op applied to
// it, a node holding the op's backward formula and the tensors it saved.
// backward() / grad() walk that graph from the outputs. Each backward formula
// is written with the public differentiable ops, so with create_graph=true the
// backward pass records its own graph and gradients of any order follow.
//
//   Tensor w = zeros({4}, kFloat64).requires_grad_();
//   Tensor loss = (matmul(X, w) - y).pow(2).sum();
//   loss.backward();                      // accumulates into w.grad()
//   auto g = autograd::grad({loss}, {w}, {}, /*create_graph=*/true);
#include <optional>
#include <vector>

#include "tyche/tensor.h"

namespace tyche {

// Whether ops record the graph on this thread (default: true).
bool is_grad_enabled();
void set_grad_enabled(bool enabled);

// RAII: sets grad mode for a scope and restores the previous mode on exit.
class GradModeGuard {
 public:
  explicit GradModeGuard(bool enabled) : prev_(is_grad_enabled()) { set_grad_enabled(enabled); }
  ~GradModeGuard() { set_grad_enabled(prev_); }
  GradModeGuard(const GradModeGuard&) = delete;
  GradModeGuard& operator=(const GradModeGuard&) = delete;

 private:
  bool prev_;
};

// Nothing is recorded inside the scope: { NoGradGuard g; w.sub_(lr * w.grad()); }
class NoGradGuard : public GradModeGuard {
 public:
  NoGradGuard() : GradModeGuard(false) {}
};

// Turns recording back on inside a NoGradGuard scope.
class EnableGradGuard : public GradModeGuard {
 public:
  EnableGradGuard() : GradModeGuard(true) {}
};

namespace autograd {

// Gradients of sum_i <outputs[i], grad_outputs[i]> with respect to each input.
// grad_outputs may be empty (then every output must have one element and its
// gradient is 1) or hold one tensor per output, shaped like it. Inputs may be
// leaves or intermediate tensors. With create_graph the result is itself
// differentiable; retain_graph defaults to create_graph. An input the outputs
// do not depend on raises unless allow_unused (then its gradient is undefined).
std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {}, bool create_graph = false,
                         std::optional<bool> retain_graph = std::nullopt, bool allow_unused = false);

// Accumulates the gradients of the outputs into the .grad() of every leaf
// that requires grad and that they depend on (Tensor::backward for several).
void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false);

}  // namespace autograd
}  // namespace tyche
