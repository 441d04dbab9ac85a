#pragma once
// Generator: a counter-based Philox4x32-10 random stream. The state is
// (seed, stream, offset): element i of a draw uses counter (offset + i, stream)
// under key seed, so results do not depend on thread count, and split() gives
// independent streams (one per chain/thread) from one seed. Each draw advances
// offset past the blocks it used. Block indices stay below 2^48: the top 16
// bits of the counter's block word number the extra blocks a rejection
// sampler reads for one element (see tensor/src/cpu/philox.h).
//
// Thread safety: a Generator is a plain value with no lock; give each thread
// its own (split()). The ops that use the default generator implicitly
// (rand(sizes), randn(sizes), manual_seed) lock a process-wide mutex, so they
// may be called from several threads (in an unspecified order); the reference
// returned by default_generator() is not guarded.
#include <array>
#include <cstdint>
#include <vector>

namespace tyche {

class Generator {
 public:
  explicit Generator(uint64_t seed = 0, uint64_t stream = 0) : seed_(seed), stream_(stream) {}

  uint64_t seed() const { return seed_; }
  uint64_t stream() const { return stream_; }
  // Number of 128-bit Philox blocks consumed so far.
  uint64_t offset() const { return offset_; }
  void set_offset(uint64_t off) { offset_ = off; }
  void manual_seed(uint64_t seed) { seed_ = seed; offset_ = 0; }

  // Reserves n blocks and returns the first block index (the caller draws
  // blocks [result, result + n) with philox()).
  uint64_t reserve_blocks(uint64_t n) { uint64_t o = offset_; offset_ += n; return o; }
  // The 4 x 32 random bits of block `block` of this stream.
  std::array<uint32_t, 4> philox(uint64_t block) const;

  // n generators with distinct streams derived from this one; this one advances.
  std::vector<Generator> split(int n);

  // Scalar draws for host-side algorithms (each consumes one block).
  double next_uniform();    // in (0, 1), 52 random bits
  uint64_t next_u64();

 private:
  uint64_t seed_;
  uint64_t stream_;
  uint64_t offset_ = 0;
};

// The process-wide default generator (used when no Generator is passed);
// seed 0 and stream 0 until manual_seed.
Generator& default_generator();
// Seeds the default generator.
void manual_seed(uint64_t seed);

// Philox4x32-10 of (counter, key): the raw bijection, exposed for tests.
std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter, std::array<uint32_t, 2> key);

}  // namespace tyche
