#pragma once
// Finite-difference checks of autograd's derivatives (PyTorch's gradcheck).
// Inputs should be float64: each is perturbed by +-eps elementwise and the
// central difference (f(x+eps) - f(x-eps)) / 2eps is compared with autograd.
#include <functional>
#include <string>
#include <vector>

#include "tyche/autograd.h"

namespace tyche::autograd {

using MultiFn = std::function<Tensor(const std::vector<Tensor>&)>;

struct GradcheckOptions {
  double eps = 1e-6;    // finite-difference step
  double atol = 1e-5;   // pass when |analytic - numeric| <= atol + rtol * |numeric|
  double rtol = 1e-3;
};

// Checks the first derivatives of fn at inputs (every floating input is
// differentiated); returns "" when they agree, else a report naming the
// input, element, output element and both values.
std::string check_gradients(const MultiFn& fn, const std::vector<Tensor>& inputs,
                            const GradcheckOptions& opt = {});
// Checks the second derivatives: the gradient (with create_graph) of fn
// contracted with a fixed random cotangent, checked by check_gradients.
std::string check_second_gradients(const MultiFn& fn, const std::vector<Tensor>& inputs,
                                   const GradcheckOptions& opt = {});

// True when check_gradients / check_second_gradients report nothing.
bool gradcheck(const MultiFn& fn, const std::vector<Tensor>& inputs, const GradcheckOptions& opt = {});
bool gradgradcheck(const MultiFn& fn, const std::vector<Tensor>& inputs, const GradcheckOptions& opt = {});

}  // namespace tyche::autograd
