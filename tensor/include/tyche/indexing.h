#pragma once
// The pieces of tensor.index({...}): integers, Slice(start, stop, step),
// None (a new axis), Ellipsis, bools, and integer or bool index tensors,
// with NumPy's basic and advanced indexing semantics.
#include <cstdint>
#include <optional>

namespace tyche {

class Tensor;

struct NoneIndex {};
struct EllipsisIndex {};
inline constexpr NoneIndex None{};
inline constexpr EllipsisIndex Ellipsis{};

// A slice bound: an integer, or None / std::nullopt for "to the end".
struct SliceBound {
  std::optional<int64_t> value;
  SliceBound(std::nullopt_t = std::nullopt) {}          // NOLINT: implicit on purpose
  SliceBound(NoneIndex) {}                              // NOLINT
  SliceBound(int64_t v) : value(v) {}                   // NOLINT
  SliceBound(int v) : value(v) {}                       // NOLINT
  SliceBound(std::optional<int64_t> v) : value(v) {}    // NOLINT
};

// Slice(start, stop, step): Python's start:stop:step, e.g. Slice(None, None, 2) is ::2;
// negative bounds count from the end.
struct Slice {
  std::optional<int64_t> start, stop;
  int64_t step = 1;
  Slice(SliceBound start_ = {}, SliceBound stop_ = {}, int64_t step_ = 1)
      : start(start_.value), stop(stop_.value), step(step_) {}
};

}  // namespace tyche
