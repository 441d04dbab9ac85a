// Tensor creation: empty/zeros/ones/full, ranges, eye, from values, from_blob.
#include <cmath>
#include <cstring>

#include "dispatch.h"
#include "elementwise.h"

namespace tyche {

using detail::new_tensor;

namespace {
DType float_or(const TensorOptions& o) { return o.dtype_or(default_dtype()); }
void check_device(const TensorOptions& o, const char* op) {
  TYCHE_CHECK(o.device_.is_cpu(), op, "device ", o.device_, " is not available (tyche was built without CUDA)");
}
// The dtype a Scalar gets when no dtype is asked for: bool, int64 or the default float.
DType natural_dtype(Scalar v) { return v.is_floating() ? default_dtype() : v.kind(); }
}  // namespace

Tensor empty(IntList sizes, TensorOptions opt) {
  check_device(opt, "empty");
  return new_tensor(sizes, float_or(opt));
}
Tensor zeros(IntList sizes, TensorOptions opt) {
  Tensor t = empty(sizes, opt);
  std::memset(t.data_ptr(), 0, static_cast<size_t>(t.nbytes()));
  return t;
}
Tensor ones(IntList sizes, TensorOptions opt) { return full(sizes, 1, opt.dtype(float_or(opt))); }
Tensor full(IntList sizes, Scalar value, TensorOptions opt) {
  check_device(opt, "full");
  Tensor t = new_tensor(sizes, opt.dtype_or(natural_dtype(value)));
  t.fill_(value);
  return t;
}
Tensor empty_like(const Tensor& t, std::optional<DType> dtype) { return empty(t.sizes(), dtype.value_or(t.dtype())); }
Tensor zeros_like(const Tensor& t, std::optional<DType> dtype) { return zeros(t.sizes(), dtype.value_or(t.dtype())); }
Tensor ones_like(const Tensor& t, std::optional<DType> dtype) { return ones(t.sizes(), dtype.value_or(t.dtype())); }
Tensor full_like(const Tensor& t, Scalar value, std::optional<DType> dtype) {
  return full(t.sizes(), value, dtype.value_or(t.dtype()));
}

Tensor scalar_tensor(Scalar value, TensorOptions opt) {
  check_device(opt, "scalar_tensor");
  DType t = opt.dtype_or(value.is_floating() ? kFloat64 : value.kind());
  Tensor out = new_tensor({}, t);
  detail::dispatch(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    *out.data_ptr<T>() = value.to<T>();
  });
  return out;
}

Tensor arange(Scalar end, TensorOptions opt) { return arange(0, end, 1, opt); }

Tensor arange(Scalar start, Scalar end, Scalar step, TensorOptions opt) {
  check_device(opt, "arange");
  bool all_int = !start.is_floating() && !end.is_floating() && !step.is_floating();
  DType t = opt.dtype_or(all_int ? kInt64 : default_dtype());
  double s = start.to_double(), e = end.to_double(), st = step.to_double();
  TYCHE_CHECK(st != 0, "arange", "step must be nonzero");
  TYCHE_CHECK(std::isfinite(s) && std::isfinite(e) && std::isfinite(st), "arange",
              "start, end and step must be finite, got ", s, ", ", e, ", ", st);
  TYCHE_CHECK((st > 0 && e >= s) || (st < 0 && e <= s), "arange", "upper bound and step sign are inconsistent: start ", s,
              ", end ", e, ", step ", st);
  int64_t n = all_int ? (end.to_int() - start.to_int() + step.to_int() - (step.to_int() > 0 ? 1 : -1)) / step.to_int()
                      : static_cast<int64_t>(std::ceil((e - s) / st));
  Tensor out = new_tensor({n}, t);
  detail::dispatch(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data_ptr<T>();
    for (int64_t i = 0; i < n; ++i)
      p[i] = all_int ? static_cast<T>(start.to_int() + i * step.to_int()) : static_cast<T>(s + static_cast<double>(i) * st);
  });
  return out;
}

Tensor linspace(double start, double end, int64_t steps, TensorOptions opt) {
  check_device(opt, "linspace");
  TYCHE_CHECK(steps >= 0, "linspace", "number of steps must be non-negative, got ", steps);
  DType t = float_or(opt);
  Tensor out = new_tensor({steps}, t);
  double step = steps > 1 ? (end - start) / static_cast<double>(steps - 1) : 0;
  detail::dispatch(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data_ptr<T>();
    // Symmetric fill (from both ends) so the last value is exactly `end`.
    for (int64_t i = 0; i < steps; ++i)
      p[i] = static_cast<T>(i < (steps + 1) / 2 ? start + step * static_cast<double>(i)
                                          : end - step * static_cast<double>(steps - 1 - i));
  });
  return out;
}

