// torch.optim.Adam's and AdamW's update; see tyche/optim/adam.h.
#include "tyche/optim/adam.h"

#include <cmath>

namespace tyche::optim {

namespace {

// Checks the options shared by Adam and AdamW; op names the optimizer.
void check_adam_options(const char* op, const AdamOptions& o) {
  TYCHE_CHECK(o.beta1 >= 0 && o.beta1 < 1, op, "beta1 must be in [0, 1), got ", o.beta1);
  TYCHE_CHECK(o.beta2 >= 0 && o.beta2 < 1, op, "beta2 must be in [0, 1), got ", o.beta2);
  TYCHE_CHECK(o.eps >= 0, op, "eps must be >= 0, got ", o.eps);
  TYCHE_CHECK(o.weight_decay >= 0, op, "weight_decay must be >= 0, got ", o.weight_decay);
}

// One pass over contiguous CPU buffers of one floating dtype, the same
// arithmetic in the same order as the op-by-op update below (so results are
// identical); small parameters pay one loop instead of about ten ops.
template <class T>
void adam_loop(T* p, const T* g, T* m, T* v, int64_t n, const AdamOptions& o, bool decoupled, double lr,
               double bias_correction1, double bias_correction2) {
  const T beta1 = static_cast<T>(o.beta1), beta2 = static_cast<T>(o.beta2);
  const T one_m_beta1 = static_cast<T>(1 - o.beta1), one_m_beta2 = static_cast<T>(1 - o.beta2);
  const T sqrt_bc2 = static_cast<T>(std::sqrt(bias_correction2)), eps = static_cast<T>(o.eps);
  const T step = static_cast<T>(-lr / bias_correction1);
  const T decay = static_cast<T>(1 - lr * o.weight_decay), wd = static_cast<T>(o.weight_decay);
  for (int64_t i = 0; i < n; ++i) {
    T gi = g[i];
    if (o.weight_decay != 0) {
      if (decoupled)
        p[i] *= decay;
      else
        gi = g[i] + wd * p[i];
    }
    m[i] = m[i] * beta1 + one_m_beta1 * gi;
    v[i] = v[i] * beta2 + one_m_beta2 * (gi * gi);
    const T denom = std::sqrt(v[i]) / sqrt_bc2 + eps;
    p[i] = p[i] + step * (m[i] / denom);
  }
}

bool fusable(const Tensor& param, const Tensor& grad, const Tensor& m, const Tensor& v) {
  const DType t = param.dtype();
  if (t != kFloat64 && t != kFloat32) return false;
  for (const Tensor* x : {&param, &grad, &m, &v})
    if (x->dtype() != t || !x->is_contiguous() || !x->device().is_cpu() || x->numel() != param.numel()) return false;
  return true;
}

}  // namespace

Adam::Adam(const char* name, const std::vector<Tensor>& params, AdamOptions options, bool decoupled)
    : Optimizer(name, options.lr, {{"exp_avg", 0.0}, {"exp_avg_sq", 0.0}}, params),
      options_(options),
      decoupled_(decoupled) {
  check_adam_options(name, options);
}

void Adam::update(Tensor& param, const Tensor& grad, ParamState& state) {
  const AdamOptions& o = options_;
  Tensor& m = state.buffers[0];
  Tensor& v = state.buffers[1];
  const double t = static_cast<double>(state.step);
  const double bias_correction1 = 1 - std::pow(o.beta1, t);
  const double bias_correction2 = 1 - std::pow(o.beta2, t);
  if (fusable(param, grad, m, v)) {
    if (param.dtype() == kFloat64)
      adam_loop(param.data_ptr<double>(), grad.data_ptr<double>(), m.data_ptr<double>(), v.data_ptr<double>(),
                param.numel(), o, decoupled_, lr(), bias_correction1, bias_correction2);
    else
      adam_loop(param.data_ptr<float>(), grad.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(),
                param.numel(), o, decoupled_, lr(), bias_correction1, bias_correction2);
    param.impl()->storage()->bump_version();  // an in-place change, as the ops would record
    return;
  }
  Tensor g = grad;
  if (o.weight_decay != 0) {
    if (decoupled_)
      param.mul_(1 - lr() * o.weight_decay);
    else
      g = add(grad, param, o.weight_decay);
  }
  m.mul_(o.beta1).add_(g, 1 - o.beta1);
  v.mul_(o.beta2).add_(g * g, 1 - o.beta2);
  Tensor denom = v.sqrt();
  denom.div_(std::sqrt(bias_correction2)).add_(o.eps);
  param.add_(m / denom, -lr() / bias_correction1);
}

}  // namespace tyche::optim
