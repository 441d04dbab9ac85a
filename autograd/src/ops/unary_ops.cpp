// Derivatives of the elementwise unary ops and special functions.
// Saved: x = the input, y = the output (saved_tensor(0) either way).
#include <cmath>

#include "formula.h"

namespace tyche {

using autograd::detail::Grads;
using autograd::detail::Keep;
using autograd::detail::Node;
using autograd::detail::unary;

namespace {
constexpr double kTwoOverSqrtPi = 1.1283791670955126;  // 2 / sqrt(pi)
constexpr double kSqrtPiOverTwo = 0.88622692545275801;  // sqrt(pi) / 2
}  // namespace

// d(-x) = -g
Tensor neg(const Tensor& x) {
  return unary("neg", native::neg, x, Keep::Nothing, [](Node&, const Tensor& g) -> Grads { return {-g}; });
}
// d|x| = g sign(x) (0 at 0)
Tensor abs(const Tensor& x) {
  return unary("abs", native::abs, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * sign(n.saved_tensor(0))}; });
}
// d exp(x) = g y
Tensor exp(const Tensor& x) {
  return unary("exp", native::exp, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {g * n.saved_tensor(0)}; });
}
// d expm1(x) = g (y + 1)
Tensor expm1(const Tensor& x) {
  return unary("expm1", native::expm1, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {g * (n.saved_tensor(0) + 1.0)}; });
}
// d log(x) = g / x
Tensor log(const Tensor& x) {
  return unary("log", native::log, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g / n.saved_tensor(0)}; });
}
// d log1p(x) = g / (1 + x)
Tensor log1p(const Tensor& x) {
  return unary("log1p", native::log1p, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g / (n.saved_tensor(0) + 1.0)}; });
}
// d sqrt(x) = g / (2 y)
Tensor sqrt(const Tensor& x) {
  return unary("sqrt", native::sqrt, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {g / (n.saved_tensor(0) * 2.0)}; });
}
// d x^(-1/2) = -g y^3 / 2
Tensor rsqrt(const Tensor& x) {
  return unary("rsqrt", native::rsqrt, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {g * n.saved_tensor(0).pow(3) * -0.5}; });
}
// d (1/x) = -g y^2
Tensor reciprocal(const Tensor& x) {
  return unary("reciprocal", native::reciprocal, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {-g * square(n.saved_tensor(0))}; });
}
// d x^2 = 2 g x
Tensor square(const Tensor& x) {
  return unary("square", native::square, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * n.saved_tensor(0) * 2.0}; });
}
// d sin(x) = g cos(x)
Tensor sin(const Tensor& x) {
  return unary("sin", native::sin, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * cos(n.saved_tensor(0))}; });
}
// d cos(x) = -g sin(x)
Tensor cos(const Tensor& x) {
  return unary("cos", native::cos, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {-g * sin(n.saved_tensor(0))}; });
}
// d tan(x) = g (1 + y^2)
Tensor tan(const Tensor& x) {
  return unary("tan", native::tan, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {g * (square(n.saved_tensor(0)) + 1.0)}; });
}
// d tanh(x) = g (1 - y^2)
Tensor tanh(const Tensor& x) {
  return unary("tanh", native::tanh, x, Keep::Output,
               [](Node& n, const Tensor& g) -> Grads { return {g * (1.0 - square(n.saved_tensor(0)))}; });
}
// d sigmoid(x) = g y (1 - y)
Tensor sigmoid(const Tensor& x) {
  return unary("sigmoid", native::sigmoid, x, Keep::Output, [](Node& n, const Tensor& g) -> Grads {
    Tensor y = n.saved_tensor(0);
    return {g * y * (1.0 - y)};
  });
}
// d log(sigmoid(x)) = g sigmoid(-x)
Tensor log_sigmoid(const Tensor& x) {
  return unary("log_sigmoid", native::log_sigmoid, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * sigmoid(-n.saved_tensor(0))}; });
}
// d softplus(x) = g sigmoid(x)
Tensor softplus(const Tensor& x) {
  return unary("softplus", native::softplus, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * sigmoid(n.saved_tensor(0))}; });
}
// d erf(x) = g 2/sqrt(pi) exp(-x^2)
Tensor erf(const Tensor& x) {
  return unary("erf", native::erf, x, Keep::Input, [](Node& n, const Tensor& g) -> Grads {
    return {g * exp(-square(n.saved_tensor(0))) * kTwoOverSqrtPi};
  });
}
// d erfc(x) = -g 2/sqrt(pi) exp(-x^2)
Tensor erfc(const Tensor& x) {
  return unary("erfc", native::erfc, x, Keep::Input, [](Node& n, const Tensor& g) -> Grads {
    return {g * exp(-square(n.saved_tensor(0))) * -kTwoOverSqrtPi};
  });
}
// d erfinv(x) = g sqrt(pi)/2 exp(y^2)
Tensor erfinv(const Tensor& x) {
  return unary("erfinv", native::erfinv, x, Keep::Output, [](Node& n, const Tensor& g) -> Grads {
    return {g * exp(square(n.saved_tensor(0))) * kSqrtPiOverTwo};
  });
}
// d lgamma(x) = g digamma(x)
Tensor lgamma(const Tensor& x) {
  return unary("lgamma", native::lgamma, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * digamma(n.saved_tensor(0))}; });
}
// d digamma(x) = g polygamma(1, x)
Tensor digamma(const Tensor& x) {
  return unary("digamma", native::digamma, x, Keep::Input,
               [](Node& n, const Tensor& g) -> Grads { return {g * polygamma(1, n.saved_tensor(0))}; });
}
// d i0e(x) = g (i1e(x) - sign(x) i0e(x))
Tensor i0e(const Tensor& x) {
  return unary("i0e", native::i0e, x, Keep::Input, [](Node& n, const Tensor& g) -> Grads {
    const Tensor& v = n.saved_tensor(0);
    return {g * (i1e(v) - sign(v) * i0e(v))};
  });
}
// d i1e(x) = g (i0e(x) - i1e(x) (sign(x) + 1/x)), g / 2 at x = 0 (the limit).
// 1/x is taken of x with its zeros replaced by 1, so the branch where() drops
// stays finite and higher derivatives at 0 are not NaN.
Tensor i1e(const Tensor& x) {
  return unary("i1e", native::i1e, x, Keep::Input, [](Node& n, const Tensor& g) -> Grads {
    const Tensor& v = n.saved_tensor(0);
    Tensor at_zero = v == 0.0;
    Tensor safe = where(at_zero, 1.0, v);
    return {g * where(at_zero, 0.5, i0e(v) - i1e(v) * (sign(v) + reciprocal(safe)))};
  });
}
// Piecewise constant: zero gradient almost everywhere (as PyTorch).
namespace {
Grads zero_gradient(Node&, const Tensor& g) { return {zeros_like(g)}; }
}  // namespace
Tensor sign(const Tensor& x) { return unary("sign", native::sign, x, Keep::Nothing, zero_gradient); }
Tensor floor(const Tensor& x) { return unary("floor", native::floor, x, Keep::Nothing, zero_gradient); }
Tensor ceil(const Tensor& x) { return unary("ceil", native::ceil, x, Keep::Nothing, zero_gradient); }
Tensor round(const Tensor& x) { return unary("round", native::round, x, Keep::Nothing, zero_gradient); }

// d polygamma(k, x) = g polygamma(k + 1, x)
Tensor polygamma(int64_t k, const Tensor& x) {
  autograd::detail::Op op("polygamma", x);
  Tensor y = native::polygamma(k, x);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      return {g * polygamma(n.ints[0] + 1, n.saved_tensor(0))};
    });
    n.ints.push_back(k);
    n.save(x);
  }
  return y;
}

}  // namespace tyche
