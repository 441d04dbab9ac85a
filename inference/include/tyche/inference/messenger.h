#pragma once
// The handler (messenger) stack: a thread-local stack of Messengers that every
// primitive's Message passes through (Pyro's poutine, NumPyro's handlers).
// apply_stack runs process() from the innermost handler outwards until one
// sets msg.stop, then the default action (draw the value when none was
// supplied), then postprocess() back inwards over the handlers that saw it.
#include <vector>

#include "tyche/inference/message.h"

namespace tyche {

class Messenger {
 public:
  virtual ~Messenger() = default;
  virtual void process(Message&) {}
  virtual void postprocess(Message&) {}
};

// Pushes m on this thread's stack for the scope's lifetime (unwinds on exceptions).
class HandlerScope {
 public:
  explicit HandlerScope(Messenger& m);
  ~HandlerScope();
  HandlerScope(const HandlerScope&) = delete;
  HandlerScope& operator=(const HandlerScope&) = delete;

 private:
  Messenger* m_;
};

namespace detail {
// This thread's active handlers, outermost first.
const std::vector<Messenger*>& handler_stack();
// Sends msg through the stack and applies the default action.
void apply_stack(Message& msg);
}  // namespace detail

}  // namespace tyche
