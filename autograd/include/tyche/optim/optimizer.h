#pragma once
// Optimizer: the base of tyche::optim (torch.optim's update rules, Pyro's
// ClippedAdam). Invariants:
//   - params() are distinct (by TensorImpl), defined, floating-point leaves;
//   - each parameter has one ParamState whose buffers are shaped, typed and
//     placed like it, in the order of buffer_names();
//   - step() changes only the parameters whose grad() is defined, in place and
//     under NoGradGuard, so it records nothing on the autograd graph.
//
//   optim::Adam opt({w}, {.lr = 1e-2});
//   for (int i = 0; i < n; ++i) { opt.zero_grad(); loss(w).backward(); opt.step(); }
//
// For SVI, where parameters appear lazily: optim::Adam opt({.lr = 1e-2});
// then opt.add_params({...}) before each step (known tensors are skipped).
//
// Every optimizer X has X(params, options) and explicit X(options = {}) (no
// parameters yet). Write X({w}, {}) for default options: a one-argument
// X(params) would make X({.lr = 1e-2}) ambiguous under GCC 12, which ignores
// the designators when it ranks the two.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "tyche/tensor.h"

namespace tyche::optim {

// One parameter's state: the number of updates it received (bias correction,
// lr decay) and its buffers (e.g. "exp_avg"), each shaped like the parameter.
struct ParamState {
  int64_t step = 0;
  std::vector<Tensor> buffers;  // in the order of Optimizer::buffer_names()
};

// A deep-copied snapshot of an optimizer: what state_dict() returns and
// load_state_dict() takes. Hyperparameters other than lr are not part of it:
// load it into an optimizer built with the same options.
struct OptimizerState {
  std::string optimizer;                  // the saver's name(): "Adam", "SGD", ...
  int64_t step = 0;                       // step() calls so far
  double lr = 0;                          // the current learning rate
  std::vector<std::string> buffer_names;  // names of each ParamState::buffers entry
  std::vector<ParamState> params;         // one per parameter, in the optimizer's order

  // Buffer `name` of parameter i; throws tyche::Error when there is none.
  const Tensor& buffer(size_t i, const std::string& name) const;
};

// Writes state as text, one item per line, every double exactly (hexadecimal
// floating point, as std::to_chars(..., chars_format::hex) writes it):
//   tyche-optimizer-state 1
//   optimizer <name>
//   step <int>
//   lr <hexfloat>
//   buffers <count> <name>...
//   params <count>
//   then per parameter: "param <step>", and per buffer
//   "<dtype> <dim> <size>... <value>..." (row-major values, as hexfloat).
void write_state(std::ostream& os, const OptimizerState& state);
// Reads what write_state wrote; throws tyche::Error naming what is malformed.
OptimizerState read_state(std::istream& is);

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // One update of every parameter whose grad() is defined (others are skipped).
  virtual void step();
  // Clears every parameter's gradient (grad() becomes undefined).
  void zero_grad();
  // Adds the tensors not already optimized (same TensorImpl), in order, with
  // fresh state; all are checked first (defined floating leaves) and nothing is
  // added when one fails. The error names the optimizer and the index in params.
  void add_params(const std::vector<Tensor>& params);
  const std::vector<Tensor>& params() const { return params_; }

  double lr() const { return lr_; }   // the current learning rate
  void set_lr(double lr);             // e.g. by a scheduler; must be >= 0
  int64_t step_count() const { return step_count_; }   // step() calls so far
  const char* name() const { return name_; }           // "Adam", "SGD", ...
  // Names of the per-parameter buffers, e.g. {"exp_avg", "exp_avg_sq"}.
  const std::vector<std::string>& buffer_names() const { return buffer_names_; }
  // The live state of parameter i (shares the buffers).
  const ParamState& state(size_t i) const;

  // Deep copy of the state; see OptimizerState.
  OptimizerState state_dict() const;
  // Restores a state_dict() of an optimizer of the same kind and options over
  // parameters of the same count and shapes; checks everything before changing
  // anything and names what mismatches.
  void load_state_dict(const OptimizerState& state);
  // state_dict() through write_state / read_state through load_state_dict().
  void save(std::ostream& os) const;
  void load(std::istream& is);

  // A copy of the most derived optimizer (same parameters, own state).
  virtual std::unique_ptr<Optimizer> clone() const = 0;

  // A per-parameter buffer and the value it starts at (shaped like the parameter).
  struct BufferSpec {
    std::string name;
    double init = 0;
  };

 protected:
  // Copies (of the derived classes) share the parameters but get their own,
  // deep-copied state. Protected so that no copy slices across kinds.
  Optimizer(const Optimizer& other);
  Optimizer& operator=(const Optimizer& other);
  Optimizer(Optimizer&&) noexcept = default;
  Optimizer& operator=(Optimizer&&) noexcept = default;
  // name: a string literal naming the optimizer in errors and saved states.
  Optimizer(const char* name, double lr, std::vector<BufferSpec> buffers,
            const std::vector<Tensor>& params);
  // Index of buffer `name` in buffer_names(), or -1.
  int find_buffer(const std::string& name) const;
  // Updates param in place from grad (same shape); state.step already counts
  // this update (1 on the first). Runs under NoGradGuard.
  virtual void update(Tensor& param, const Tensor& grad, ParamState& state) = 0;

 private:
  const char* name_;
  double lr_;
  int64_t step_count_ = 0;
  std::vector<std::string> buffer_names_;
  std::vector<double> buffer_init_;
  std::vector<Tensor> params_;
  std::vector<ParamState> state_;                 // state_[i] belongs to params_[i]
  std::unordered_set<const TensorImpl*> known_;   // params_' impls, for add_params
};

}  // namespace tyche::optim
