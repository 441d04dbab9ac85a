// Random tensors drawn from a Generator (Philox4x32-10, see cpu/philox.h).
// Two drivers cover every op:
//  - fill_blocks: fixed-size draws (rand, uniform, randn, normal) pack 16 bytes
//    of output per Philox block: 4 floats or 2 doubles.
//  - sample_each: parametric and rejection samplers give element i its own
//    ElementStream on block (first + i).
// Either way element i depends only on (seed, stream, first block, i), so the
// result does not depend on the thread count. Parameters are validated before
// any parallel loop; the default-generator overloads live in generator.cpp.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "cpu/philox.h"
#include "cpu/samplers.h"
#include "dispatch.h"
#include "elementwise.h"
#include "parallel.h"
#include "tyche/native.h"

namespace tyche {

using detail::cast;
using detail::ElementStream;
using detail::new_tensor;
using detail::PhiloxStream;

namespace {

using Words = std::array<uint32_t, 4>;

// Samplers cost tens of ns per element, so threads pay off on smaller ranges.
constexpr int64_t kSamplerGrain = 4096;

// ---- argument checks (all run before any parallel loop)

void check_sizes(IntList sizes, const char* op) {
  for (int64_t s : sizes) TYCHE_CHECK(s >= 0, op, "negative dimension in size ", sizes);
}

DType float_option(const TensorOptions& opt, const char* op) {
  TYCHE_CHECK(opt.device_.is_cpu(), op, "device ", opt.device_, " is not available (tyche was built without CUDA)");
  DType t = opt.dtype_or(default_dtype());
  TYCHE_CHECK(is_floating(t), op, "expected a floating dtype (float32 or float64), got ", t);
  return t;
}

void check_defined(const Tensor& t, const char* op) {
  TYCHE_CHECK(t.defined(), op, "input tensor is undefined");
}

// The dtype of a sample whose parameters have dtype t: t itself when floating.
DType float_result(DType t) { return is_floating(t) ? t : default_dtype(); }

// t as a contiguous float64 tensor, broadcast to shape when given.
Tensor as_double(const Tensor& t) { return cast(t, kFloat64).contiguous(); }
Tensor as_double(const Tensor& t, IntList shape) { return cast(t.expand(shape), kFloat64).contiguous(); }

// Throws naming op, the condition and the first offending value of v (float64).
template <class Pred>
void check_each(const Tensor& v, const char* op, const char* name, const char* condition, Pred ok) {
  const double* p = v.data_ptr<double>();
  for (int64_t i = 0, n = v.numel(); i < n; ++i)
    TYCHE_CHECK(ok(p[i]), op, "expected ", name, " ", condition, ", got ", p[i], " (element ", i, ")");
}

// Bounds a value of dtype t can take that keep log() of it finite.
double smallest_positive(DType t) { return t == kFloat32 ? FLT_MIN : DBL_MIN; }
double largest_below_one(DType t) { return t == kFloat32 ? 1.0 - 0x1.0p-24 : 1.0 - 0x1.0p-53; }

// ---- fixed-size draws: K = 16 / sizeof(T) values per block

template <class T> constexpr int kPerBlock = 16 / sizeof(T);

// Value j of a block as a [0, 1) uniform with T's precision, or as a (0, 1) uniform.
template <class T> double unit(const Words& w, int j) {
  if constexpr (sizeof(T) == 4) return detail::uniform_float(w[j]);
  else return detail::uniform_double(detail::join64(w[2 * j], w[2 * j + 1]));
}
template <class T> double open_unit(const Words& w, int j) {
  if constexpr (sizeof(T) == 4) return detail::open_uniform(w[j]);
  else return detail::open_uniform(detail::join64(w[2 * j], w[2 * j + 1]));
}

// Fills out (contiguous, dtype T): block b of the draw gives elements
// [K b, K b + K) through f(words, values).
template <class T, class BlockFn>
void fill_blocks(Tensor& out, Generator& gen, const char* op, const BlockFn& f) {
  constexpr int K = kPerBlock<T>;
  const int64_t n = out.numel(), blocks = (n + K - 1) / K;
  const uint64_t first = detail::reserve(gen, static_cast<uint64_t>(blocks), op);
  const PhiloxStream ps(gen);
  T* o = out.data_ptr<T>();
  detail::parallel_for(0, blocks, detail::kElementwiseGrain / K, [&](int64_t b, int64_t e) {
    for (int64_t blk = b; blk < e; ++blk) {
      T values[K];
      f(ps.block(first + static_cast<uint64_t>(blk)), values);
      const int64_t i0 = blk * K, m = std::min<int64_t>(K, n - i0);
      for (int64_t j = 0; j < m; ++j) o[i0 + j] = values[j];
    }
  });
}

// The largest T strictly below high: low + (high - low) u can round up to high.
template <class T> T largest_below(double high) {
  T h = static_cast<T>(high);
  return static_cast<double>(h) >= high ? std::nextafter(h, -std::numeric_limits<T>::infinity()) : h;
}

Tensor uniform_impl(IntList sizes, double low, double high, Generator& gen, TensorOptions opt,
                    const char* op) {
  check_sizes(sizes, op);
  DType dt = float_option(opt, op);
  Tensor out = new_tensor(sizes, dt);
  detail::dispatch_floating(dt, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T top = largest_below<T>(high);
    const double scale = high - low;
    fill_blocks<T>(out, gen, op, [&](const Words& w, T* v) {
      for (int j = 0; j < kPerBlock<T>; ++j) v[j] = std::min(static_cast<T>(low + scale * unit<T>(w, j)), top);
    });
  });
  return out;
}

// Box-Muller on values (j, j + 1) of each block: both outputs are used.
Tensor normal_impl(IntList sizes, double mean, double std, Generator& gen, TensorOptions opt,
                   const char* op) {
  check_sizes(sizes, op);
  DType dt = float_option(opt, op);
  Tensor out = new_tensor(sizes, dt);
  detail::dispatch_floating(dt, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    fill_blocks<T>(out, gen, op, [&](const Words& w, T* v) {
      for (int j = 0; j < kPerBlock<T>; j += 2) {
        double z0, z1;
        detail::box_muller(open_unit<T>(w, j), unit<T>(w, j + 1), z0, z1);
        v[j] = static_cast<T>(mean + std * z0);
        v[j + 1] = static_cast<T>(mean + std * z1);
      }
    });
  });
  return out;
}

