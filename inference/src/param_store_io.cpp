// ParamStore::save / load. Format (text, one record per parameter):
//   tyche-param-store 1
//   <count>
//   <name length> <name>
//   <constraint kind> <reinterpreted dims> <lower tensor> <upper tensor>
//   <value tensor>
//   ...
//   checksum <FNV-1a 64 of every byte before this line, hex>
// A tensor is "-" (undefined) or "<dtype> <ndim> <sizes...> <values as hexfloat...>".
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "tyche/autograd.h"
#include "tyche/inference/param_store.h"

namespace tyche {

namespace {

constexpr const char* kMagic = "tyche-param-store";
constexpr int kVersion = 1;

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

void write_tensor(std::ostream& os, const Tensor& t) {
  if (!t.defined()) {
    os << "-";
    return;
  }
  os << dtype_name(t.dtype()) << ' ' << t.dim();
  for (int64_t s : t.sizes()) os << ' ' << s;
  for (double v : t.detach().to(kFloat64).contiguous().to_vector<double>()) os << ' ' << std::hexfloat << v;
  os << std::defaultfloat;
}

DType parse_dtype(const std::string& s) {
  for (DType t : {kBool, kInt32, kInt64, kFloat32, kFloat64})
    if (dtype_name(t) == s) return t;
  throw Error("unknown dtype '" + s + "'");
}

// Hexfloats go through strtod: iostreams do not read them portably.
double read_double(std::istream& is) {
  std::string tok;
  if (!(is >> tok)) throw Error("a value is missing");
  char* end = nullptr;
  double v = std::strtod(tok.c_str(), &end);
  if (end != tok.c_str() + tok.size()) throw Error("bad number '" + tok + "'");
  return v;
}

Tensor read_tensor(std::istream& is) {
  std::string dt;
  if (!(is >> dt)) throw Error("a tensor is missing");
  if (dt == "-") return Tensor();
  const DType t = parse_dtype(dt);
  int64_t ndim = 0;
  if (!(is >> ndim) || ndim < 0 || ndim > 16) throw Error("bad dimension count");
  Shape sizes;
  for (int64_t k = 0; k < ndim; ++k) {
    int64_t s = -1;
    if (!(is >> s) || s < 0) throw Error("bad size");
    sizes.push_back(s);
  }
  std::vector<double> v(static_cast<size_t>(numel_of(sizes)));
  for (double& x : v) x = read_double(is);
  // tensor(values, {}) would make a 1-D tensor: reshape to the saved shape.
  const int64_t n = static_cast<int64_t>(v.size());
  return tensor(v, {n}).reshape(sizes).to(t);
}

}  // namespace

void ParamStore::save(const std::string& path) const {
  std::ostringstream body;
  body << kMagic << ' ' << kVersion << '\n' << params_.size() << '\n';
  for (const auto& [name, e] : params_) {
    body << name.size() << ' ' << name << '\n';
    body << static_cast<int>(e.constraint.kind()) << ' ' << e.constraint.reinterpreted() << ' ';
    write_tensor(body, e.constraint.lower());
    body << ' ';
    write_tensor(body, e.constraint.upper());
    body << '\n';
    write_tensor(body, e.unconstrained);
    body << '\n';
  }
  std::string text = body.str();
  std::ostringstream sum;
  sum << "checksum " << std::hex << fnv1a(text) << '\n';
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  TYCHE_CHECK(f.good(), "ParamStore::save", "cannot open '", path, "' for writing");
  f << text << sum.str();
  f.close();
  TYCHE_CHECK(f.good(), "ParamStore::save", "writing '", path, "' failed");
}

void ParamStore::load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  TYCHE_CHECK(f.good(), "ParamStore::load", "cannot open '", path, "'");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto fail = [&](const std::string& why) {
    throw Error("ParamStore::load: '" + path + "' is truncated or corrupt (" + why + "); the store is unchanged");
  };
  const size_t cut = text.rfind("checksum ");
  if (cut == std::string::npos) fail("no checksum line");
  std::string body = text.substr(0, cut);
  std::istringstream tail(text.substr(cut + 9));
  uint64_t stored = 0;
  if (!(tail >> std::hex >> stored) || stored != fnv1a(body)) fail("checksum mismatch");
  std::map<std::string, Entry> loaded;
  try {
    NoGradGuard no_grad;
    std::istringstream is(body);
    std::string magic;
    int version = 0;
    size_t count = 0;
    if (!(is >> magic >> version) || magic != kMagic) fail("not a tyche parameter file");
    if (version != kVersion) fail("unsupported version " + std::to_string(version));
    if (!(is >> count)) fail("no parameter count");
    for (size_t i = 0; i < count; ++i) {
      size_t len = 0;
      if (!(is >> len) || is.get() != ' ') fail("bad name");
      std::string name(len, '\0');
      if (!is.read(name.data(), static_cast<std::streamsize>(len))) fail("bad name");
      int kind = 0, reinterpreted = 0;
      if (!(is >> kind >> reinterpreted) || kind < 0 || kind > static_cast<int>(dist::Constraint::Kind::Multinomial))
        fail("bad constraint");
      Tensor lower = read_tensor(is), upper = read_tensor(is);
      dist::Constraint c(static_cast<dist::Constraint::Kind>(kind), lower, upper, reinterpreted);
      Tensor u = read_tensor(is);
      if (!u.defined()) fail("parameter '" + name + "' has no value");
      u = u.contiguous().clone();
      u.requires_grad_();
      loaded.insert_or_assign(name, Entry{u, c, dist::biject_to(c)});
    }
  } catch (const Error& e) {
    if (std::string(e.what()).find("ParamStore::load") != std::string::npos) throw;
    fail(e.what());
  }
  params_ = std::move(loaded);
}

}  // namespace tyche
