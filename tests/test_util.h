#pragma once
// Test helpers shared by every test file: naive element access that reads a
// tensor through its strides (independent of the kernels under test), and
// comparisons that print the offending element.
#include <gtest/gtest.h>
#include <tyche/tyche.h>

#include <cmath>
#include <functional>
#include <initializer_list>
#include <utility>
#include <random>
#include <string>
#include <vector>

// EXPECT_ERROR(stmt, "part", ...): stmt throws tyche::Error whose message contains every part.
#ifndef EXPECT_ERROR
#define EXPECT_ERROR(stmt, ...)                                                        \
  do {                                                                                 \
    try {                                                                              \
      stmt;                                                                            \
      ADD_FAILURE() << "expected tyche::Error from " #stmt;                            \
    } catch (const ::tyche::Error& e) {                                                \
      for (const std::string& part : std::vector<std::string>{__VA_ARGS__})            \
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();    \
    }                                                                                  \
  } while (0)
#endif

namespace tyche::testing {

// Value of element idx of t as a double, read through sizes/strides/offset.
inline double at(const Tensor& t, const std::vector<int64_t>& idx) {
  const char* base = static_cast<const char*>(t.data_ptr());
  int64_t off = 0;
  for (size_t d = 0; d < idx.size(); ++d) off += idx[d] * t.strides()[d];
  const char* p = base + off * t.element_size();
  switch (t.dtype()) {
    case kBool: return *reinterpret_cast<const bool*>(p);
    case kInt32: return *reinterpret_cast<const int32_t*>(p);
    case kInt64: return static_cast<double>(*reinterpret_cast<const int64_t*>(p));
    case kFloat32: return *reinterpret_cast<const float*>(p);
    case kFloat64: return *reinterpret_cast<const double*>(p);
  }
  return 0;
}

// Calls f(idx) for every multi-index of shape, in row-major order.
inline void for_each_index(IntList shape, const std::function<void(const std::vector<int64_t>&)>& f) {
  int64_t n = numel_of(shape);
  std::vector<int64_t> idx(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    f(idx);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

// All elements in row-major order, read naively.
inline std::vector<double> values(const Tensor& t) {
  std::vector<double> v;
  for_each_index(t.sizes(), [&](const std::vector<int64_t>& i) { v.push_back(at(t, i)); });
  return v;
}

// Element-wise |a - e| <= atol + rtol * |e| (NaN == NaN, inf == inf of the same sign).
inline ::testing::AssertionResult near(const Tensor& a, const std::vector<double>& expected,
                                       double rtol = 1e-6, double atol = 1e-9) {
  std::vector<double> v = values(a);
  if (v.size() != expected.size())
    return ::testing::AssertionFailure() << "numel " << v.size() << " vs expected " << expected.size();
  for (size_t i = 0; i < v.size(); ++i) {
    double x = v[i], e = expected[i];
    bool ok = (std::isnan(x) && std::isnan(e)) || x == e ||
              (std::isfinite(e) && std::fabs(x - e) <= atol + rtol * std::fabs(e));
    if (!ok)
      return ::testing::AssertionFailure() << "element " << i << ": got " << x << ", expected " << e;
  }
  return ::testing::AssertionSuccess();
}

// Same shape and near element-wise.
inline ::testing::AssertionResult near(const Tensor& a, const Tensor& b, double rtol = 1e-6,
                                       double atol = 1e-9) {
  if (a.sizes() != b.sizes())
    return ::testing::AssertionFailure() << "shapes " << a.sizes() << " vs " << b.sizes();
  return near(a, values(b), rtol, atol);
}

// Uniform(-1, 1) values (integers in [-9, 9] for integer dtypes), reproducible by seed.
inline Tensor random_tensor(std::vector<int64_t> shape, uint64_t seed, DType dtype = kFloat64) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> v(static_cast<size_t>(numel_of(shape)));
  for (double& x : v) x = is_floating(dtype) ? u(rng) : std::round(u(rng) * 9);
  return tensor(v, shape).to(dtype);
}

// f() throws tyche::Error whose message contains every part.
template <class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "expected tyche::Error";
  } catch (const Error& e) {
    for (const std::string& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

// f() throws tyche::Error whose message starts by naming op ("op: ...").
template <class F>
void expect_error(F&& f, const std::string& op) {
  expect_error(std::forward<F>(f), {op + ":"});
}

}  // namespace tyche::testing