// ---- per-element samplers: out[i] = f(stream of block first + i, i)

template <class F>
Tensor sample_each(IntList shape, DType dt, Generator& gen, const char* op, const F& f) {
  Tensor out = new_tensor(shape, dt);
  const int64_t n = out.numel();
  const uint64_t first = detail::reserve(gen, static_cast<uint64_t>(n), op);
  const PhiloxStream ps(gen);
  detail::dispatch_numeric(dt, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* o = out.data_ptr<T>();
    detail::parallel_for(0, n, kSamplerGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        ElementStream s(ps, first + static_cast<uint64_t>(i));
        o[i] = static_cast<T>(f(s, i));
      }
    });
  });
  return out;
}

// ---- multinomial / categorical

// probs [..., k] validated and flattened to rows of k float64 values.
struct CategoryRows {
  Tensor p;  // [rows * k] float64, contiguous
  int64_t rows, k;
  Shape batch;  // probs.sizes() without the last dim
};

CategoryRows category_rows(const Tensor& probs, int64_t num_samples, bool replacement, const char* op) {
  check_defined(probs, op);
  TYCHE_CHECK(probs.dim() >= 1, op, "expected probs with at least one dim, got shape ", probs.sizes());
  CategoryRows r{as_double(probs), 0, probs.size(-1), Shape(probs.sizes().begin(), probs.sizes().end() - 1)};
  TYCHE_CHECK(r.k >= 1, op, "expected at least one category, got shape ", probs.sizes());
  TYCHE_CHECK(num_samples >= 1, op, "expected num_samples >= 1, got ", num_samples);
  TYCHE_CHECK(replacement || num_samples <= r.k, op, "cannot draw ", num_samples,
              " samples without replacement from ", r.k, " categories");
  r.rows = probs.numel() / r.k;
  const double* p = r.p.data_ptr<double>();
  for (int64_t row = 0; row < r.rows; ++row) {
    double sum = 0;
    int64_t positive = 0;
    for (int64_t c = 0; c < r.k; ++c) {
      double v = p[row * r.k + c];
      TYCHE_CHECK(std::isfinite(v) && v >= 0, op, "expected finite, non-negative probabilities, got ", v,
                  " (row ", row, ", category ", c, ")");
      sum += v;
      positive += v > 0;
    }
    TYCHE_CHECK(sum > 0 && std::isfinite(sum), op, "expected probabilities with a positive finite sum, got ",
                sum, " (row ", row, ")");
    TYCHE_CHECK(replacement || positive >= num_samples, op, "cannot draw ", num_samples,
                " samples without replacement from ", positive, " categories of non-zero probability (row ",
                row, ")");
  }
  return r;
}

