#pragma once
// Message: what a primitive (sample, deterministic, factor, a plate's
// subsample) sends down the handler stack, and what a Trace records per site.
// Handlers read and rewrite its fields (value, observed flag, scale, mask,
// distribution, plate frames); `done` means a value has been supplied, `stop`
// hides the site from the handlers further out.
#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "tyche/distributions/distribution.h"
#include "tyche/tensor.h"

namespace tyche {

enum class SiteType : uint8_t { Sample, Param, Deterministic, Factor, Subsample };

// One enclosing plate: its name, batch dim (negative, counted from the right
// of the batch dims) and full and subsampled sizes.
struct PlateFrame {
  std::string name;
  int64_t dim;
  int64_t size;
  int64_t subsample_size;
};

struct Message {
  SiteType type = SiteType::Sample;
  std::string name;
  std::shared_ptr<const dist::Distribution> fn;  // Sample sites
  Tensor value;                 // the site's value once processed (log factor for Factor)
  bool is_observed = false;
  double scale = 1.0;           // log-probability weight (plates' size / subsample_size, scale handler)
  Tensor mask;                  // bool, undefined = everywhere
  std::vector<PlateFrame> frames;
  Generator* gen = nullptr;     // set by a seed handler; else the default generator
  int64_t size = 0;             // Subsample sites: the plate's full size and subsample size
  int64_t subsample_size = 0;
  // Param sites: the initial (constrained) value and the constraint.
  std::function<Tensor()> param_init;
  std::optional<dist::Constraint> param_constraint;
  bool done = false;
  bool stop = false;
};

}  // namespace tyche
