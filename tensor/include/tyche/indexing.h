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

// Slice(start, stop, step): Python's start:stop:step; negatives count from the end.
struct Slice {
  std::optional<int64_t> start, stop;
  int64_t step = 1;
  Slice(std::optional<int64_t> start_ = std::nullopt, std::optional<int64_t> stop_ = std::nullopt,
        int64_t step_ = 1)
      : start(start_), stop(stop_), step(step_) {}
};

}  // namespace tyche