// Inversion on each row's running sums; sample j of row r uses element r * n + j.
Tensor multinomial_with_replacement(const CategoryRows& r, int64_t num_samples, Tensor& out, Generator& gen,
                                    const char* op) {
  const int64_t k = r.k;
  std::vector<double> cdf(static_cast<size_t>(r.rows * k));
  std::vector<int64_t> last_positive(static_cast<size_t>(r.rows));
  const double* p = r.p.data_ptr<double>();
  for (int64_t row = 0; row < r.rows; ++row) {
    double run = 0;
    for (int64_t c = 0; c < k; ++c) {
      run += p[row * k + c];
      cdf[row * k + c] = run;
      if (p[row * k + c] > 0) last_positive[row] = c;
    }
  }
  const int64_t n = r.rows * num_samples;
  const uint64_t first = detail::reserve(gen, static_cast<uint64_t>(n), op);
  const PhiloxStream ps(gen);
  int64_t* o = out.data_ptr<int64_t>();
  detail::parallel_for(0, n, kSamplerGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      ElementStream s(ps, first + static_cast<uint64_t>(i));
      const double* row_cdf = cdf.data() + (i / num_samples) * k;
      const double x = s.uniform() * row_cdf[k - 1];
      // Zero-probability categories never satisfy cdf > x first; x rounding up
      // to the total falls back to the last possible category.
      const int64_t c = std::upper_bound(row_cdf, row_cdf + k, x) - row_cdf;
      o[i] = std::min(c, last_positive[i / num_samples]);
    }
  });
  return out;
}

// Exponential races (Efraimidis & Spirakis 2006): category c of a row gets key
// E_c / p_c with E_c ~ Exp(1); the num_samples smallest keys, in order, are
// distributed as successive draws without replacement. Key (r, c) uses element r * k + c.
Tensor multinomial_without_replacement(const CategoryRows& r, int64_t num_samples, Tensor& out,
                                       Generator& gen, const char* op) {
  const int64_t k = r.k;
  const uint64_t first = detail::reserve(gen, static_cast<uint64_t>(r.rows * k), op);
  const PhiloxStream ps(gen);
  const double* p = r.p.data_ptr<double>();
  int64_t* o = out.data_ptr<int64_t>();
  detail::parallel_for(0, r.rows, std::max<int64_t>(1, kSamplerGrain / k), [&](int64_t b, int64_t e) {
    std::vector<double> keys(static_cast<size_t>(k));
    std::vector<int64_t> order(static_cast<size_t>(k));
    for (int64_t row = b; row < e; ++row) {
      for (int64_t c = 0; c < k; ++c) {
        ElementStream s(ps, first + static_cast<uint64_t>(row * k + c));
        const double pc = p[row * k + c];
        keys[c] = pc > 0 ? -std::log(s.uniform()) / pc : std::numeric_limits<double>::infinity();
      }
      std::iota(order.begin(), order.end(), int64_t{0});
      std::partial_sort(order.begin(), order.begin() + num_samples, order.end(), [&](int64_t a, int64_t c) {
        return keys[a] < keys[c] || (keys[a] == keys[c] && a < c);
      });
      std::copy(order.begin(), order.begin() + num_samples, o + row * num_samples);
    }
  });
  return out;
}

Tensor multinomial_impl(const Tensor& probs, int64_t num_samples, bool replacement, Generator& gen,
                        const char* op) {
  CategoryRows r = category_rows(probs, num_samples, replacement, op);
  Shape out_shape = r.batch;
  out_shape.push_back(num_samples);
  Tensor out = new_tensor(out_shape, kInt64);
  return replacement ? multinomial_with_replacement(r, num_samples, out, gen, op)
                     : multinomial_without_replacement(r, num_samples, out, gen, op);
}

}  // namespace

// ---------------------------------------------------------------- uniform

Tensor rand(IntList sizes, Generator& gen, TensorOptions opt) {
  return uniform_impl(sizes, 0.0, 1.0, gen, opt, "rand");
}

Tensor uniform(IntList sizes, double low, double high, Generator& gen, TensorOptions opt) {
  TYCHE_CHECK(low < high && std::isfinite(high - low), "uniform",
              "expected finite low < high, got low=", low, ", high=", high);
  return uniform_impl(sizes, low, high, gen, opt, "uniform");
}

