#include "tyche/dtype.h"

#include <atomic>
#include <ostream>

#include "tyche/device.h"
#include "tyche/error.h"

namespace tyche {

std::string_view dtype_name(DType t) {
  switch (t) {
    case kBool: return "bool";
    case kInt32: return "int32";
    case kInt64: return "int64";
    case kFloat32: return "float32";
    case kFloat64: return "float64";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, DType t) { return os << dtype_name(t); }

std::ostream& operator<<(std::ostream& os, Device d) {
  if (d.is_cpu()) return os << "cpu";
  return os << "cuda:" << d.index;
}

namespace {
std::atomic<DType> g_default_dtype{kFloat32};
}

DType default_dtype() { return g_default_dtype.load(std::memory_order_relaxed); }

void set_default_dtype(DType t) {
  TYCHE_CHECK(is_floating(t), "set_default_dtype", "expected a floating dtype, got ", t);
  g_default_dtype.store(t);
}

}  // namespace tyche
