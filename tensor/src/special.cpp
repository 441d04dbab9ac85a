// Special functions (erf, erfc, erfinv, lgamma, digamma, polygamma, i0e, i1e) from
// Boost.Math, with a policy that returns inf/NaN instead of throwing, so
// kernels never throw from inside a parallel region.
#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include "tyche/native.h"
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/polygamma.hpp>
#include <cmath>
#include <limits>

#include "cpu/unary_kernel.h"

namespace tyche {

namespace {
namespace bm = boost::math;
using Policy = bm::policies::policy<bm::policies::domain_error<bm::policies::ignore_error>,
                                    bm::policies::pole_error<bm::policies::ignore_error>,
                                    bm::policies::overflow_error<bm::policies::ignore_error>,
                                    bm::policies::evaluation_error<bm::policies::ignore_error>,
                                    bm::policies::promote_double<false>>;
using detail::Promote;
using detail::unary_op;

template <class T> constexpr T kInf = std::numeric_limits<T>::infinity();
template <class T> constexpr T kNaN = std::numeric_limits<T>::quiet_NaN();

bool is_nonpositive_integer(double x) { return x <= 0 && x == std::floor(x); }

struct Erf {
  template <class T> T operator()(T x) const { return std::erf(x); }
};
struct Erfc {
  template <class T> T operator()(T x) const { return std::erfc(x); }
};
struct Erfinv {
  template <class T> T operator()(T x) const {
    if (std::isnan(x) || x < -1 || x > 1) return kNaN<T>;
    if (x == 1) return kInf<T>;
    if (x == -1) return -kInf<T>;
    return bm::erf_inv(x, Policy());
  }
};
// lgamma: +inf at the poles (0, -1, -2, ...), as PyTorch and SciPy.
struct Lgamma {
  template <class T> T operator()(T x) const {
    if (std::isnan(x)) return x;
    if (std::isinf(x) || is_nonpositive_integer(x)) return kInf<T>;
    return bm::lgamma(x, Policy());
  }
};
// digamma: -inf at 0, NaN at negative integers, as PyTorch.
struct Digamma {
  template <class T> T operator()(T x) const {
    if (std::isnan(x)) return x;
    if (x == 0) return std::signbit(x) ? kInf<T> : -kInf<T>;
    if (is_nonpositive_integer(x)) return kNaN<T>;
    if (x == kInf<T>) return kInf<T>;
    if (x == -kInf<T>) return kNaN<T>;
    return bm::digamma(x, Policy());
  }
};
struct Polygamma {
  int n;
  template <class T> T operator()(T x) const {
    if (n == 0) return Digamma()(x);
    if (std::isnan(x)) return x;
    if (is_nonpositive_integer(x)) return (n % 2 == 1) ? kInf<T> : kNaN<T>;
    if (x == kInf<T>) return T(0);
    return bm::polygamma(n, x, Policy());
  }
};

// exp(-x) I_nu(x) for x >= 0, nu in {0, 1}, in float64. Up to x = 500 Boost's
// I_nu times exp(-x) (both within a few ulps, no overflow); above, Hankel's
// asymptotic series exp(-x) I_nu(x) = sum_k (-1)^k a_k(nu) / x^k / sqrt(2 pi x),
// a_k(nu) = prod_{j <= k} (4 nu^2 - (2j - 1)^2) / (k! 8^k), whose terms fall
// below 1e-17 of the sum within 8 terms for x > 500.
double scaled_bessel_i(int nu, double x) {
  if (x <= 500) return bm::cyl_bessel_i(nu, x, Policy()) * std::exp(-x);
  const double mu = 4.0 * nu * nu;
  double term = 1, sum = 1;
  for (int k = 1; k < 30 && std::fabs(term) > 1e-17 * std::fabs(sum); ++k) {
    term *= -(mu - (2.0 * k - 1) * (2.0 * k - 1)) / (8.0 * k * x);
    sum += term;
  }
  return sum / std::sqrt(2 * M_PI * x);
}
// i0e is even, i1e odd; both computed in float64 and rounded to T.
struct I0e {
  template <class T> T operator()(T x) const {
    if (std::isnan(x)) return x;
    return static_cast<T>(scaled_bessel_i(0, std::fabs(static_cast<double>(x))));
  }
};
struct I1e {
  template <class T> T operator()(T x) const {
    if (std::isnan(x)) return x;
    const double v = scaled_bessel_i(1, std::fabs(static_cast<double>(x)));
    return static_cast<T>(x < 0 ? -v : v);
  }
};
}  // namespace

Tensor native::i0e(const Tensor& x) { return unary_op<Promote::Float, I0e>(x, "i0e"); }
Tensor native::i1e(const Tensor& x) { return unary_op<Promote::Float, I1e>(x, "i1e"); }
Tensor native::erf(const Tensor& x) { return unary_op<Promote::Float, Erf>(x, "erf"); }
Tensor native::erfc(const Tensor& x) { return unary_op<Promote::Float, Erfc>(x, "erfc"); }
Tensor native::erfinv(const Tensor& x) { return unary_op<Promote::Float, Erfinv>(x, "erfinv"); }
Tensor native::lgamma(const Tensor& x) { return unary_op<Promote::Float, Lgamma>(x, "lgamma"); }
Tensor native::digamma(const Tensor& x) { return unary_op<Promote::Float, Digamma>(x, "digamma"); }
Tensor native::polygamma(int64_t n, const Tensor& x) {
  TYCHE_CHECK(n >= 0, "polygamma", "order n must be >= 0, got ", n);
  return unary_op<Promote::Float>(x, "polygamma", Polygamma{static_cast<int>(n)});
}

}  // namespace tyche
