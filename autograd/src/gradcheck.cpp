// Finite-difference gradient checks (central differences).
#include "tyche/gradcheck.h"

#include <cmath>
#include <sstream>

namespace tyche::autograd {

namespace {

std::vector<Tensor> fresh_leaves(const std::vector<Tensor>& inputs) {
  std::vector<Tensor> xs;
  for (const Tensor& x : inputs) {
    Tensor c = x.detach().clone();
    if (c.is_floating_point()) c.requires_grad_();
    xs.push_back(c);
  }
  return xs;
}

// Flattened float64 values of fn at fresh leaves with xs' values (fn may
// itself take gradients, as the second-order check's does).
std::vector<double> evaluate(const MultiFn& fn, const std::vector<Tensor>& xs) {
  return fn(fresh_leaves(xs)).detach().to(kFloat64).contiguous().to_vector<double>();
}

}  // namespace

std::string check_gradients(const MultiFn& fn, const std::vector<Tensor>& inputs, const GradcheckOptions& opt) {
  std::vector<Tensor> xs = fresh_leaves(inputs);
  Tensor y = fn(xs);
  TYCHE_CHECK(y.defined(), "gradcheck", "fn returned an undefined tensor");
  const int64_t m = y.numel();
  std::vector<int64_t> wrt;
  for (size_t k = 0; k < xs.size(); ++k)
    if (xs[k].is_floating_point()) wrt.push_back(static_cast<int64_t>(k));
  std::ostringstream report;
  // Analytic: one vjp per output element gives a row of each input's Jacobian.
  std::vector<std::vector<std::vector<double>>> analytic(wrt.size());  // [input][out][elem]
  Tensor flat = y.reshape({-1});
  std::vector<Tensor> wrt_xs;
  for (int64_t k : wrt) wrt_xs.push_back(xs[static_cast<size_t>(k)]);
  for (int64_t i = 0; i < m; ++i) {
    std::vector<Tensor> gs;
    if (flat.requires_grad()) {
      Tensor e = zeros({m}, y.dtype());
      e.index_put_({i}, 1.0);
      gs = grad({flat}, wrt_xs, {e}, false, /*retain_graph=*/true, /*allow_unused=*/true);
    } else {
      gs.assign(wrt_xs.size(), Tensor());
    }
    for (size_t k = 0; k < wrt_xs.size(); ++k) {
      Tensor g = gs[k].defined() ? gs[k] : zeros_like(wrt_xs[k]);
      analytic[k].push_back(g.to(kFloat64).contiguous().to_vector<double>());
    }
  }
  // Numeric: perturb each element of each input by +-eps.
  for (size_t k = 0; k < wrt.size(); ++k) {
    Tensor& x = xs[static_cast<size_t>(wrt[k])];
    Tensor base = x.detach().clone();
    const int64_t n = x.numel();
    for (int64_t j = 0; j < n; ++j) {
      auto at = [&](double delta) {
        std::vector<Tensor> shifted = xs;
        Tensor p = base.clone();
        Tensor flat_p = p.view({-1});
        flat_p.index_put_({j}, flat_p.index({j}).item<double>() + delta);
        shifted[static_cast<size_t>(wrt[k])] = p;
        return evaluate(fn, shifted);
      };
      std::vector<double> plus = at(opt.eps), minus = at(-opt.eps);
      for (int64_t i = 0; i < m; ++i) {
        double num = (plus[static_cast<size_t>(i)] - minus[static_cast<size_t>(i)]) / (2 * opt.eps);
        double ana = analytic[k][static_cast<size_t>(i)][static_cast<size_t>(j)];
        bool ok = std::abs(ana - num) <= opt.atol + opt.rtol * std::abs(num) || (std::isnan(ana) && std::isnan(num));
        if (!ok) {
          report << "input " << wrt[k] << " (shape " << x.sizes() << ") element " << j << ", output element " << i
                 << ": analytic " << ana << " vs numeric " << num << "\n";
          return report.str();
        }
      }
    }
  }
  return report.str();
}

std::string check_second_gradients(const MultiFn& fn, const std::vector<Tensor>& inputs,
                                   const GradcheckOptions& opt) {
  // A fixed cotangent u; the function checked is x -> d <fn(x), u> / dx (all inputs, concatenated).
  Tensor probe = fn(fresh_leaves(inputs)).detach();
  Generator gen(1234);
  Tensor u = randn(probe.sizes(), gen, kFloat64).to(probe.dtype());
  MultiFn first = [&fn, u](const std::vector<Tensor>& xs) {
    Tensor y = fn(xs);
    std::vector<Tensor> wrt;
    for (const Tensor& x : xs)
      if (x.requires_grad()) wrt.push_back(x);
    if (wrt.empty() || !y.requires_grad()) return zeros({0}, kFloat64);
    std::vector<Tensor> gs = grad({y}, wrt, {u}, /*create_graph=*/true, true, /*allow_unused=*/true);
    std::vector<Tensor> flat;
    for (size_t k = 0; k < gs.size(); ++k)
      flat.push_back(gs[k].defined() ? gs[k].reshape({-1}) : zeros({wrt[k].numel()}, wrt[k].dtype()));
    return cat(flat);
  };
  return check_gradients(first, inputs, opt);
}

bool gradcheck(const MultiFn& fn, const std::vector<Tensor>& inputs, const GradcheckOptions& opt) {
  return check_gradients(fn, inputs, opt).empty();
}
bool gradgradcheck(const MultiFn& fn, const std::vector<Tensor>& inputs, const GradcheckOptions& opt) {
  return check_second_gradients(fn, inputs, opt).empty();
}

}  // namespace tyche::autograd
