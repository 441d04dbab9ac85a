// PyTorch-like printing: values (elided with "..." when large), then shape and dtype.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <string>

#include "tyche/tensor.h"

namespace tyche {

namespace {
constexpr int64_t kThreshold = 1000;  // elide when numel exceeds this
constexpr int64_t kEdge = 3;          // elements kept at each end of an elided dim

struct Format {
  enum class Kind { Int, Bool, Integral, Fixed, Sci } kind = Kind::Fixed;
  int width = 1;

  std::string operator()(double v) const {
    char buf[64];
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    switch (kind) {
      case Kind::Bool: return v != 0 ? "True" : "False";
      case Kind::Int: std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v)); break;
      case Kind::Integral: std::snprintf(buf, sizeof buf, "%.0f.", v); break;
      case Kind::Fixed: std::snprintf(buf, sizeof buf, "%.4f", v); break;
      case Kind::Sci: std::snprintf(buf, sizeof buf, "%.4e", v); break;
    }
    return buf;
  }
};

// Chooses integer, fixed or scientific notation from the shown values, as PyTorch does.
Format choose_format(const std::vector<double>& shown, DType dtype) {
  Format f;
  if (dtype == kBool) f.kind = Format::Kind::Bool;
  else if (!is_floating(dtype)) f.kind = Format::Kind::Int;
  else {
    double lo = INFINITY, hi = 0;
    bool integral = true;
    for (double v : shown) {
      if (!std::isfinite(v)) continue;
      double a = std::fabs(v);
      if (a != 0) lo = std::min(lo, a);
      hi = std::max(hi, a);
      integral = integral && v == std::floor(v);
    }
    if (integral && hi < 1e8) f.kind = Format::Kind::Integral;
    else if (hi >= 1e8 || (lo < 1e-4 && lo != INFINITY) || (hi / lo > 1e3 && lo < 1e-2))
      f.kind = Format::Kind::Sci;
    else f.kind = Format::Kind::Fixed;
  }
  for (double v : shown) f.width = std::max<int>(f.width, static_cast<int>(f(v).size()));
  return f;
}

class Printer {
 public:
  Printer(const Tensor& t) : t_(t.to(kFloat64).contiguous()), elide_(t.numel() > kThreshold) {
    data_ = t_.data_ptr<double>();
  }

  std::string str(DType dtype) {
    std::vector<double> shown;
    collect(0, 0, shown);
    fmt_ = choose_format(shown, dtype);
    std::string out;
    block(0, 0, 7, out);  // 7 = strlen("tensor(")
    return out;
  }

 private:
  bool elided(int64_t d) const { return elide_ && t_.sizes()[static_cast<size_t>(d)] > 2 * kEdge; }

  // Indices of dim d that are shown (all, or kEdge at each end with -1 marking "...").
  std::vector<int64_t> shown_indices(int64_t d) const {
    int64_t n = t_.sizes()[static_cast<size_t>(d)];
    std::vector<int64_t> idx;
    if (!elided(d)) {
      for (int64_t i = 0; i < n; ++i) idx.push_back(i);
    } else {
      for (int64_t i = 0; i < kEdge; ++i) idx.push_back(i);
      idx.push_back(-1);
      for (int64_t i = n - kEdge; i < n; ++i) idx.push_back(i);
    }
    return idx;
  }

  int64_t stride(int64_t d) const { return t_.strides()[static_cast<size_t>(d)]; }

  void collect(int64_t d, int64_t off, std::vector<double>& out) const {
    if (d == t_.dim()) { out.push_back(data_[off]); return; }
    for (int64_t i : shown_indices(d))
      if (i >= 0) collect(d + 1, off + i * stride(d), out);
  }

  void block(int64_t d, int64_t off, int indent, std::string& out) const {
    if (d == t_.dim()) { out += pad(fmt_(data_[off])); return; }
    out += '[';
    bool first = true;
    bool last_dim = d == t_.dim() - 1;
    for (int64_t i : shown_indices(d)) {
      if (!first) {
        out += ',';
        if (last_dim) out += ' ';
        else out += std::string(static_cast<size_t>(t_.dim() - d - 1), '\n') + std::string(static_cast<size_t>(indent + 1), ' ');
      }
      first = false;
      if (i < 0) out += "...";
      else block(d + 1, off + i * stride(d), indent + 1, out);
    }
    out += ']';
  }

  std::string pad(const std::string& s) const {
    return std::string(static_cast<size_t>(std::max<int>(0, fmt_.width - static_cast<int>(s.size()))), ' ') + s;
  }

  Tensor t_;
  bool elide_;
  const double* data_ = nullptr;
  Format fmt_;
};
}  // namespace

std::string to_string(const Tensor& t) {
  if (!t.defined()) return "tensor(undefined)";
  std::ostringstream os;
  os << "tensor(" << Printer(t).str(t.dtype());
  if (t.dim() > 0) os << ", shape=" << t.sizes();
  os << ", dtype=" << t.dtype();
  if (!t.device().is_cpu()) os << ", device=" << t.device();
  os << ')';
  return os.str();
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) { return os << to_string(t); }

}  // namespace tyche