Tensor randint(int64_t low, int64_t high, IntList sizes, Generator& gen, TensorOptions opt) {
  const char* op = "randint";
  TYCHE_CHECK(low < high, op, "expected low < high, got low=", low, ", high=", high);
  TYCHE_CHECK(opt.device_.is_cpu(), op, "device ", opt.device_, " is not available (tyche was built without CUDA)");
  check_sizes(sizes, op);
  const DType dt = opt.dtype_or(kInt64);
  TYCHE_CHECK(dt != kInt32 || (low >= INT32_MIN && high - 1 <= INT32_MAX), op, "range [", low, ", ", high,
              ") does not fit dtype ", dt);
  // high - low may exceed INT64_MAX; as uint64 it is exact.
  const uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  return sample_each(sizes, dt, gen, op, [=](ElementStream& s, int64_t) {
    return static_cast<int64_t>(static_cast<uint64_t>(low) + detail::bounded_u64(s, range));
  });
}

Tensor randperm(int64_t n, Generator& gen) {
  TYCHE_CHECK(n >= 0, "randperm", "expected n >= 0, got ", n);
  Tensor out = new_tensor({n}, kInt64);
  int64_t* o = out.data_ptr<int64_t>();
  std::iota(o, o + n, int64_t{0});
  // Fisher-Yates (sequential by nature); swap i uses element i's stream.
  const uint64_t first = detail::reserve(gen, static_cast<uint64_t>(n), "randperm");
  const PhiloxStream ps(gen);
  for (int64_t i = n - 1; i > 0; --i) {
    ElementStream s(ps, first + static_cast<uint64_t>(i));
    std::swap(o[i], o[detail::bounded_u64(s, static_cast<uint64_t>(i) + 1)]);
  }
  return out;
}

// ---------------------------------------------------------------- normal

Tensor randn(IntList sizes, Generator& gen, TensorOptions opt) {
  return normal_impl(sizes, 0.0, 1.0, gen, opt, "randn");
}

Tensor normal(double mean, double std, IntList sizes, Generator& gen, TensorOptions opt) {
  TYCHE_CHECK(std::isfinite(mean), "normal", "expected a finite mean, got ", mean);
  TYCHE_CHECK(std::isfinite(std) && std >= 0, "normal", "expected std >= 0, got ", std);
  return normal_impl(sizes, mean, std, gen, opt, "normal");
}

Tensor normal(const Tensor& mean, const Tensor& std, Generator& gen) {
  check_defined(mean, "normal");
  check_defined(std, "normal");
  const DType dt = float_result(result_type(mean, std));
  const Shape shape = broadcast_shapes(mean.sizes(), std.sizes(), "normal");
  check_each(as_double(std), "normal", "std", ">= 0", [](double v) { return v >= 0; });
  Tensor z = normal_impl(shape, 0.0, 1.0, gen, dt, "normal");
  return cast(mean, dt) + cast(std, dt) * z;
}

// ---------------------------------------------------------------- parametric

Tensor bernoulli(const Tensor& probs, Generator& gen) {
  check_defined(probs, "bernoulli");
  Tensor p = as_double(probs);
  check_each(p, "bernoulli", "probability", "in [0, 1]", [](double v) { return v >= 0 && v <= 1; });
  const double* pp = p.data_ptr<double>();
  return sample_each(probs.sizes(), float_result(probs.dtype()), gen, "bernoulli",
                     [=](ElementStream& s, int64_t i) { return s.uniform() < pp[i] ? 1.0 : 0.0; });
}

Tensor exponential(const Tensor& rate, Generator& gen) {
  check_defined(rate, "exponential");
  Tensor r = as_double(rate);
  check_each(r, "exponential", "rate", "> 0", [](double v) { return v > 0; });
  const double* pr = r.data_ptr<double>();
  return sample_each(rate.sizes(), float_result(rate.dtype()), gen, "exponential",
                     [=](ElementStream& s, int64_t i) { return -std::log(s.uniform()) / pr[i]; });
}

// Draws are clamped to the smallest positive normal of the output dtype, so that
// log(x) stays finite where a tiny draw underflows (small concentrations).
// The public tyche::gamma (autograd/src/ops/random_ops.cpp) adds the gradient.
Tensor native::gamma(const Tensor& concentration, Generator& gen) {
  check_defined(concentration, "gamma");
  Tensor a = as_double(concentration);
  check_each(a, "gamma", "concentration", "> 0 and finite", [](double v) { return v > 0 && std::isfinite(v); });
  const double* pa = a.data_ptr<double>();
  const DType dt = float_result(concentration.dtype());
  const double tiny = smallest_positive(dt);
  return sample_each(concentration.sizes(), dt, gen, "gamma", [=](ElementStream& s, int64_t i) {
    return std::max(detail::gamma_draw(s, pa[i]), tiny);
  });
}

