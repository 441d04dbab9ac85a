#pragma once
// Effect handlers (Pyro's poutine, NumPyro's handlers): small Messengers that
// rewrite the Messages of the sites run inside them. Each is usable as a scope
//   handlers::SeedMessenger s(0); HandlerScope on(s); model(...);
// or as a wrapper around any callable, entered afresh on every call:
//   auto tr = handlers::trace(model).get_trace(X, y);
//   auto cond = handlers::condition(model, {{"sigma", scalar_tensor(1.0)}});
#include <map>
#include <set>
#include <string>
#include <utility>

#include "tyche/inference/messenger.h"
#include "tyche/inference/trace.h"

namespace tyche::handlers {

// Records every site (postprocess) into trace(); a repeated name throws.
class TraceMessenger : public Messenger {
 public:
  void postprocess(Message& msg) override { trace_.add(msg); }
  const Trace& trace() const { return trace_; }
  Trace take() { return std::move(trace_); }
 private:
  Trace trace_;
};

// Sample (latent) and subsample sites take their values from a recorded trace.
class ReplayMessenger : public Messenger {
 public:
  explicit ReplayMessenger(Trace guide) : trace_(std::move(guide)) {}
  void process(Message& msg) override;
  const Trace& trace() const { return trace_; }
  Trace take() { return std::move(trace_); }
 private:
  Trace trace_;
};

// Sample sites named in data become observed with those values.
class ConditionMessenger : public Messenger {
 public:
  explicit ConditionMessenger(std::map<std::string, Tensor> data) : data_(std::move(data)) {}
  void process(Message& msg) override;
 private:
  std::map<std::string, Tensor> data_;
};

// Sample and param sites named in data take those values (sample sites stay latent).
class SubstituteMessenger : public Messenger {
 public:
  explicit SubstituteMessenger(std::map<std::string, Tensor> data) : data_(std::move(data)) {}
  void process(Message& msg) override;
 private:
  std::map<std::string, Tensor> data_;
};

// Hides sites from the handlers outside it: those in hide (every site when
// both lists are empty), or, with expose given, every site not in expose.
class BlockMessenger : public Messenger {
 public:
  explicit BlockMessenger(std::set<std::string> hide = {}, std::set<std::string> expose = {})
      : hide_(std::move(hide)), expose_(std::move(expose)) {}
  void process(Message& msg) override;
 private:
  std::set<std::string> hide_, expose_;
};

// Draws inside come from gen (which must outlive the scope).
class GeneratorMessenger : public Messenger {
 public:
  explicit GeneratorMessenger(Generator& gen) : gen_(&gen) {}
  void process(Message& msg) override {
    if (!msg.gen) msg.gen = gen_;
  }
 private:
  Generator* gen_;
};

// Draws inside come from its own Generator(seed): reproducible runs.
class SeedMessenger : public Messenger {
 public:
  explicit SeedMessenger(uint64_t seed) : gen_(seed) {}
  void process(Message& msg) override {
    if (!msg.gen) msg.gen = &gen_;
  }
 private:
  Generator gen_;
};

// Multiplies the log-probability weight of every site inside by factor (> 0).
class ScaleMessenger : public Messenger {
 public:
  explicit ScaleMessenger(double factor);
  void process(Message& msg) override { msg.scale *= factor_; }
 private:
  double factor_;
};

// Sample sites inside count only where mask (bool, broadcast to the batch shape) is true.
class MaskMessenger : public Messenger {
 public:
  explicit MaskMessenger(Tensor mask);
  void process(Message& msg) override;
 private:
  Tensor mask_;
};

// fn run inside a fresh messenger made by make() on each call.
template <class F, class Make>
class Handled {
 public:
  Handled(F fn, Make make) : fn_(std::move(fn)), make_(std::move(make)) {}
  template <class... A>
  decltype(auto) operator()(A&&... args) const {
    auto m = make_();
    HandlerScope on(m);
    return fn_(std::forward<A>(args)...);
  }
 private:
  F fn_;
  Make make_;
};

template <class F>
class Traced {
 public:
  explicit Traced(F fn) : fn_(std::move(fn)) {}
  // Runs fn(args...) and returns the trace of its sites.
  template <class... A>
  Trace get_trace(A&&... args) const {
    TraceMessenger m;
    {
      HandlerScope on(m);
      fn_(std::forward<A>(args)...);
    }
    return m.take();
  }
  template <class... A>
  decltype(auto) operator()(A&&... args) const {
    TraceMessenger m;
    HandlerScope on(m);
    return fn_(std::forward<A>(args)...);
  }
 private:
  F fn_;
};

template <class F> Traced<F> trace(F fn) { return Traced<F>(std::move(fn)); }

template <class F> auto replay(F fn, Trace guide_trace) {
  return Handled(std::move(fn), [t = std::move(guide_trace)] { return ReplayMessenger(t); });
}
template <class F> auto condition(F fn, std::map<std::string, Tensor> data) {
  return Handled(std::move(fn), [d = std::move(data)] { return ConditionMessenger(d); });
}
template <class F> auto substitute(F fn, std::map<std::string, Tensor> data) {
  return Handled(std::move(fn), [d = std::move(data)] { return SubstituteMessenger(d); });
}
template <class F> auto block(F fn, std::set<std::string> hide = {}, std::set<std::string> expose = {}) {
  return Handled(std::move(fn), [h = std::move(hide), e = std::move(expose)] { return BlockMessenger(h, e); });
}
// Every call draws the same values (the generator restarts from seed).
template <class F> auto seed(F fn, uint64_t seed) {
  return Handled(std::move(fn), [seed] { return SeedMessenger(seed); });
}
template <class F> auto scale(F fn, double factor) {
  return Handled(std::move(fn), [factor] { return ScaleMessenger(factor); });
}
template <class F> auto mask(F fn, Tensor mask) {
  return Handled(std::move(fn), [m = std::move(mask)] { return MaskMessenger(m); });
}

}  // namespace tyche::handlers
