// Log densities recorded as one node: Normal.log_prob sits on the hot path of
// every SVI step and HMC gradient, where its eight elementwise ops would cost
// eight nodes forward and backward (likewise Cauchy's, and Bernoulli's from logits). The common case (contiguous CPU floats of
// one dtype, each parameter a scalar or shaped like x) runs as one loop each
// way; everything else, and derivatives that are themselves recorded
// (create_graph), go through the tensor ops.
#include <cmath>

#include "../../../tensor/src/cpu/unary_kernel.h"
#include "formula.h"

namespace tyche {

using autograd::detail::Grads;
using autograd::detail::Node;
using autograd::detail::Op;

namespace {
constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log(2 pi) / 2
constexpr double kLogPi = 1.14472988584940017414;       // log(pi)

// A location-scale family with log p(x) = f(z) - log(scale) + c, z = (x - loc) / scale:
// f and its derivative per element (loops) and as tensor ops (recorded paths).
struct NormalFamily {
  static constexpr const char* name = "normal_log_prob";
  static constexpr double c = -kHalfLog2Pi;
  template <class T> static T f(T z) { return T(-0.5) * z * z; }
  template <class T> static T df(T z) { return -z; }
  static Tensor f(const Tensor& z) { return square(z) * -0.5; }
  static Tensor df(const Tensor& z) { return -z; }
};
struct CauchyFamily {
  static constexpr const char* name = "cauchy_log_prob";
  static constexpr double c = -kLogPi;
  template <class T> static T f(T z) { return -std::log1p(z * z); }
  template <class T> static T df(T z) { return T(-2) * z / (T(1) + z * z); }
  static Tensor f(const Tensor& z) { return -log1p(square(z)); }
  static Tensor df(const Tensor& z) { return z * -2.0 / (square(z) + 1.0); }
};

// A parameter the loops handle: one value, or one per element of x.
bool loopable_param(const Tensor& p, const Tensor& x) {
  if (p.numel() == 1) return p.dim() <= x.dim();
  return IntList(p.sizes()) == IntList(x.sizes());
}

bool loopable(const Tensor& x, const Tensor& loc, const Tensor& scale) {
  const DType t = x.dtype();
  if (t != kFloat64 && t != kFloat32) return false;
  for (const Tensor* a : {&x, &loc, &scale})
    if (a->dtype() != t || !a->device().is_cpu() || !a->is_contiguous()) return false;
  return loopable_param(loc, x) && loopable_param(scale, x);
}

// Element i of a loopable parameter.
template <class T>
struct Param {
  const T* p;
  bool full;
  T operator[](int64_t i) const { return p[full ? i : 0]; }
};
template <class T>
Param<T> param_of(const Tensor& p) {
  return {p.data_ptr<T>(), p.numel() != 1};
}

template <class F, class T>
Tensor forward_loop(const Tensor& x, const Tensor& loc, const Tensor& scale) {
  Tensor y = empty(x.sizes(), x.dtype());
  const T* xs = x.data_ptr<T>();
  const Param<T> l = param_of<T>(loc), s = param_of<T>(scale);
  T* ys = y.data_ptr<T>();
  const int64_t n = x.numel();
  if (!s.full) {  // one scale: its log and reciprocal once
    const T inv = T(1) / s[0], c = static_cast<T>(std::log(s[0]) - F::c);
    for (int64_t i = 0; i < n; ++i) ys[i] = F::f((xs[i] - l[i]) * inv) - c;
  } else {
    for (int64_t i = 0; i < n; ++i)
      ys[i] = F::f((xs[i] - l[i]) / s[i]) - static_cast<T>(std::log(s[i]) - F::c);
  }
  return y;
}

bool all_strides_zero(const Tensor& t) {
  for (int64_t st : t.strides())
    if (st != 0) return false;
  return true;
}

// The incoming gradient the loops take: shaped like x, contiguous or an expanded scalar.
bool loopable_grad(const Tensor& g, const Tensor& x) {
  return g.dtype() == x.dtype() && g.device().is_cpu() && IntList(g.sizes()) == IntList(x.sizes()) &&
         (g.is_contiguous() || all_strides_zero(g));
}

// The backward loop for one combination of full / scalar loc, scale and g
// (compile-time, so the loop has no branches and vectorises). With
// d = f'(z): d/dx = g d / scale, d/dloc = -g d / scale, d/dscale = -g (d z + 1) / scale.
template <class F, class T, bool LF, bool SF, bool GF>
void backward_kernel(int64_t n, const T* g, const T* x, const T* l, const T* s, T* gx, T* gl, T* gs) {
  T gl_sum = 0, gs_sum = 0;  // for a scalar loc / scale
  const T inv0 = T(1) / s[0];
  for (int64_t i = 0; i < n; ++i) {
    const T inv = SF ? T(1) / s[i] : inv0;
    const T z = (x[i] - l[LF ? i : 0]) * inv;
    const T gi = g[GF ? i : 0];
    const T d = F::df(z);
    const T gxi = gi * d * inv;
    const T gsi = -gi * (d * z + T(1)) * inv;
    if (gx) gx[i] = gxi;
    if (LF) {
      if (gl) gl[i] = -gxi;
    } else {
      gl_sum -= gxi;
    }
    if (SF) {
      if (gs) gs[i] = gsi;
    } else {
      gs_sum += gsi;
    }
  }
  if (!LF && gl) gl[0] = gl_sum;
  if (!SF && gs) gs[0] = gs_sum;
}

template <class F, class T, bool LF, bool SF>
void backward_dispatch_g(bool gf, int64_t n, const T* g, const T* x, const T* l, const T* s, T* gx, T* gl, T* gs) {
  if (gf)
    backward_kernel<F, T, LF, SF, true>(n, g, x, l, s, gx, gl, gs);
  else
    backward_kernel<F, T, LF, SF, false>(n, g, x, l, s, gx, gl, gs);
}

// Gradients w.r.t. x, loc and scale (each shaped like that input) for the ones needed.
template <class F, class T>
Grads backward_loop(const Tensor& g, const Tensor& x, const Tensor& loc, const Tensor& scale, bool nx, bool nl,
                    bool ns) {
  const int64_t n = x.numel();
  Tensor gx = nx ? empty(x.sizes(), x.dtype()) : Tensor();
  Tensor gl = nl ? empty(loc.sizes(), loc.dtype()) : Tensor();
  Tensor gsc = ns ? empty(scale.sizes(), scale.dtype()) : Tensor();
  const bool lf = loc.numel() != 1, sf = scale.numel() != 1, gf = !all_strides_zero(g);
  const T *gp = g.data_ptr<T>(), *xp = x.data_ptr<T>(), *lp = loc.data_ptr<T>(), *sp = scale.data_ptr<T>();
  T* gxp = nx ? gx.data_ptr<T>() : nullptr;
  T* glp = nl ? gl.data_ptr<T>() : nullptr;
  T* gsp = ns ? gsc.data_ptr<T>() : nullptr;
  if (lf && sf) backward_dispatch_g<F, T, true, true>(gf, n, gp, xp, lp, sp, gxp, glp, gsp);
  if (lf && !sf) backward_dispatch_g<F, T, true, false>(gf, n, gp, xp, lp, sp, gxp, glp, gsp);
  if (!lf && sf) backward_dispatch_g<F, T, false, true>(gf, n, gp, xp, lp, sp, gxp, glp, gsp);
  if (!lf && !sf) backward_dispatch_g<F, T, false, false>(gf, n, gp, xp, lp, sp, gxp, glp, gsp);
  return {gx, gl, gsc};
}

// The same with tensor ops (recorded under create_graph, so any order works).
template <class F>
Grads backward_ops(const Tensor& g, const Tensor& x, const Tensor& loc, const Tensor& s, bool nx, bool nl, bool ns) {
  const Tensor z = (x - loc) / s;
  const Tensor d = F::df(z);
  const Tensor gx = g * d / s;
  Tensor gs;
  if (ns) gs = -g * (d * z + 1.0) / s;
  return {nx ? gx : Tensor(), nl ? -gx : Tensor(), gs};
}

// log p(x | loc, scale) of family F as one graph node (saved 0 = x, 1 = loc, 2 = scale).
template <class F>
Tensor loc_scale_log_prob(const Tensor& x, const Tensor& loc, const Tensor& scale) {
  Op op(F::name, x, loc, scale);
  Tensor y;
  if (loopable(x, loc, scale)) {
    y = x.dtype() == kFloat64 ? forward_loop<F, double>(x, loc, scale) : forward_loop<F, float>(x, loc, scale);
  } else {
    NoGradGuard no_grad;  // the node below records the derivative
    y = F::f((x - loc) / scale) - (log(scale) - F::c);
  }
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      const Tensor x = n.saved_tensor(0), loc = n.saved_tensor(1), s = n.saved_tensor(2);
      const bool nx = n.needs(0), nl = n.needs(1), ns = n.needs(2);
      if (!is_grad_enabled() && loopable(x, loc, s) && loopable_grad(g, x))
        return x.dtype() == kFloat64 ? backward_loop<F, double>(g, x, loc, s, nx, nl, ns)
                                     : backward_loop<F, float>(g, x, loc, s, nx, nl, ns);
      return backward_ops<F>(g, x, loc, s, nx, nl, ns);
    });
    n.save(x);
    n.save(loc);
    n.save(scale);
  }
  return y;
}

