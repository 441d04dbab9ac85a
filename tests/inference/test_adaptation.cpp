// Stan's warm-up adaptation, piece by piece: WindowSchedule against a
// transliteration of Stan's windowed_adaptation counter (every num_warmup up
// to 3000) and the documented schedules; DualAveraging checked update by
// update against Stan's formulas and converging on synthetic acceptance
// curves; WelfordCovariance (diagonal and dense) against a direct two-pass
// computation with Stan's regularisation.
#include <tyche/inference.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "../test_util.h"

namespace tyche::testing {
namespace {

using infer::DualAveraging;
using infer::WelfordCovariance;
using infer::WindowSchedule;

uint64_t test_seed(uint64_t k) {
  const char* off = std::getenv("TYCHE_TEST_SEED_OFFSET");
  return k + (off ? std::strtoull(off, nullptr, 10) : 0);
}

// ---------------------------------------------------------------- WindowSchedule

TEST(WindowSchedule, StanDefaultsFor1000) {
  // 75 fast + slow windows 25, 50, 100, 200, 500 (the last stretched from 400) + 50 fast.
  WindowSchedule w(1000);
  EXPECT_EQ(w.window_ends(), (std::vector<int64_t>{99, 149, 249, 449, 949}));
  EXPECT_EQ(w.init_buffer(), 75);
  EXPECT_EQ(w.term_buffer(), 50);
  EXPECT_FALSE(w.in_window(0));
  EXPECT_FALSE(w.in_window(74));
  EXPECT_TRUE(w.in_window(75));
  EXPECT_TRUE(w.in_window(949));
  EXPECT_FALSE(w.in_window(950));
  EXPECT_FALSE(w.in_window(999));
  for (int64_t i = 0; i < 1000; ++i) {
    const bool end = i == 99 || i == 149 || i == 249 || i == 449 || i == 949;
    EXPECT_EQ(w.window_end(i), end) << i;
  }
}

TEST(WindowSchedule, LongerWarmupKeepsDoubling) {
  // 2000: 25, 50, 100, 200, 400, then 1100 up to 2000 - 50 - 1.
  EXPECT_EQ(WindowSchedule(2000).window_ends(), (std::vector<int64_t>{99, 149, 249, 449, 849, 1949}));
  // Exactly init + base + term: one window of 25 ending at 99.
  EXPECT_EQ(WindowSchedule(150).window_ends(), std::vector<int64_t>{99});
}

TEST(WindowSchedule, ShortWarmupUses15_75_10Percent) {
  WindowSchedule w(100);  // 75 + 25 + 50 > 100: buffers 15 / 75 / 10
  EXPECT_EQ(w.init_buffer(), 15);
  EXPECT_EQ(w.term_buffer(), 10);
  EXPECT_EQ(w.window_ends(), std::vector<int64_t>{89});
  EXPECT_FALSE(w.in_window(14));
  EXPECT_TRUE(w.in_window(15));
  EXPECT_TRUE(w.in_window(89));
  EXPECT_FALSE(w.in_window(90));
  EXPECT_TRUE(w.window_end(89));
  EXPECT_FALSE(w.window_end(88));

  WindowSchedule w20(20);  // the shortest warm-up that adapts: 3 / 15 / 2
  EXPECT_EQ(w20.init_buffer(), 3);
  EXPECT_EQ(w20.term_buffer(), 2);
  EXPECT_EQ(w20.window_ends(), std::vector<int64_t>{17});
}

TEST(WindowSchedule, BelowTwentyIterationsNoWindows) {
  for (int64_t n : {0, 1, 10, 19}) {
    WindowSchedule w(n);
    EXPECT_TRUE(w.window_ends().empty()) << n;
    for (int64_t i = 0; i < n; ++i) {
      EXPECT_FALSE(w.in_window(i)) << n << " " << i;
      EXPECT_FALSE(w.window_end(i)) << n << " " << i;
    }
  }
  EXPECT_ERROR(WindowSchedule(-1), "WindowSchedule", "num_warmup");
  EXPECT_ERROR(WindowSchedule(100, 75, 50, 0), "WindowSchedule", "base_window");
}

// Stan's windowed_adaptation (stan/mcmc/windowed_adaptation.hpp), transliterated
// as the counter it runs: which iterations add a draw and which end a window.
struct StanWindows {
  std::vector<bool> in, end;
  explicit StanWindows(int64_t num_warmup) : in(static_cast<size_t>(num_warmup)), end(static_cast<size_t>(num_warmup)) {
    if (num_warmup < 20) return;  // "No estimation is performed for num_warmup < 20"
    int64_t init = 75, term = 50, base = 25;
    if (init + base + term > num_warmup) {
      init = static_cast<int64_t>(0.15 * static_cast<double>(num_warmup));
      term = static_cast<int64_t>(0.1 * static_cast<double>(num_warmup));
      base = num_warmup - (init + term);
    }
    int64_t counter = 0, size = base, next = init + size - 1;
    auto compute_next_window = [&] {
      if (next == num_warmup - term - 1) return;
      size *= 2;
      next = counter + size;
      if (next != num_warmup - term - 1) {
        const int64_t boundary = next + 2 * size;
        if (boundary >= num_warmup - term) next = num_warmup - term - 1;
      }
    };
    for (; counter < num_warmup; ++counter) {
      in[static_cast<size_t>(counter)] = counter >= init && counter < num_warmup - term && counter != num_warmup;
      if (counter == next && counter != num_warmup) {
        end[static_cast<size_t>(counter)] = true;
        compute_next_window();
      }
    }
  }
};

TEST(WindowSchedule, AgreesWithStansCounterForEveryWarmupUpTo3000) {
  for (int64_t n = 0; n <= 3000; ++n) {
    const WindowSchedule w(n);
    const StanWindows stan(n);
    int64_t mismatches = 0;
    for (int64_t i = 0; i < n; ++i) {
      const size_t k = static_cast<size_t>(i);
      mismatches += (w.in_window(i) != stan.in[k]) + (w.window_end(i) != stan.end[k]);
    }
    ASSERT_EQ(mismatches, 0) << "num_warmup " << n;
  }
}

// ---------------------------------------------------------------- DualAveraging

TEST(DualAveraging, UpdatesFollowStansFormulas) {
  // Stan: mu = log(10 eps0), gamma 0.05, t0 10, kappa 0.75, delta = target.
  const double eps0 = 0.5, delta = 0.8, gamma = 0.05, t0 = 10, kappa = 0.75;
  DualAveraging da(delta);
  da.restart(eps0);
  const double mu = std::log(10 * eps0);

  // Iteration 1, accept 0.6.
  double s_bar = (1.0 / (1 + t0)) * (delta - 0.6);
  double x = mu - s_bar * std::sqrt(1.0) / gamma;
  double x_bar = x;  // weight 1^-kappa = 1
  EXPECT_NEAR(da.update(0.6), std::exp(x), 1e-14 * std::exp(x));
  EXPECT_NEAR(da.final_step_size(), std::exp(x_bar), 1e-14 * std::exp(x_bar));
  // Hand numbers: s_bar = 0.2 / 11, x = log 5 - 0.2 / 11 / 0.05 = 1.2457...
  EXPECT_NEAR(x, std::log(5.0) - 0.2 / 11 / 0.05, 1e-15);

  // Iteration 2, accept 1.3: clipped to 1.
  const double eta = 1.0 / (2 + t0);
  s_bar = (1 - eta) * s_bar + eta * (delta - 1.0);
  x = mu - s_bar * std::sqrt(2.0) / gamma;
  const double w = std::pow(2.0, -kappa);
  x_bar = (1 - w) * x_bar + w * x;
  EXPECT_NEAR(da.update(1.3), std::exp(x), 1e-14 * std::exp(x));
  EXPECT_NEAR(da.final_step_size(), std::exp(x_bar), 1e-14 * std::exp(x_bar));

  // restart() forgets everything: the first update again gives iteration 1's step.
  da.restart(eps0);
  const double x1 = mu - (0.2 / 11) / gamma;
  EXPECT_NEAR(da.update(0.6), std::exp(x1), 1e-14 * std::exp(x1));
}

TEST(DualAveraging, ReachesTheTargetOfAnExponentialAcceptanceCurve) {
  // accept(eps) = exp(-eps): the target delta is met at eps* = -log delta
  // (0.511, 0.223, 0.0513). Dual averaging shrinks towards mu = log(10 eps0),
  // so the averaged step size approaches eps* from above with an error ~ 1/sqrt(n)
  // (observed relative errors at 1000 / 4000 iterations: 0.6: 0.8% / 0.4%,
  // 0.8: 1.8% / 0.9%, 0.95: 9.3% / 4.6%).
  auto run = [](double target, int n) {
    DualAveraging da(target);
    double eps = 1.0;
    da.restart(eps);
    for (int i = 0; i < n; ++i) eps = da.update(std::exp(-eps));
    return da.final_step_size() / -std::log(target) - 1;  // relative error
  };
  for (auto [target, tol] : {std::pair{0.6, 0.01}, std::pair{0.8, 0.015}, std::pair{0.95, 0.06}}) {
    const double err1000 = run(target, 1000), err4000 = run(target, 4000);
    EXPECT_GT(err4000, 0) << target;
    EXPECT_LT(err4000, tol) << target;
    EXPECT_LT(err4000, 0.6 * err1000) << target;  // 1/sqrt(n): halves when n quadruples
  }
}

TEST(DualAveraging, ReachesTheTargetUnderNoise) {
  // accept = exp(-eps) + U(-0.15, 0.15) noise (mean unchanged; never clipped
  // near eps*): after 4000 iterations the averaged step size is within 6% of
  // eps* = -log 0.8 (bias 0.9%, sd ~1.5% over seeds in a Python replica).
  Generator gen(test_seed(11));
  const double eps_star = -std::log(0.8);
  DualAveraging da(0.8);
  double eps = 2.0;
  da.restart(eps);
  for (int i = 0; i < 4000; ++i) eps = da.update(std::exp(-eps) + 0.3 * (gen.next_uniform() - 0.5));
  EXPECT_NEAR(da.final_step_size(), eps_star, 0.06 * eps_star);
}

TEST(DualAveraging, RejectsATargetOutsideTheUnitInterval) {
  EXPECT_ERROR(DualAveraging(1.0), "DualAveraging", "target_accept_prob", "(0, 1)");
  EXPECT_ERROR(DualAveraging(0.0), "DualAveraging", "target_accept_prob");
}

// ---------------------------------------------------------------- WelfordCovariance

// n correlated 3-D points with means far from 0 (to stress the running update).
std::vector<std::vector<double>> correlated_points(int n, uint64_t seed) {
  Generator gen(seed);
  auto normal = [&] {
    return std::sqrt(-2 * std::log(gen.next_uniform())) * std::cos(2 * 3.141592653589793 * gen.next_uniform());
  };
  std::vector<std::vector<double>> xs;
  for (int i = 0; i < n; ++i) {
    const double a = normal(), b = normal(), c = normal();
    xs.push_back({1e3 + a, -5 + 2 * a + 0.5 * b, 0.01 * (c - a)});
  }
  return xs;
}

// Two-pass sample covariance (n - 1), regularised as Stan: (n / (n + 5)) S + 1e-3 (5 / (n + 5)) I.
std::vector<double> two_pass(const std::vector<std::vector<double>>& xs, bool dense) {
  const size_t d = xs[0].size();
  const double n = static_cast<double>(xs.size());
  std::vector<double> mean(d, 0.0);
  for (const auto& x : xs)
    for (size_t i = 0; i < d; ++i) mean[i] += x[i] / n;
  std::vector<double> out(dense ? d * d : d, 0.0);
  for (const auto& x : xs)
    for (size_t i = 0; i < d; ++i) {
      if (!dense) {
        out[i] += (x[i] - mean[i]) * (x[i] - mean[i]);
        continue;
      }
      for (size_t j = 0; j < d; ++j) out[i * d + j] += (x[i] - mean[i]) * (x[j] - mean[j]);
    }
  for (double& v : out) v = (n / (n + 5)) * v / (n - 1);
  for (size_t i = 0; i < d; ++i) out[dense ? i * d + i : i] += 1e-3 * (5 / (n + 5));
  return out;
}

TEST(WelfordCovariance, DiagonalAndDenseMatchTwoPassWithStansRegularisation) {
  const auto xs = correlated_points(57, test_seed(3));
  for (bool dense : {false, true}) {
    WelfordCovariance w(3, dense);
    for (const auto& x : xs) w.add(x.data());
    EXPECT_EQ(w.count(), 57);
    const std::vector<double> got = w.regularized(), want = two_pass(xs, dense);
    ASSERT_EQ(got.size(), dense ? 9u : 3u);
    for (size_t k = 0; k < got.size(); ++k)
      EXPECT_NEAR(got[k], want[k], 1e-10 * std::abs(want[k]) + 1e-14) << (dense ? "dense " : "diag ") << k;
  }
}

TEST(WelfordCovariance, ResetStartsAFreshWindow) {
  const auto first = correlated_points(30, test_seed(4)), second = correlated_points(12, test_seed(5));
  WelfordCovariance w(3, true);
  for (const auto& x : first) w.add(x.data());
  w.reset();
  EXPECT_EQ(w.count(), 0);
  EXPECT_ERROR(w.regularized(), "WelfordCovariance", "at least 2 draws, got 0");
  for (const auto& x : second) w.add(x.data());
  const std::vector<double> got = w.regularized(), want = two_pass(second, true);
  for (size_t k = 0; k < 9; ++k) EXPECT_NEAR(got[k], want[k], 1e-10 * std::abs(want[k]) + 1e-14) << k;
  WelfordCovariance one(2, false);
  const double x[2] = {1, 2};
  one.add(x);
  EXPECT_ERROR(one.regularized(), "at least 2 draws, got 1");
}

}  // namespace
}  // namespace tyche::testing
