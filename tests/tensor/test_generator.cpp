// Generator: Philox4x32-10 known answers, the counter layout, offsets,
// reproducibility, split streams, the default generator and the bit-to-uniform
// conversions at their extremes.
#include <cmath>
#include <set>
#include <string>
#include <thread>

#include "../../tensor/src/cpu/philox.h"  // the internal conversions, tested at their edges
#include "test_util.h"

namespace tyche {
namespace {

using tyche::testing::expect_error;



// Pearson correlation of two equally long samples.
double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  double n = static_cast<double>(x.size()), mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) { mx += x[i]; my += y[i]; }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

// Known-answer vectors from Random123's kat_vectors (counter[4] key[2] -> output[4]).
TEST(Philox, KnownAnswers) {
  using W4 = std::array<uint32_t, 4>;
  using W2 = std::array<uint32_t, 2>;
  EXPECT_EQ(philox4x32_10(W4{0, 0, 0, 0}, W2{0, 0}), (W4{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32_10(W4{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, W2{0xffffffff, 0xffffffff}),
            (W4{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32_10(W4{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, W2{0xa4093822, 0x299f31d0}),
            (W4{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

// Block b of (seed, stream) is Philox of counter (b, stream) under key seed, low words first.
TEST(Generator, CounterLayout) {
  Generator g(0x0123456789abcdefull, 0xfedcba9876543210ull);
  uint64_t b = 0x0000a5a5deadbeefull;
  EXPECT_EQ(g.philox(b), philox4x32_10({0xdeadbeef, 0x0000a5a5, 0x76543210, 0xfedcba98}, {0x89abcdef, 0x01234567}));
  EXPECT_EQ(Generator(0).philox(0), philox4x32_10({0, 0, 0, 0}, {0, 0}));
}

TEST(Generator, StateAndOffsets) {
  Generator g(7, 3);
  EXPECT_EQ(g.seed(), 7u);
  EXPECT_EQ(g.stream(), 3u);
  EXPECT_EQ(g.offset(), 0u);
  EXPECT_EQ(g.reserve_blocks(5), 0u);
  EXPECT_EQ(g.reserve_blocks(2), 5u);
  EXPECT_EQ(g.offset(), 7u);
  g.manual_seed(9);
  EXPECT_EQ(g.seed(), 9u);
  EXPECT_EQ(g.offset(), 0u);
  EXPECT_EQ(g.stream(), 3u);
}

// Each draw advances the offset by the blocks it used: 4 float32 or 2 float64
// values per block for rand/randn, one block per element for samplers.
TEST(Generator, DrawsAdvanceOffsetByBlocksUsed) {
  Generator g(1);
  rand({10}, g);
  EXPECT_EQ(g.offset(), 3u);
  rand({10}, g, kFloat64);
  EXPECT_EQ(g.offset(), 8u);
  randn({3, 3}, g);
  EXPECT_EQ(g.offset(), 11u);
  gamma(full({6}, 2.0), g);
  EXPECT_EQ(g.offset(), 17u);
  g.next_u64();
  EXPECT_EQ(g.offset(), 18u);
}

TEST(Generator, Reproducible) {
  Generator a(42), b(42);
  EXPECT_TRUE(equal(randn({1000}, a), randn({1000}, b)));
  EXPECT_TRUE(equal(rand({1000}, a, kFloat64), rand({1000}, b, kFloat64)));
  EXPECT_EQ(a.next_u64(), b.next_u64());
  // Rewinding the offset replays the draw.
  Generator c(5);
  Tensor x = rand({100}, c);
  c.set_offset(0);
  EXPECT_TRUE(equal(x, rand({100}, c)));
}

TEST(Generator, OffsetStreamAndSeedChangeTheDraw) {
  Generator g(42);
  Tensor first = rand({1000}, g, kFloat64);
  Tensor second = rand({1000}, g, kFloat64);
  Generator other_stream(42, 1), other_seed(43);
  Tensor s = rand({1000}, other_stream, kFloat64), d = rand({1000}, other_seed, kFloat64);
  std::vector<double> v1 = first.to_vector<double>(), v2 = second.to_vector<double>();
  std::vector<double> v3 = s.to_vector<double>(), v4 = d.to_vector<double>();
  int same12 = 0, same13 = 0, same14 = 0;
  for (size_t i = 0; i < v1.size(); ++i) {
    same12 += v1[i] == v2[i];
    same13 += v1[i] == v3[i];
    same14 += v1[i] == v4[i];
  }
  EXPECT_EQ(same12, 0);
  EXPECT_EQ(same13, 0);
  EXPECT_EQ(same14, 0);
}

// A shorter draw is a prefix of a longer one from the same state: element i
// depends only on (seed, stream, first block, i).
TEST(Generator, ElementDependsOnlyOnItsIndex) {
  Generator a(11), b(11);
  std::vector<double> small = randn({7}, a).to_vector<double>();
  std::vector<double> big = randn({1000}, b).to_vector<double>();
  for (size_t i = 0; i < small.size(); ++i) EXPECT_EQ(small[i], big[i]);
  Generator c(11), d(11);
  std::vector<double> gs = gamma(full({5}, 0.5), c).to_vector<double>();
  std::vector<double> gb = gamma(full({500}, 0.5), d).to_vector<double>();
  for (size_t i = 0; i < gs.size(); ++i) EXPECT_EQ(gs[i], gb[i]);
}

// rand packs 4 float32 (one per word) or 2 float64 (one per word pair) into
// each block of the draw, in order: pinned against the scalar philox().
TEST(Generator, RandReadsConsecutiveBlocks) {
  Generator g(77, 9);
  g.set_offset(1000);
  std::vector<float> f = rand({10}, g).to_vector<float>();
  for (size_t i = 0; i < f.size(); ++i)
    EXPECT_EQ(f[i], detail::uniform_float(g.philox(1000 + i / 4)[i % 4])) << i;
  std::vector<double> d = rand({5}, g, kFloat64).to_vector<double>();
  for (size_t i = 0; i < d.size(); ++i) {
    std::array<uint32_t, 4> w = g.philox(1003 + i / 2);
    EXPECT_EQ(d[i], detail::uniform_double(detail::join64(w[2 * (i % 2)], w[2 * (i % 2) + 1]))) << i;
  }
}

TEST(Generator, SplitGivesDistinctReproducibleStreams) {
  Generator g(2024, 5);
  std::vector<Generator> kids = g.split(8);
  ASSERT_EQ(kids.size(), 8u);
  EXPECT_EQ(g.offset(), 1u);  // the parent advanced
  std::set<uint64_t> streams{g.stream()};
  for (const Generator& k : kids) {
    EXPECT_EQ(k.seed(), 2024u);
    EXPECT_EQ(k.offset(), 0u);
    streams.insert(k.stream());
  }
  EXPECT_EQ(streams.size(), 9u);
  // Same parent state -> same children; the next split differs.
  Generator h(2024, 5);
  std::vector<Generator> again = h.split(8);
  for (size_t i = 0; i < kids.size(); ++i) EXPECT_EQ(again[i].stream(), kids[i].stream());
  EXPECT_NE(g.split(1)[0].stream(), kids[0].stream());
  EXPECT_TRUE(g.split(0).empty());
}

// Uncorrelated: |r| < 5 / sqrt(n) (5 standard errors of a null correlation).
TEST(Generator, SplitStreamsAreUncorrelated) {
  const int64_t n = 100000;
  Generator g(3);
  std::vector<Generator> kids = g.split(3);
  std::vector<double> p = randn({n}, g, kFloat64).to_vector<double>();
  std::vector<std::vector<double>> k;
  for (Generator& kid : kids) k.push_back(randn({n}, kid, kFloat64).to_vector<double>());
  const double bound = 5 / std::sqrt(static_cast<double>(n));
  EXPECT_LT(std::fabs(correlation(k[0], k[1])), bound);
  EXPECT_LT(std::fabs(correlation(k[0], k[2])), bound);
  EXPECT_LT(std::fabs(correlation(k[1], k[2])), bound);
  EXPECT_LT(std::fabs(correlation(p, k[0])), bound);
}

TEST(Generator, ScalarDraws) {
  Generator g(8);
  std::set<uint64_t> seen;
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    double u = g.next_uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    seen.insert(g.next_u64());
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(n));
  EXPECT_EQ(g.offset(), static_cast<uint64_t>(2 * n));
  // Mean of n uniforms within 5 standard errors (sd 1/sqrt(12 n)).
  EXPECT_NEAR(sum / n, 0.5, 5 / std::sqrt(12.0 * n));
}

TEST(Generator, DefaultGenerator) {
  manual_seed(123);
  EXPECT_EQ(default_generator().seed(), 123u);
  EXPECT_EQ(default_generator().offset(), 0u);
  Tensor a = rand({50});
  Tensor b = randn({50}, kFloat64);
  manual_seed(123);
  EXPECT_TRUE(equal(a, rand({50})));
  EXPECT_TRUE(equal(b, randn({50}, kFloat64)));
  // Same values as an explicit generator with that seed.
  Generator g(123);
  EXPECT_TRUE(equal(a, rand({50}, g)));
}

// The implicit users of the default generator lock it: concurrent draws lose no blocks.
TEST(Generator, DefaultGeneratorUnderThreads) {
  manual_seed(0);
  auto work = [] {
    for (int i = 0; i < 200; ++i) rand({40});
  };
  std::thread t1(work), t2(work);
  t1.join();
  t2.join();
  EXPECT_EQ(default_generator().offset(), 2u * 200u * 10u);
}

TEST(Generator, Errors) {
  Generator g(0);
  expect_error([&] { g.split(-1); }, "split");
  g.set_offset(uint64_t{1} << 48);
  expect_error([&] { g.next_u64(); }, "next_u64");
  g.set_offset((uint64_t{1} << 48) - 1);
  expect_error([&] { rand({8}, g); }, "rand");
  EXPECT_EQ(g.offset(), (uint64_t{1} << 48) - 1);  // nothing reserved by the failed draw
  rand({4}, g);                                    // the last block is still usable
}

// Bits -> uniforms at the extreme bit patterns: [0, 1) never reaches 1 after
// rounding (float32 included); (0, 1) never reaches either end.
TEST(Generator, UniformConversionsAtTheEnds) {
  EXPECT_EQ(detail::uniform_float(0u), 0.0f);
  EXPECT_LT(detail::uniform_float(0xffffffffu), 1.0f);
  EXPECT_EQ(detail::uniform_float(0xffffffffu), 1.0f - 0x1.0p-24f);
  EXPECT_EQ(detail::uniform_double(0u), 0.0);
  EXPECT_LT(detail::uniform_double(~uint64_t{0}), 1.0);
  EXPECT_GT(detail::open_uniform(uint32_t{0}), 0.0);
  EXPECT_LT(detail::open_uniform(~uint32_t{0}), 1.0);
  EXPECT_GT(detail::open_uniform(uint64_t{0}), 0.0);
  EXPECT_LT(detail::open_uniform(~uint64_t{0}), 1.0);
}

}  // namespace
}  // namespace tyche
