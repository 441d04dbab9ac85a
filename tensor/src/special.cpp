// Special functions (erf, erfc, erfinv, lgamma, digamma, polygamma) from
// Boost.Math, with a policy that returns inf/NaN instead of throwing, so
// kernels never throw from inside a parallel region.
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
}  // namespace

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