Tensor eye(int64_t n, std::optional<int64_t> m, TensorOptions opt) {
  int64_t cols = m.value_or(n);
  TYCHE_CHECK(n >= 0 && cols >= 0, "eye", "sizes must be non-negative, got ", n, "x", cols);
  Tensor out = zeros({n, cols}, opt);
  out.diagonal().fill_(1);
  return out;
}

namespace {
template <class T>
Tensor from_values(const T* values, IntList sizes, DType natural, const TensorOptions& opt) {
  Tensor t = new_tensor(sizes, natural);
  if (t.numel()) std::memcpy(t.data_ptr(), values, sizeof(T) * static_cast<size_t>(t.numel()));
  return opt.dtype_ ? t.to(*opt.dtype_) : t;
}
}  // namespace

Tensor tensor(std::initializer_list<double> values, TensorOptions opt) {
  check_device(opt, "tensor");
  return from_values(values.begin(), {static_cast<int64_t>(values.size())}, kFloat64, opt);
}
Tensor tensor(std::initializer_list<std::initializer_list<double>> rows, TensorOptions opt) {
  check_device(opt, "tensor");
  int64_t r = static_cast<int64_t>(rows.size());
  int64_t c = r ? static_cast<int64_t>(rows.begin()->size()) : 0;
  std::vector<double> flat;
  flat.reserve(static_cast<size_t>(r * c));
  for (const auto& row : rows) {
    TYCHE_CHECK(static_cast<int64_t>(row.size()) == c, "tensor", "rows have different lengths (", c,
                " and ", row.size(), ")");
    flat.insert(flat.end(), row.begin(), row.end());
  }
  return from_values(flat.data(), {r, c}, kFloat64, opt);
}
Tensor tensor(std::initializer_list<int> values, TensorOptions opt) {
  check_device(opt, "tensor");
  std::vector<int64_t> v(values.begin(), values.end());
  return from_values(v.data(), {static_cast<int64_t>(v.size())}, kInt64, opt);
}
Tensor tensor(std::initializer_list<bool> values, TensorOptions opt) {
  check_device(opt, "tensor");
  std::vector<char> v(values.begin(), values.end());
  return from_values(reinterpret_cast<const bool*>(v.data()), {static_cast<int64_t>(v.size())}, kBool, opt);
}

template <class T>
Tensor tensor(const std::vector<T>& values, IntList sizes) {
  int64_t n = static_cast<int64_t>(values.size());
  Shape shape = sizes.empty() ? Shape{n} : sizes.shape();
  TYCHE_CHECK(numel_of(shape) == n, "tensor", "shape ", IntList(shape), " has ", numel_of(shape),
              " elements but ", n, " values were given");
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<char> v(values.begin(), values.end());
    return from_values(reinterpret_cast<const bool*>(v.data()), shape, kBool, {});
  } else {
    return from_values(values.data(), shape, dtype_of_v<T>, {});
  }
}
template Tensor tensor(const std::vector<bool>&, IntList);
template Tensor tensor(const std::vector<int32_t>&, IntList);
template Tensor tensor(const std::vector<int64_t>&, IntList);
template Tensor tensor(const std::vector<float>&, IntList);
template Tensor tensor(const std::vector<double>&, IntList);

Tensor from_blob(void* data, IntList sizes, DType dtype, bool copy) {
  return from_blob(data, sizes, contiguous_strides(sizes), dtype, copy);
}

Tensor from_blob(void* data, IntList sizes, IntList strides, DType dtype, bool copy) {
  TYCHE_CHECK(sizes.size() == strides.size(), "from_blob", "sizes ", sizes, " and strides ", strides,
              " have different lengths");
  int64_t extent = 1;  // elements spanned by the view
  for (size_t i = 0; i < sizes.size(); ++i) {
    TYCHE_CHECK(sizes[i] >= 0 && strides[i] >= 0, "from_blob", "negative size or stride in ", sizes, " / ", strides);
    if (sizes[i] == 0) { extent = 0; break; }
    extent += (sizes[i] - 1) * strides[i];
  }
  TYCHE_CHECK(data != nullptr || extent == 0, "from_blob", "null data pointer for shape ", sizes);
  auto storage = StorageImpl::borrow(data, extent * element_size(dtype), kCPU);
  Tensor t(IntrusivePtr<TensorImpl>::adopt(new TensorImpl(std::move(storage), dtype, sizes.shape(), strides.shape(), 0)));
  return copy ? t.clone() : t;
}

}  // namespace tyche
