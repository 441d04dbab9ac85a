#include "tyche/inference/messenger.h"

#include "tyche/inference/param_store.h"

namespace tyche {

namespace {
thread_local std::vector<Messenger*> t_stack;

// The value of a site no handler supplied: a draw (reparameterised when the
// distribution allows, so gradients reach its parameters, as Pyro does), or
// a subsample of indices.
void default_process(Message& msg) {
  if (msg.done) return;
  Generator& gen = msg.gen ? *msg.gen : default_generator();
  switch (msg.type) {
    case SiteType::Sample:
      msg.value = msg.fn->has_rsample() ? msg.fn->rsample(gen) : msg.fn->sample(gen);
      break;
    case SiteType::Subsample:
      msg.value = msg.subsample_size == msg.size
                      ? arange(msg.size)
                      : randperm(msg.size, gen).narrow(0, 0, msg.subsample_size);
      break;
    case SiteType::Param:
      msg.value = get_param_store().get_or_create(msg.name, msg.param_init, *msg.param_constraint);
      break;
    case SiteType::Deterministic:
    case SiteType::Factor:
      break;  // the value came with the message
  }
  msg.done = true;
}
}  // namespace

HandlerScope::HandlerScope(Messenger& m) : m_(&m) { t_stack.push_back(m_); }

HandlerScope::~HandlerScope() {
  // Scopes nest, so this one is on top unless a handler escaped its scope.
  if (!t_stack.empty() && t_stack.back() == m_) t_stack.pop_back();
}

namespace detail {

const std::vector<Messenger*>& handler_stack() { return t_stack; }

void apply_stack(Message& msg) {
  const size_t n = t_stack.size();
  size_t seen = 0;  // handlers (from the innermost) that processed msg
  while (seen < n) {
    t_stack[n - 1 - seen]->process(msg);
    ++seen;
    if (msg.stop) break;
  }
  default_process(msg);
  for (size_t k = n - seen; k < n; ++k) t_stack[k]->postprocess(msg);
}

}  // namespace detail
}  // namespace tyche
