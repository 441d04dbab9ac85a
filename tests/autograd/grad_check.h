#pragma once
// One call checks an op's first and second derivatives against central finite
// differences in float64 (Stan's expect_ad, PyTorch's gradcheck+gradgradcheck).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <tyche/tyche.h>

#include "../test_util.h"

namespace tyche::testing {

// Checks fn's gradients (order 1, 2 or 3) at inputs; failures name the order
// and the offending element.
inline void expect_gradients(const autograd::MultiFn& fn, const std::vector<Tensor>& inputs, int order = 2,
                             autograd::GradcheckOptions opt = {}) {
  EXPECT_EQ(autograd::check_gradients(fn, inputs, opt), "") << "first derivatives";
  if (order >= 2) {
    EXPECT_EQ(autograd::check_second_gradients(fn, inputs, opt), "") << "second derivatives";
  }
  if (order >= 3) {
    // Third order: the second-order check applied to the gradient contracted
    // with a fixed cotangent.
    autograd::MultiFn first = [fn](const std::vector<Tensor>& xs) {
      Tensor y = fn(xs);
      Tensor u = ones_like(y);
      std::vector<Tensor> gs = autograd::grad({y}, xs, {u}, /*create_graph=*/true, true, /*allow_unused=*/true);
      std::vector<Tensor> flat;
      for (size_t k = 0; k < gs.size(); ++k)
        flat.push_back(gs[k].defined() ? gs[k].reshape({-1}) : zeros({xs[k].numel()}, kFloat64));
      return cat(flat);
    };
    EXPECT_EQ(autograd::check_second_gradients(first, inputs, opt), "") << "third derivatives";
  }
}

// One row of a derivative table: fn at inputs.
struct GradCase {
  std::string name;
  autograd::MultiFn fn;
  std::vector<Tensor> inputs;
  autograd::GradcheckOptions opt = {};
};

// Checks every row to `order` (and, with squared, fn(x)^2 too: for a linear op
// only that makes the second-order check differentiate its backward formula).
// A row that throws fails alone, with its name.
inline void expect_cases(const std::vector<GradCase>& cases, int order = 2, bool squared = false) {
  for (const GradCase& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      expect_gradients(c.fn, c.inputs, order, c.opt);
      if (squared) {
        autograd::MultiFn fn = c.fn;
        expect_gradients([fn](const std::vector<Tensor>& x) { return fn(x).square(); }, c.inputs, order, c.opt);
      }
    } catch (const Error& e) {
      ADD_FAILURE() << "threw: " << e.what();
    }
  }
}

// A float64 tensor of the shape with values uniform in [lo, hi) (seeded).
inline Tensor uniform64(IntList shape, uint64_t seed, double lo = -1, double hi = 1) {
  Generator gen(seed);
  return uniform(shape, lo, hi, gen, kFloat64);
}

}  // namespace tyche::testing
