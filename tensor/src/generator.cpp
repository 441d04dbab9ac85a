// Generator: Philox4x32-10 blocks addressed by (seed, stream, block), stream
// splitting, scalar draws, and the process-wide default generator with the
// draws that use it implicitly.
#include <mutex>

#include "cpu/philox.h"
#include "tyche/tensor.h"

namespace tyche {

namespace {

// SplitMix64's finaliser: a bijection on 64 bits, so distinct inputs give
// distinct stream ids, with neighbouring inputs mapped far apart.
uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter, std::array<uint32_t, 2> key) {
  return detail::philox4x32_10(counter, key[0], key[1]);
}

std::array<uint32_t, 4> Generator::philox(uint64_t block) const {
  return detail::PhiloxStream(*this).block(block);
}

// Child k gets stream mix64(r + k), with r random bits of one block of this
// generator: distinct for distinct k, and unrelated to this stream's id.
std::vector<Generator> Generator::split(int n) {
  TYCHE_CHECK(n >= 0, "split", "expected a non-negative number of generators, got ", n);
  std::array<uint32_t, 4> w = philox(detail::reserve(*this, 1, "split"));
  uint64_t r = detail::join64(w[0], w[1]) ^ detail::join64(w[2], w[3]);
  std::vector<Generator> children;
  children.reserve(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) children.emplace_back(seed_, mix64(r + static_cast<uint64_t>(k)));
  return children;
}

uint64_t Generator::next_u64() {
  std::array<uint32_t, 4> w = philox(detail::reserve(*this, 1, "next_u64"));
  return detail::join64(w[0], w[1]);
}

double Generator::next_uniform() { return detail::open_uniform(next_u64()); }

// ---- the default generator. Its implicit users below hold this lock while
// they reserve blocks and draw; a caller that uses default_generator() directly
// must not share it between threads without its own lock.
namespace {
std::mutex& default_generator_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

Generator& default_generator() {
  static Generator g(0);
  return g;
}

void manual_seed(uint64_t seed) {
  std::lock_guard<std::mutex> lock(default_generator_mutex());
  default_generator().manual_seed(seed);
}

Tensor rand(IntList sizes, TensorOptions opt) {
  std::lock_guard<std::mutex> lock(default_generator_mutex());
  return rand(sizes, default_generator(), opt);
}

Tensor randn(IntList sizes, TensorOptions opt) {
  std::lock_guard<std::mutex> lock(default_generator_mutex());
  return randn(sizes, default_generator(), opt);
}

}  // namespace tyche
