#pragma once
// Distribution: the base of every family and wrapper (Pyro / torch.distributions
// semantics). Shapes: a draw has shape sample_shape + batch_shape + event_shape;
// log_prob(value) sums over the event dims only, so it has shape
// broadcast(value.shape[:-event_dim], batch_shape). Distributions are values:
// copying one copies its parameter tensors' handles (cheap); wrappers keep a
// shared immutable copy of their base (clone()).
//
// Validation (on by default, process-wide switch below): constructors reject
// invalid parameters and log_prob/cdf reject values outside the support, with
// a tyche::Error naming the distribution, the parameter and the value.
#include <memory>
#include <string>

#include "tyche/distributions/constraint.h"
#include "tyche/tensor.h"

namespace tyche::dist {

// Argument validation, on by default. Process-wide; set it before sampling threads start.
void enable_validation(bool on);
bool is_validation_enabled();

// Sets validation within a scope and restores the previous setting.
class ValidationGuard {
 public:
  explicit ValidationGuard(bool on) : previous_(is_validation_enabled()) { enable_validation(on); }
  ~ValidationGuard() { enable_validation(previous_); }
  ValidationGuard(const ValidationGuard&) = delete;
  ValidationGuard& operator=(const ValidationGuard&) = delete;
 private:
  bool previous_;
};

// A parameter given as a double or a Tensor; doubles become 0-dim float64
// tensors. Parameters of one distribution broadcast together.
class Arg {
 public:
  Arg(double v);         // NOLINT: Normal(0.0, 1.0)
  Arg(int v);            // NOLINT: Binomial(10, 0.5)
  Arg(Tensor t) : t_(std::move(t)) {}  // NOLINT: Normal(loc, scale)
  const Tensor& tensor() const { return t_; }
 private:
  Tensor t_;
};

// Tags for families parameterised either way (Bernoulli, Binomial, Categorical,
// Geometric, NegativeBinomial, OneHotCategorical, Multinomial):
//   dist::Bernoulli(0.3)  (probabilities)   dist::Bernoulli(dist::Logits(eta))
struct Logits {
  explicit Logits(Arg a) : value(a.tensor()) {}
  Tensor value;
};

class ExpandedDistribution;
class Independent;

class Distribution {
 public:
  virtual ~Distribution() = default;
  virtual std::string name() const = 0;   // "Normal", used in every error message

  const Shape& batch_shape() const { return batch_shape_; }
  const Shape& event_shape() const { return event_shape_; }
  // sample_shape + batch_shape + event_shape.
  Shape shape(IntList sample_shape = {}) const;
  virtual Constraint support() const = 0;
  bool is_discrete() const { return support().is_discrete(); }
  // True when rsample gives draws differentiable w.r.t. the parameters.
  virtual bool has_rsample() const { return false; }

  // Draws of shape(sample_shape), recording no gradient.
  Tensor sample(Generator& gen, IntList sample_shape = {}) const;
  Tensor sample(IntList sample_shape = {}) const;    // from the default generator
  // Reparameterised draws (gradients flow to the parameters); throws when !has_rsample().
  Tensor rsample(Generator& gen, IntList sample_shape = {}) const;
  Tensor rsample(IntList sample_shape = {}) const;
  // Log density (or mass) of value, summed over event dims.
  Tensor log_prob(const Tensor& value) const;

  // Moments and entropy, shape batch_shape + event_shape (entropy: batch_shape);
  // they throw naming the distribution where no closed form exists.
  virtual Tensor mean() const;
  virtual Tensor variance() const;
  Tensor stddev() const;
  virtual Tensor entropy() const;
  // P(X <= value) and its inverse, for univariate families with closed forms.
  Tensor cdf(const Tensor& value) const;
  Tensor icdf(const Tensor& p) const;

  // The same family with batch_shape broadcast to batch_shape (new dims on the left).
  ExpandedDistribution expand(IntList batch_shape) const;
  // The rightmost n batch dims reinterpreted as event dims.
  Independent to_event(int n = 1) const;

  // A shared immutable copy (wrappers hold their base this way).
  virtual std::shared_ptr<const Distribution> clone() const = 0;

 protected:
  Distribution(Shape batch_shape, Shape event_shape)
      : batch_shape_(std::move(batch_shape)), event_shape_(std::move(event_shape)) {}
  Distribution(const Distribution&) = default;
  Distribution& operator=(const Distribution&) = default;

  // Draws of shape(sample_shape). The default runs rsample_impl with no grad.
  virtual Tensor sample_impl(Generator& gen, IntList sample_shape) const;
  virtual Tensor rsample_impl(Generator& gen, IntList sample_shape) const;
  // value is validated (when validation is on) before these run.
  virtual Tensor log_prob_impl(const Tensor& value) const = 0;
  virtual Tensor cdf_impl(const Tensor& value) const;
  virtual Tensor icdf_impl(const Tensor& p) const;

  // Throws naming this distribution when validation is on and param is not in c.
  void validate_param(const char* param, const Tensor& value, const Constraint& c) const;
  // Throws when validation is on and value's event shape is wrong, its batch
  // dims do not broadcast with batch_shape, or it lies outside the support.
  void validate_sample(const Tensor& value) const;
  [[noreturn]] void not_implemented(const char* what) const;

  Shape batch_shape_, event_shape_;
};

// Supplies clone() for a concrete class Derived deriving from Base.
template <class Derived, class Base = Distribution>
class Cloneable : public Base {
 public:
  using Base::Base;
  std::shared_ptr<const Distribution> clone() const override {
    return std::make_shared<const Derived>(static_cast<const Derived&>(*this));
  }
};

}  // namespace tyche::dist

#include "tyche/distributions/expanded.h"     // expand()'s and to_event()'s
#include "tyche/distributions/independent.h"  // return types
