// The shared per-parameter loop of every optimizer, parameter bookkeeping and
// state save/load.
#include "tyche/optim/optimizer.h"

#include <charconv>
#include <cmath>
#include <istream>
#include <ostream>
#include <string_view>
#include <system_error>
#include <utility>

#include "tyche/autograd.h"

namespace tyche::optim {

namespace {

// Deep copy of a parameter's state (buffers cloned).
ParamState copy_state(const ParamState& s) {
  ParamState c;
  c.step = s.step;
  c.buffers.reserve(s.buffers.size());
  for (const Tensor& b : s.buffers) c.buffers.push_back(b.clone());
  return c;
}

// ---- text format helpers (see write_state)

constexpr std::string_view kMagic = "tyche-optimizer-state";
constexpr int kVersion = 1;

void write_double(std::ostream& os, double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::hex);
  os.write(buf, r.ptr - buf);
}

std::string read_token(std::istream& is, const char* what) {
  std::string t;
  TYCHE_CHECK(static_cast<bool>(is >> t), "read_state", "unexpected end of input reading ", what);
  return t;
}

void expect_token(std::istream& is, std::string_view expected) {
  std::string t = read_token(is, std::string(expected).c_str());
  TYCHE_CHECK(t == expected, "read_state", "expected '", expected, "', got '", t, "'");
}

int64_t read_int(std::istream& is, const char* what) {
  std::string t = read_token(is, what);
  int64_t v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  TYCHE_CHECK(r.ec == std::errc() && r.ptr == t.data() + t.size(), "read_state", "bad ", what, " '",
              t, "'");
  return v;
}

double read_double(std::istream& is, const char* what) {
  std::string t = read_token(is, what);
  double v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v, std::chars_format::hex);
  TYCHE_CHECK(r.ec == std::errc() && r.ptr == t.data() + t.size(), "read_state", "bad ", what, " '",
              t, "'");
  return v;
}

DType parse_dtype(const std::string& s) {
  for (DType t : {kFloat32, kFloat64})
    if (s == dtype_name(t)) return t;
  TYCHE_CHECK(false, "read_state", "unsupported buffer dtype '", s, "' (expected float32 or float64)");
  return kFloat64;
}

}  // namespace

// ---------------------------------------------------------------- OptimizerState

const Tensor& OptimizerState::buffer(size_t i, const std::string& name) const {
  TYCHE_CHECK(i < params.size(), "OptimizerState::buffer", "parameter ", i, " out of range (",
              params.size(), " parameters)");
  for (size_t b = 0; b < buffer_names.size(); ++b)
    if (buffer_names[b] == name) return params[i].buffers[b];
  TYCHE_CHECK(false, "OptimizerState::buffer", optimizer, " has no buffer '", name, "'");
  return params[i].buffers[0];  // unreachable
}

void write_state(std::ostream& os, const OptimizerState& state) {
  os << kMagic << ' ' << kVersion << '\n';
  os << "optimizer " << state.optimizer << '\n';
  os << "step " << state.step << '\n';
  os << "lr ";
  write_double(os, state.lr);
  os << "\nbuffers " << state.buffer_names.size();
  for (const std::string& n : state.buffer_names) os << ' ' << n;
  os << "\nparams " << state.params.size() << '\n';
  for (const ParamState& p : state.params) {
    os << "param " << p.step << '\n';
    for (const Tensor& b : p.buffers) {
      os << dtype_name(b.dtype()) << ' ' << b.dim();
      for (int64_t s : b.sizes()) os << ' ' << s;
      for (double v : b.to(kCPU).to_vector<double>()) {
        os << ' ';
        write_double(os, v);
      }
      os << '\n';
    }
  }
  TYCHE_CHECK(static_cast<bool>(os), "write_state", "writing the optimizer state failed");
}

