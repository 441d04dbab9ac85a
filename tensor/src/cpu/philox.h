#pragma once
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011) and the counter layout every sampler of tyche shares. Internal to tensor/.
//
// Counter layout of a Generator (seed, stream): block b, sub-block s is
//   counter = (lo32(b), hi32(b) | s << 16, lo32(stream), hi32(stream)),  key = seed.
// Blocks stay below 2^48 (checked when they are reserved), so the top 16 bits
// of counter word 1 are free for s. Fixed-size draws use sub-block 0 only;
// a rejection sampler reads sub-blocks 0, 1, 2, ... of its element's block, so
// element i's randomness depends only on (seed, stream, first block + i), never
// on how elements are split between threads.
#include <array>
#include <cmath>
#include <cstdint>

#include "tyche/error.h"
#include "tyche/generator.h"

namespace tyche::detail {

inline constexpr uint64_t kMaxBlocks = uint64_t{1} << 48;

// The raw bijection: 10 rounds with the Weyl key schedule of Random123.
inline std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> c, uint32_t k0, uint32_t k1) {
  constexpr uint64_t kM0 = 0xD2511F53, kM1 = 0xCD9E8D57;
  constexpr uint32_t kW0 = 0x9E3779B9, kW1 = 0xBB67AE85;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) { k0 += kW0; k1 += kW1; }
    uint64_t p0 = kM0 * c[0], p1 = kM1 * c[2];
    uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    c = {hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0};
  }
  return c;
}

// The key and stream words of one generator, read once per draw.
struct PhiloxStream {
  uint32_t k0, k1, s0, s1;
  explicit PhiloxStream(const Generator& g)
      : k0(static_cast<uint32_t>(g.seed())), k1(static_cast<uint32_t>(g.seed() >> 32)),
        s0(static_cast<uint32_t>(g.stream())), s1(static_cast<uint32_t>(g.stream() >> 32)) {}
  std::array<uint32_t, 4> block(uint64_t b, uint32_t sub = 0) const {
    uint32_t c1 = static_cast<uint32_t>(b >> 32) | (sub << 16);
    return philox4x32_10({static_cast<uint32_t>(b), c1, s0, s1}, k0, k1);
  }
};

// Reserves n blocks of gen for op; throws before the 48-bit block space runs out.
inline uint64_t reserve(Generator& gen, uint64_t n, const char* op) {
  TYCHE_CHECK(gen.offset() <= kMaxBlocks && n <= kMaxBlocks - gen.offset(), op,
              "generator exhausted: offset ", gen.offset(), " + ", n, " blocks exceeds 2^48");
  return gen.reserve_blocks(n);
}

inline uint64_t join64(uint32_t lo, uint32_t hi) { return uint64_t{lo} | uint64_t{hi} << 32; }

// Bits -> uniforms. The [0, 1) forms keep only as many bits as the result type
// holds, so rounding can never produce 1.0; the (0, 1) forms are centred on a
// grid so that log(u) and log(1 - u) are always finite.
inline float uniform_float(uint32_t x) { return static_cast<float>(x >> 8) * 0x1.0p-24f; }      // [0, 1)
inline double uniform_double(uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }  // [0, 1)
inline double open_uniform(uint32_t x) { return (static_cast<double>(x) + 0.5) * 0x1.0p-32; }  // (0, 1)
inline double open_uniform(uint64_t x) {                                                        // (0, 1)
  return (static_cast<double>(x >> 12) + 0.5) * 0x1.0p-52;
}

// Box-Muller: one (0, 1) uniform for the radius, one [0, 1) for the angle, two normals.
inline void box_muller(double u_radius, double u_angle, double& z0, double& z1) {
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  double r = std::sqrt(-2.0 * std::log(u_radius));
  double theta = kTwoPi * u_angle;
  z0 = r * std::cos(theta);
  z1 = r * std::sin(theta);
}

// The variable-length stream of one element: the 64-bit words of sub-blocks
// 0, 1, 2, ... of its block. Rejection loops accept with probability > 0.4 per
// try, so running past the 2^16 sub-blocks (after which they would repeat) has
// probability below 2^-60000.
class ElementStream {
 public:
  ElementStream(const PhiloxStream& ps, uint64_t block) : ps_(ps), block_(block) {}

  uint64_t next_u64() {
    if (pos_ == 2) {
      words_ = ps_.block(block_, sub_++);
      pos_ = 0;
    }
    uint64_t x = join64(words_[2 * pos_], words_[2 * pos_ + 1]);
    ++pos_;
    return x;
  }
  double uniform() { return open_uniform(next_u64()); }  // (0, 1)
  // N(0, 1); Box-Muller's second output is kept for the next call.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double z0;
    box_muller(uniform(), uniform_double(next_u64()), z0, spare_);
    has_spare_ = true;
    return z0;
  }

 private:
  const PhiloxStream& ps_;
  uint64_t block_;
  uint32_t sub_ = 0;
  int pos_ = 2;
  std::array<uint32_t, 4> words_{};
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace tyche::detail
