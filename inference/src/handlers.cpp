#include "tyche/inference/handlers.h"

namespace tyche::handlers {

void ReplayMessenger::process(Message& msg) {
  if (msg.type != SiteType::Sample && msg.type != SiteType::Subsample) return;
  if (msg.is_observed || !trace_.contains(msg.name)) return;
  const Site& s = trace_.at(msg.name);
  if (s.type != msg.type) return;
  msg.value = s.value;
  msg.done = true;
}

void ConditionMessenger::process(Message& msg) {
  if (msg.type != SiteType::Sample) return;
  auto it = data_.find(msg.name);
  if (it == data_.end()) return;
  msg.value = it->second;
  msg.is_observed = true;
  msg.done = true;
}

void SubstituteMessenger::process(Message& msg) {
  if (msg.type != SiteType::Sample && msg.type != SiteType::Param) return;
  auto it = data_.find(msg.name);
  if (it == data_.end()) return;
  msg.value = it->second;
  msg.done = true;
}

void BlockMessenger::process(Message& msg) {
  bool hidden = !expose_.empty() ? expose_.count(msg.name) == 0 : hide_.empty() || hide_.count(msg.name) > 0;
  if (hidden) msg.stop = true;
}

ScaleMessenger::ScaleMessenger(double factor) : factor_(factor) {
  TYCHE_CHECK(factor > 0, "handlers::scale", "factor must be positive, got ", factor);
}

MaskMessenger::MaskMessenger(Tensor mask) : mask_(std::move(mask)) {
  TYCHE_CHECK(mask_.defined() && mask_.dtype() == kBool, "handlers::mask", "mask must be a bool tensor");
}

void MaskMessenger::process(Message& msg) {
  if (msg.type != SiteType::Sample) return;
  msg.mask = msg.mask.defined() ? logical_and(msg.mask, mask_) : mask_;
}

}  // namespace tyche::handlers