OptimizerState read_state(std::istream& is) {
  OptimizerState st;
  expect_token(is, kMagic);
  int64_t version = read_int(is, "version");
  TYCHE_CHECK(version == kVersion, "read_state", "unsupported format version ", version);
  expect_token(is, "optimizer");
  st.optimizer = read_token(is, "optimizer name");
  expect_token(is, "step");
  st.step = read_int(is, "step");
  expect_token(is, "lr");
  st.lr = read_double(is, "lr");
  expect_token(is, "buffers");
  int64_t nbuf = read_int(is, "buffer count");
  TYCHE_CHECK(nbuf >= 0, "read_state", "negative buffer count ", nbuf);
  for (int64_t b = 0; b < nbuf; ++b) st.buffer_names.push_back(read_token(is, "buffer name"));
  expect_token(is, "params");
  int64_t nparam = read_int(is, "parameter count");
  TYCHE_CHECK(nparam >= 0, "read_state", "negative parameter count ", nparam);
  for (int64_t i = 0; i < nparam; ++i) {
    ParamState p;
    expect_token(is, "param");
    p.step = read_int(is, "parameter step");
    for (int64_t b = 0; b < nbuf; ++b) {
      DType dtype = parse_dtype(read_token(is, "buffer dtype"));
      int64_t dim = read_int(is, "buffer dim");
      TYCHE_CHECK(dim >= 0 && dim <= 64, "read_state", "bad buffer dim ", dim);
      std::vector<int64_t> sizes;
      for (int64_t d = 0; d < dim; ++d) {
        sizes.push_back(read_int(is, "buffer size"));
        TYCHE_CHECK(sizes.back() >= 0, "read_state", "negative buffer size ", sizes.back());
      }
      std::vector<double> values(static_cast<size_t>(numel_of(sizes)));
      for (double& v : values) v = read_double(is, "buffer value");
      p.buffers.push_back(tensor(values, sizes).to(dtype));
    }
    st.params.push_back(std::move(p));
  }
  return st;
}

// ---------------------------------------------------------------- Optimizer

Optimizer::Optimizer(const char* name, double lr, std::vector<BufferSpec> buffers,
                     const std::vector<Tensor>& params)
    : name_(name), lr_(lr) {
  TYCHE_CHECK(lr >= 0, name_, "learning rate must be >= 0, got ", lr);
  for (BufferSpec& b : buffers) {
    buffer_names_.push_back(std::move(b.name));
    buffer_init_.push_back(b.init);
  }
  add_params(params);
}

Optimizer::Optimizer(const Optimizer& other)
    : name_(other.name_),
      lr_(other.lr_),
      step_count_(other.step_count_),
      buffer_names_(other.buffer_names_),
      buffer_init_(other.buffer_init_),
      params_(other.params_),
      known_(other.known_) {
  state_.reserve(other.state_.size());
  for (const ParamState& s : other.state_) state_.push_back(copy_state(s));
}

Optimizer& Optimizer::operator=(const Optimizer& other) {
  if (this == &other) return *this;
  name_ = other.name_;
  lr_ = other.lr_;
  step_count_ = other.step_count_;
  buffer_names_ = other.buffer_names_;
  buffer_init_ = other.buffer_init_;
  params_ = other.params_;
  known_ = other.known_;
  state_.clear();
  for (const ParamState& s : other.state_) state_.push_back(copy_state(s));
  return *this;
}

void Optimizer::add_params(const std::vector<Tensor>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const Tensor& p = params[i];
    TYCHE_CHECK(p.defined(), name_, "parameter ", i, " is an undefined tensor");
    TYCHE_CHECK(p.is_floating_point(), name_, "parameter ", i,
                " must be a floating-point tensor, got dtype ", p.dtype());
    TYCHE_CHECK(p.is_leaf(), name_, "parameter ", i, " (shape ", p.sizes(),
                ") is not a leaf; optimize the tensor it was computed from");
  }
  for (const Tensor& p : params) {
    if (!known_.insert(p.impl()).second) continue;
    ParamState s;
    for (double init : buffer_init_) s.buffers.push_back(full_like(p, init));
    params_.push_back(p);
    state_.push_back(std::move(s));
  }
}