// ---- Bernoulli from logits: x l - softplus(l) = x l - max(l, 0) - log1p(e),
// sigmoid(l) = (l >= 0 ? 1 : e) / (1 + e), both from one e = exp(-|l|).

bool bernoulli_loopable(const Tensor& x, const Tensor& l) {
  const DType t = l.dtype();
  return (t == kFloat64 || t == kFloat32) && x.dtype() == t && x.device().is_cpu() && l.device().is_cpu() &&
         x.is_contiguous() && l.is_contiguous() && IntList(x.sizes()) == IntList(l.sizes());
}

// y = x l - softplus(l), and sigmoid(l) into s when s is given.
template <class T>
void bernoulli_forward(const T* x, const T* l, T* y, T* s, int64_t n) {
  detail::ConstArrayMap<T> a(l, n), xs(x, n);
  detail::ArrayMap<T> out(y, n);
  Eigen::Array<T, Eigen::Dynamic, 1> e = (-a.abs()).exp();
  out = xs * a - (a.max(T(0)) + detail::log1p_simd(e));
  if (!s) return;
  for (int64_t i = 0; i < n; ++i) s[i] = (l[i] >= T(0) ? T(1) : e[i]) / (T(1) + e[i]);
}

template <class T>
Grads bernoulli_backward_loop(const Tensor& g, const Tensor& x, const Tensor& l, const Tensor& s, bool nx, bool nl) {
  const int64_t n = x.numel();
  Tensor gx = nx ? empty(x.sizes(), x.dtype()) : Tensor();
  Tensor gl = nl ? empty(l.sizes(), l.dtype()) : Tensor();
  const bool gf = !all_strides_zero(g);
  const T *gp = g.data_ptr<T>(), *xp = x.data_ptr<T>(), *lp = l.data_ptr<T>(), *sp = s.data_ptr<T>();
  if (nl) {
    T* o = gl.data_ptr<T>();
    for (int64_t i = 0; i < n; ++i) o[i] = gp[gf ? i : 0] * (xp[i] - sp[i]);
  }
  if (nx) {
    T* o = gx.data_ptr<T>();
    for (int64_t i = 0; i < n; ++i) o[i] = gp[gf ? i : 0] * lp[i];
  }
  return {gx, gl};
}
}  // namespace

