// Derivatives of the binary elementwise ops, where and clamp. Broadcasting is
// undone by the engine (sum_to), so formulas return full-shape gradients.
#include <cmath>

#include "formula.h"

namespace tyche {

using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

namespace {

// Records out = f(a, b) saving both inputs (saved 0 = a, 1 = b).
Tensor binary(const char* name, const Tensor& a, const Tensor& b, Tensor (*native_fn)(const Tensor&, const Tensor&),
              autograd::detail::BackwardFn fn) {
  Op op(name, a, b);
  Tensor y = native_fn(a, b);
  if (op) {
    Node& n = op.finish(y, fn);
    n.save(a);
    n.save(b);
  }
  return y;
}

// Records out = f(x, s) or f(s, x) with the scalar in reals[0]; saves x (and y if asked).
template <class F>
Tensor with_scalar(const char* name, const Tensor& x, Scalar s, F&& compute, autograd::detail::BackwardFn fn,
                   bool keep_output = false) {
  Op op(name, x);
  Tensor y = compute();
  if (op) {
    Node& n = op.finish(y, fn);
    n.reals[0] = s.to_double();
    n.save(x);
    if (keep_output) n.save_output(y);
  }
  return y;
}

// 1 where a wins, 1/2 on ties, 0 where b wins (maximum: a > b; minimum: a < b).
Tensor winner_weight(const Tensor& a_wins, const Tensor& tie) {
  return where(a_wins, 1.0, where(tie, 0.5, zeros_like(a_wins, kFloat64)));
}

}  // namespace

// d(a + alpha b) = (g, alpha g)
Tensor add(const Tensor& a, const Tensor& b, Scalar alpha) {
  Op op("add", a, b);
  Tensor y = native::add(a, b, alpha);
  if (op)
    op.finish(y, [](Node& n, const Tensor& g) -> Grads {
        return {g, n.reals[0] == 1 ? g : g * n.reals[0]};
      }).reals[0] = alpha.to_double();
  return y;
}
// d(a - alpha b) = (g, -alpha g)
Tensor sub(const Tensor& a, const Tensor& b, Scalar alpha) {
  Op op("sub", a, b);
  Tensor y = native::sub(a, b, alpha);
  if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {g, g * -n.reals[0]}; }).reals[0] = alpha.to_double();
  return y;
}
// d(a b) = (g b, g a)
Tensor mul(const Tensor& a, const Tensor& b) {
  return binary("mul", a, b, native::mul, [](Node& n, const Tensor& g) -> Grads {
    return {n.needs(0) ? g * n.saved_tensor(1) : Tensor(), n.needs(1) ? g * n.saved_tensor(0) : Tensor()};
  });
}
// d(a / b) = (g / b, -g a / b^2)
Tensor div(const Tensor& a, const Tensor& b) {
  return binary("div", a, b, native::div, [](Node& n, const Tensor& g) -> Grads {
    Tensor b = n.saved_tensor(1);
    return {n.needs(0) ? g / b : Tensor(), n.needs(1) ? -g * n.saved_tensor(0) / square(b) : Tensor()};
  });
}
// d a^b = (g b a^(b-1), g a^b log a), the latter 0 where a = 0 and b >= 0
Tensor pow(const Tensor& a, const Tensor& b) {
  return binary("pow", a, b, native::pow, [](Node& n, const Tensor& g) -> Grads {
    Tensor a = n.saved_tensor(0), b = n.saved_tensor(1);
    Tensor ga, gb;
    if (n.needs(0)) ga = where(b == 0, 0.0, g * b * pow(a, b - 1.0));
    if (n.needs(1)) gb = where(logical_and(a == 0, b >= 0), 0.0, g * pow(a, b) * log(a));
    return {ga, gb};
  });
}
// d a^s = g s a^(s-1)
Tensor pow(const Tensor& a, Scalar s) {
  return with_scalar("pow", a, s, [&] { return native::pow(a, s); }, [](Node& n, const Tensor& g) -> Grads {
    double e = n.reals[0];
    if (e == 0) return {zeros_like(g)};
    if (e == 1) return {g};
    if (e == 2) return {g * n.saved_tensor(0) * 2.0};
    return {g * pow(n.saved_tensor(0), e - 1) * e};
  });
}
// d s^b = g s^b log s (0 where s = 0 and b >= 0)
Tensor pow(Scalar s, const Tensor& b) {
  return with_scalar("pow", b, s, [&] { return native::pow(s, b); }, [](Node& n, const Tensor& g) -> Grads {
    double base = n.reals[0];
    Tensor y = n.saved_tensor(1);
    if (base == 0) return {where(n.saved_tensor(0) >= 0, 0.0, g * y * std::log(base))};
    return {g * y * std::log(base)};
  }, /*keep_output=*/true);
}
// d max(a, b): g to the larger input, split evenly on ties
Tensor maximum(const Tensor& a, const Tensor& b) {
  return binary("maximum", a, b, native::maximum, [](Node& n, const Tensor& g) -> Grads {
    Tensor a = n.saved_tensor(0), b = n.saved_tensor(1);
    Tensor w = winner_weight(a > b, a == b);
    return {g * w, g * (1.0 - w)};
  });
}
// d min(a, b): g to the smaller input, split evenly on ties
Tensor minimum(const Tensor& a, const Tensor& b) {
  return binary("minimum", a, b, native::minimum, [](Node& n, const Tensor& g) -> Grads {
    Tensor a = n.saved_tensor(0), b = n.saved_tensor(1);
    Tensor w = winner_weight(a < b, a == b);
    return {g * w, g * (1.0 - w)};
  });
}
// d atan2(y, x) = (g x / r^2, -g y / r^2), r^2 = x^2 + y^2
Tensor atan2(const Tensor& y, const Tensor& x) {
  return binary("atan2", y, x, native::atan2, [](Node& n, const Tensor& g) -> Grads {
    Tensor y = n.saved_tensor(0), x = n.saved_tensor(1);
    Tensor s = g / (square(x) + square(y));
    return {s * x, -s * y};
  });
}
// d fmod(a, b) = (g, -g trunc(a / b))
Tensor fmod(const Tensor& a, const Tensor& b) {
  return binary("fmod", a, b, native::fmod, [](Node& n, const Tensor& g) -> Grads {
    Tensor a = n.saved_tensor(0), b = n.saved_tensor(1);
    if (!n.needs(1)) return {g, Tensor()};
    Tensor q = native::div(a, b);  // trunc(a / b): a constant of the inputs
    Tensor t = where(q < 0, ceil(q), floor(q));
    return {g, -g * t};
  });
}