void Optimizer::set_lr(double lr) {
  TYCHE_CHECK(lr >= 0, name_, "learning rate must be >= 0, got ", lr);
  lr_ = lr;
}

const ParamState& Optimizer::state(size_t i) const {
  TYCHE_CHECK(i < state_.size(), name_, "parameter ", i, " out of range (", state_.size(),
              " parameters)");
  return state_[i];
}

int Optimizer::find_buffer(const std::string& name) const {
  for (size_t b = 0; b < buffer_names_.size(); ++b)
    if (buffer_names_[b] == name) return static_cast<int>(b);
  return -1;
}

void Optimizer::step() {
  NoGradGuard no_grad;
  ++step_count_;
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor& p = params_[i];
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    TYCHE_CHECK(g.sizes() == p.sizes(), name_, "the gradient of parameter ", i, " has shape ",
                g.sizes(), " but the parameter has shape ", p.sizes());
    ParamState& s = state_[i];
    ++s.step;
    update(p, g, s);
  }
}

void Optimizer::zero_grad() {
  for (Tensor& p : params_) p.mutable_grad() = Tensor();
}

OptimizerState Optimizer::state_dict() const {
  OptimizerState st;
  st.optimizer = name_;
  st.step = step_count_;
  st.lr = lr_;
  st.buffer_names = buffer_names_;
  st.params.reserve(state_.size());
  for (const ParamState& s : state_) st.params.push_back(copy_state(s));
  return st;
}

void Optimizer::load_state_dict(const OptimizerState& st) {
  const std::string op = std::string(name_) + ".load_state_dict";
  TYCHE_CHECK(st.optimizer == name_, op, "the state was saved by ", st.optimizer, ", not ", name_);
  TYCHE_CHECK(st.buffer_names == buffer_names_, op,
              "the state's buffers differ from this optimizer's (built with other options?): ",
              st.buffer_names.size(), " vs ", buffer_names_.size(), " buffers");
  TYCHE_CHECK(st.params.size() == params_.size(), op, "the state has ", st.params.size(),
              " parameters, the optimizer ", params_.size());
  TYCHE_CHECK(st.lr >= 0, op, "learning rate must be >= 0, got ", st.lr);
  for (size_t i = 0; i < params_.size(); ++i) {
    const ParamState& s = st.params[i];
    TYCHE_CHECK(s.step >= 0, op, "parameter ", i, " has a negative step count ", s.step);
    TYCHE_CHECK(s.buffers.size() == buffer_names_.size(), op, "parameter ", i, " has ",
                s.buffers.size(), " buffers, expected ", buffer_names_.size());
    for (size_t b = 0; b < s.buffers.size(); ++b) {
      const Tensor& t = s.buffers[b];
      TYCHE_CHECK(t.defined(), op, "buffer '", buffer_names_[b], "' of parameter ", i,
                  " is undefined");
      TYCHE_CHECK(t.sizes() == params_[i].sizes(), op, "buffer '", buffer_names_[b],
                  "' of parameter ", i, " has shape ", t.sizes(), " but the parameter has shape ",
                  params_[i].sizes());
    }
  }
  NoGradGuard no_grad;
  step_count_ = st.step;
  lr_ = st.lr;
  for (size_t i = 0; i < params_.size(); ++i) {
    state_[i].step = st.params[i].step;
    for (size_t b = 0; b < buffer_names_.size(); ++b) state_[i].buffers[b].copy_(st.params[i].buffers[b]);
  }
}

void Optimizer::save(std::ostream& os) const { write_state(os, state_dict()); }

void Optimizer::load(std::istream& is) { load_state_dict(read_state(is)); }

}  // namespace tyche::optim