// X / (X + Y) for X ~ Gamma(a), Y ~ Gamma(b), as sigmoid(log X - log Y) so that
// small concentrations (both gammas underflowing) still work. Draws are
// clamped into the open interval (0, 1) of the output dtype.
Tensor beta(const Tensor& a, const Tensor& b, Generator& gen) {
  check_defined(a, "beta");
  check_defined(b, "beta");
  const Shape shape = broadcast_shapes(a.sizes(), b.sizes(), "beta");
  Tensor pa = as_double(a, shape), pb = as_double(b, shape);
  auto positive = [](double v) { return v > 0 && std::isfinite(v); };
  check_each(pa, "beta", "concentration a", "> 0 and finite", positive);
  check_each(pb, "beta", "concentration b", "> 0 and finite", positive);
  const double* xa = pa.data_ptr<double>();
  const double* xb = pb.data_ptr<double>();
  const DType dt = float_result(result_type(a, b));
  const double lo = smallest_positive(dt), hi = largest_below_one(dt);
  return sample_each(shape, dt, gen, "beta", [=](ElementStream& s, int64_t i) {
    const double log_x = detail::log_gamma_draw(s, xa[i]);
    const double log_y = detail::log_gamma_draw(s, xb[i]);
    return std::clamp(1.0 / (1.0 + std::exp(log_y - log_x)), lo, hi);
  });
}

Tensor poisson(const Tensor& rate, Generator& gen) {
  check_defined(rate, "poisson");
  Tensor r = as_double(rate);
  check_each(r, "poisson", "rate", ">= 0 and finite", [](double v) { return v >= 0 && std::isfinite(v); });
  const double* pr = r.data_ptr<double>();
  return sample_each(rate.sizes(), float_result(rate.dtype()), gen, "poisson",
                     [=](ElementStream& s, int64_t i) { return detail::poisson_draw(s, pr[i]); });
}

// count and probs broadcast; count must hold non-negative integers (any dtype),
// probs values in [0, 1].
Tensor binomial(const Tensor& count, const Tensor& probs, Generator& gen) {
  check_defined(count, "binomial");
  check_defined(probs, "binomial");
  const Shape shape = broadcast_shapes(count.sizes(), probs.sizes(), "binomial");
  Tensor n = as_double(count, shape), p = as_double(probs, shape);
  check_each(n, "binomial", "count", "a non-negative finite integer",
             [](double v) { return v >= 0 && std::isfinite(v) && v == std::floor(v); });
  check_each(p, "binomial", "probability", "in [0, 1]", [](double v) { return v >= 0 && v <= 1; });
  const double* pn = n.data_ptr<double>();
  const double* pp = p.data_ptr<double>();
  return sample_each(shape, float_result(result_type(count, probs)), gen, "binomial",
                     [=](ElementStream& s, int64_t i) { return detail::binomial_draw(s, pn[i], pp[i]); });
}

// loc + a Von Mises(0, kappa) angle, wrapped and then clamped to the largest
// value of the output dtype below pi (float32's nearest pi lies above pi), so
// every draw lies in [-pi, pi) after rounding.
Tensor von_mises(const Tensor& loc, const Tensor& concentration, Generator& gen) {
  const char* op = "von_mises";
  check_defined(loc, op);
  check_defined(concentration, op);
  const Shape shape = broadcast_shapes(loc.sizes(), concentration.sizes(), op);
  Tensor pl = as_double(loc, shape), pk = as_double(concentration, shape);
  check_each(pl, op, "loc", "finite", [](double v) { return std::isfinite(v); });
  check_each(pk, op, "concentration", ">= 0", [](double v) { return v >= 0; });
  const double* xl = pl.data_ptr<double>();
  const double* xk = pk.data_ptr<double>();
  const DType dt = float_result(result_type(loc, concentration));
  constexpr double kPi = 3.14159265358979323846;
  const double top = dt == kFloat32 ? static_cast<double>(std::nextafter(static_cast<float>(kPi), 0.0f))
                                    : std::nextafter(kPi, 0.0);
  return sample_each(shape, dt, gen, op, [=](ElementStream& s, int64_t i) {
    return std::clamp(detail::wrap_angle(xl[i] + detail::von_mises_draw(s, xk[i])), -top, top);
  });
}

// ---------------------------------------------------------------- categories

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator& gen) {
  return multinomial_impl(probs, num_samples, replacement, gen, "multinomial");
}

Tensor categorical(const Tensor& probs, Generator& gen) {
  return multinomial_impl(probs, 1, true, gen, "categorical").squeeze(-1);
}

}  // namespace tyche