// ---- a Scalar on one side (the operators a + 2.0, 2.0 / a, ...)
Tensor operator+(const Tensor& a, Scalar b) {
  return with_scalar("add", a, b, [&] { return native::add(a, b); }, [](Node&, const Tensor& g) -> Grads { return {g}; });
}
Tensor operator+(Scalar a, const Tensor& b) { return b + a; }
Tensor operator-(const Tensor& a, Scalar b) {
  return with_scalar("sub", a, b, [&] { return native::sub(a, b); }, [](Node&, const Tensor& g) -> Grads { return {g}; });
}
Tensor operator-(Scalar a, const Tensor& b) {
  return with_scalar("rsub", b, a, [&] { return native::sub(a, b); }, [](Node&, const Tensor& g) -> Grads { return {-g}; });
}
Tensor operator*(const Tensor& a, Scalar b) {
  return with_scalar("mul", a, b, [&] { return native::mul(a, b); },
                     [](Node& n, const Tensor& g) -> Grads { return {g * n.reals[0]}; });
}
Tensor operator*(Scalar a, const Tensor& b) { return b * a; }
Tensor operator/(const Tensor& a, Scalar b) {
  return with_scalar("div", a, b, [&] { return native::div(a, b); },
                     [](Node& n, const Tensor& g) -> Grads { return {g / n.reals[0]}; });
}
// d (s / b) = -g s / b^2
Tensor operator/(Scalar a, const Tensor& b) {
  return with_scalar("rdiv", b, a, [&] { return native::div(a, b); }, [](Node& n, const Tensor& g) -> Grads {
    return {g * n.reals[0] / -square(n.saved_tensor(0))};
  });
}

// ---- where and clamp
// d where(c, a, b) = (g where c, g where !c)
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  Op op("where", a, b);
  Tensor y = native::where(cond, a, b);
  if (op)
    op.finish(y, [](Node& n, const Tensor& g) -> Grads {
        Tensor c = n.saved_tensor(0);
        return {n.needs(0) ? where(c, g, 0.0) : Tensor(), n.needs(1) ? where(c, 0.0, g) : Tensor()};
      }).save(cond);
  return y;
}
Tensor where(const Tensor& cond, Scalar a, const Tensor& b) {
  Op op("where", b);
  Tensor y = native::where(cond, a, b);
  if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {where(n.saved_tensor(0), 0.0, g)}; }).save(cond);
  return y;
}
Tensor where(const Tensor& cond, const Tensor& a, Scalar b) {
  Op op("where", a);
  Tensor y = native::where(cond, a, b);
  if (op) op.finish(y, [](Node& n, const Tensor& g) -> Grads { return {where(n.saved_tensor(0), g, 0.0)}; }).save(cond);
  return y;
}

// d clamp(x, lo, hi) = g where lo <= x <= hi (NaN bounds: none)
Tensor clamp(const Tensor& x, std::optional<Scalar> lo, std::optional<Scalar> hi) {
  Op op("clamp", x);
  Tensor y = native::clamp(x, lo, hi);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Tensor x = n.saved_tensor(0);
      Tensor inside = ones_like(x, kBool);
      if (n.ints[0]) inside = logical_and(inside, x >= n.reals[0]);
      if (n.ints[1]) inside = logical_and(inside, x <= n.reals[1]);
      return {where(inside, g, 0.0)};
    });
    n.ints = {lo.has_value(), hi.has_value()};
    n.reals[0] = lo ? lo->to_double() : 0;
    n.reals[1] = hi ? hi->to_double() : 0;
    n.save(x);
  }
  return y;
}
// d clamp(x, lo, hi) = (g inside, g where x < lo, g where x > hi)
Tensor clamp(const Tensor& x, const Tensor& lo, const Tensor& hi) {
  Op op("clamp", x, lo, hi);
  Tensor y = native::clamp(x, lo, hi);
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      Tensor x = n.saved_tensor(0), lo = n.saved_tensor(1), hi = n.saved_tensor(2);
      Tensor below = x < lo, above = logical_and(x > hi, logical_not(below));
      Tensor inside = logical_not(logical_or(below, above));
      return {where(inside, g, 0.0), where(below, g, 0.0), where(above, g, 0.0)};
    });
    n.save(x);
    n.save(lo);
    n.save(hi);
  }
  return y;
}

}  // namespace tyche