// One pass forward (saving sigmoid(logits) when logits need a gradient), one
// pass back; the op path covers broadcasting and create_graph (saved 0 = x,
// 1 = logits, 2 = sigmoid(logits) when the loop ran).
Tensor bernoulli_logits_log_prob(const Tensor& x, const Tensor& logits) {
  Op op("bernoulli_logits_log_prob", x, logits);
  Tensor y, s;
  if (bernoulli_loopable(x, logits)) {
    y = empty(x.sizes(), x.dtype());
    if (op) s = empty(x.sizes(), x.dtype());
    if (x.dtype() == kFloat64)
      bernoulli_forward<double>(x.data_ptr<double>(), logits.data_ptr<double>(), y.data_ptr<double>(),
                                s.defined() ? s.data_ptr<double>() : nullptr, x.numel());
    else
      bernoulli_forward<float>(x.data_ptr<float>(), logits.data_ptr<float>(), y.data_ptr<float>(),
                               s.defined() ? s.data_ptr<float>() : nullptr, x.numel());
  } else {
    y = native::sub(native::mul(x, logits), native::softplus(logits));
  }
  if (op) {
    Node& n = op.finish(y, [](Node& n, const Tensor& g) -> Grads {
      const Tensor x = n.saved_tensor(0), l = n.saved_tensor(1);
      const bool nx = n.needs(0), nl = n.needs(1);
      if (!is_grad_enabled() && n.saved.size() > 2 && loopable_grad(g, x)) {
        const Tensor s = n.saved_tensor(2);
        return x.dtype() == kFloat64 ? bernoulli_backward_loop<double>(g, x, l, s, nx, nl)
                                     : bernoulli_backward_loop<float>(g, x, l, s, nx, nl);
      }
      return {nx ? g * l : Tensor(), nl ? g * (x - sigmoid(l)) : Tensor()};
    });
    n.save(x);
    n.save(logits);
    if (s.defined()) n.save(s);
  }
  return y;
}

Tensor normal_log_prob(const Tensor& x, const Tensor& loc, const Tensor& scale) {
  return loc_scale_log_prob<NormalFamily>(x, loc, scale);
}

Tensor cauchy_log_prob(const Tensor& x, const Tensor& loc, const Tensor& scale) {
  return loc_scale_log_prob<CauchyFamily>(x, loc, scale);
}

}  // namespace tyche
