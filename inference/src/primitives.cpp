#include "tyche/inference/primitives.h"

#include <algorithm>

#include "tyche/inference/param_store.h"

namespace tyche {

Tensor sample(const std::string& name, const dist::Distribution& d, const std::optional<Tensor>& obs) {
  if (detail::handler_stack().empty()) {  // no handlers: draw or return obs, as Pyro
    if (obs) return *obs;
    return d.has_rsample() ? d.rsample() : d.sample();
  }
  Message msg;
  msg.type = SiteType::Sample;
  msg.name = name;
  msg.fn = d.clone();
  if (obs) {
    msg.value = *obs;
    msg.is_observed = true;
    msg.done = true;
  }
  detail::apply_stack(msg);
  return msg.value;
}

Tensor param(const std::string& name, const Tensor& init, const dist::Constraint& constraint) {
  return param(name, std::function<Tensor()>([init] { return init; }), constraint);
}

Tensor param(const std::string& name, std::function<Tensor()> init, const dist::Constraint& constraint) {
  if (detail::handler_stack().empty()) return get_param_store().get_or_create(name, init, constraint);
  Message msg;
  msg.type = SiteType::Param;
  msg.name = name;
  msg.param_init = std::move(init);
  msg.param_constraint = constraint;
  detail::apply_stack(msg);
  return msg.value;
}

Tensor deterministic(const std::string& name, const Tensor& value) {
  if (detail::handler_stack().empty()) return value;
  Message msg;
  msg.type = SiteType::Deterministic;
  msg.name = name;
  msg.value = value;
  msg.done = true;
  detail::apply_stack(msg);
  return msg.value;
}

void factor(const std::string& name, const Tensor& log_factor) {
  if (detail::handler_stack().empty()) return;
  Message msg;
  msg.type = SiteType::Factor;
  msg.name = name;
  msg.value = log_factor;
  msg.done = true;
  detail::apply_stack(msg);
}

namespace {
// The dims of the plates active on this thread's stack.
std::vector<const Plate*> active_plates() {
  std::vector<const Plate*> out;
  for (Messenger* m : detail::handler_stack())
    if (auto p = dynamic_cast<const Plate*>(m)) out.push_back(p);
  return out;
}
}  // namespace

Plate::Plate(std::string name, int64_t size, std::optional<int64_t> subsample_size, std::optional<int64_t> dim) {
  const int64_t sub = subsample_size.value_or(size);
  TYCHE_CHECK(size >= 0 && sub >= 0 && sub <= size, "plate '" + name + "'", "subsample_size ", sub,
              " must lie in [0, size = ", size, "]");
  const std::vector<const Plate*> outer = active_plates();
  auto used_by = [&](int64_t d) -> const Plate* {
    for (const Plate* p : outer)
      if (p->dim() == d) return p;
    return nullptr;
  };
  int64_t d = -1;
  if (dim) {
    d = *dim;
    TYCHE_CHECK(d < 0, "plate '" + name + "'", "dim must be negative (counted from the right of the batch dims), got ",
                d);
    const Plate* clash = used_by(d);
    TYCHE_CHECK(!clash, "plate '" + name + "'", "dim ", d, " is already used by the enclosing plate '",
                clash ? clash->name() : "", "'");
  } else {
    while (used_by(d)) --d;
  }
  frame_ = PlateFrame{std::move(name), d, size, sub};
  // The subsample is a site of its own, so seed, trace and replay see it.
  Message msg;
  msg.type = SiteType::Subsample;
  msg.name = frame_.name;
  msg.size = size;
  msg.subsample_size = sub;
  detail::apply_stack(msg);
  indices_ = msg.value;
  scope_.emplace(*this);
}

void Plate::process(Message& msg) { detail::apply_plate_frame(msg, frame_); }

namespace detail {

void apply_plate_frame(Message& msg, const PlateFrame& frame) {
  if (msg.type != SiteType::Sample) return;
  msg.frames.push_back(frame);
  const Shape& batch = msg.fn->batch_shape();
  const int64_t len = std::max<int64_t>(static_cast<int64_t>(batch.size()), -frame.dim);
  Shape target(static_cast<size_t>(len - static_cast<int64_t>(batch.size())), 1);
  for (int64_t s : batch) target.push_back(s);
  int64_t& at = target[static_cast<size_t>(len + frame.dim)];
  TYCHE_CHECK(at == 1 || at == frame.subsample_size, "sample site '" + msg.name + "'", "batch_shape ",
              IntList(batch), " has size ", at, " at dim ", frame.dim, " where plate '", frame.name, "' has size ",
              frame.subsample_size);
  at = frame.subsample_size;
  if (IntList(target) != IntList(batch)) msg.fn = msg.fn->expand(target).clone();
  if (frame.subsample_size > 0) msg.scale *= static_cast<double>(frame.size) / frame.subsample_size;
}

}  // namespace detail
}  // namespace tyche
