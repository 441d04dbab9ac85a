#pragma once
// Per-element samplers that read a variable number of words from their
// element's ElementStream (rejection and search methods). Each is exact: its
// output has the target law up to floating-point rounding. Internal to tensor/.
#include <array>
#include <cmath>
#include <cstdint>

#include "philox.h"

namespace tyche::detail {

// log(k!) for k >= 0: a table below 21, Stirling's series above (error < 1e-15).
// Used instead of std::lgamma, which writes the global signgam (a data race
// inside a parallel loop).
inline double log_factorial(double k) {
  static const std::array<double, 21> table = [] {
    std::array<double, 21> t{};
    for (int i = 1; i < 21; ++i) t[i] = t[i - 1] + std::log(static_cast<double>(i));
    return t;
  }();
  if (k < 21) return table[static_cast<int>(k)];
  constexpr double kHalfLog2Pi = 0.91893853320467274178032973640562;
  double x = k + 1, r = 1 / x, r2 = r * r;
  double series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
  return (x - 0.5) * std::log(x) - x + kHalfLog2Pi + series;
}

// Uniform integer in [0, range), range >= 1, without modulo bias (Lemire 2019:
// multiply-shift, rejecting the low products that would over-represent a value).
inline uint64_t bounded_u64(ElementStream& s, uint64_t range) {
  unsigned __int128 m = static_cast<unsigned __int128>(s.next_u64()) * range;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < range) {
    uint64_t threshold = (0 - range) % range;  // 2^64 mod range
    while (low < threshold) {
      m = static_cast<unsigned __int128>(s.next_u64()) * range;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

// Gamma(alpha, 1) for alpha >= 1: Marsaglia & Tsang (2000), acceptance >= 0.95.
inline double gamma_marsaglia_tsang(ElementStream& s, double alpha) {
  const double d = alpha - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = s.normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = s.uniform(), x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;  // squeeze: skips the logs
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

// log of a Gamma(alpha, 1) draw. Below alpha = 1 the boost
// Gamma(a) = Gamma(a + 1) * U^(1/a) is taken in log space, because for small
// alpha the draw itself underflows (Gamma(0.01) is below 1e-300 about 0.1% of the time).
inline double log_gamma_draw(ElementStream& s, double alpha) {
  if (alpha >= 1) return std::log(gamma_marsaglia_tsang(s, alpha));
  return std::log(gamma_marsaglia_tsang(s, alpha + 1)) + std::log(s.uniform()) / alpha;
}

inline double gamma_draw(ElementStream& s, double alpha) {
  return alpha >= 1 ? gamma_marsaglia_tsang(s, alpha) : std::exp(log_gamma_draw(s, alpha));
}

// Poisson(rate) for rate < 10: inversion by sequential search from 0 (one
// uniform, rate + 1 steps on average). Stops once the remaining terms no
// longer change the running CDF, which bounds the loop under rounding.
inline double poisson_inversion(ElementStream& s, double rate) {
  const double u = s.uniform();
  double p = std::exp(-rate), cdf = p, k = 0;
  while (u > cdf) {
    k += 1;
    p *= rate / k;
    const double next = cdf + p;
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

// Poisson(rate) for rate >= 10: PTRS, transformed rejection with squeeze
// (Hormann 1993, "The transformed rejection method for generating Poisson
// random variables"); acceptance > 0.89 for these rates.
inline double poisson_ptrs(ElementStream& s, double rate) {
  const double log_rate = std::log(rate);
  const double b = 0.931 + 2.53 * std::sqrt(rate);
  const double a = -0.059 + 0.02483 * b;
  const double log_inv_alpha = std::log(1.1239 + 1.1328 / (b - 3.4));
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = s.uniform() - 0.5, v = s.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + log_inv_alpha - std::log(a / (us * us) + b) <=
        -rate + k * log_rate - log_factorial(k))
      return k;
  }
}

inline double poisson_draw(ElementStream& s, double rate) {
  return rate < 10 ? poisson_inversion(s, rate) : poisson_ptrs(s, rate);
}


// Binomial(n, p) for p <= 0.5 and n p < 10: inversion by sequential search
// from 0 with the pmf recurrence f(k + 1) = f(k) (n - k) / (k + 1) * p / q
// (one uniform, n p + 1 steps on average). Stops at n or once the remaining
// terms no longer change the running CDF, which bounds the loop under rounding.
inline double binomial_inversion(ElementStream& s, double n, double p) {
  const double u = s.uniform();
  const double odds = p / (1 - p);
  double f = std::exp(n * std::log1p(-p)), cdf = f, k = 0;
  while (u > cdf && k < n) {
    f *= (n - k) / (k + 1) * odds;
    k += 1;
    const double next = cdf + f;
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

// Binomial(n, p) for p <= 0.5 and n p >= 10: BTRS, transformed rejection with
// squeeze (Hormann 1993, "The generation of binomial random variates", J.
// Statist. Comput. Simul. 46); acceptance > 0.85 for these parameters. The
// hat is a transformed Cauchy-like envelope centred at n p + 0.5; the exact
// test compares log f(k) / f(m) at the mode m = floor((n + 1) p).
inline double binomial_btrs(ElementStream& s, double n, double p) {
  const double q = 1 - p;
  const double spq = std::sqrt(n * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = n * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double v_r = 0.92 - 4.2 / b;
  const double log_odds = std::log(p / q);
  const double m = std::floor((n + 1) * p);
  const double h = log_factorial(m) + log_factorial(n - m);
  for (;;) {
    const double u = s.uniform() - 0.5, v = s.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= v_r) return k;
    if (std::log(v * alpha / (a / (us * us) + b)) <=
        h - log_factorial(k) - log_factorial(n - k) + (k - m) * log_odds)
      return k;
  }
}

// Binomial(n, p), n a non-negative integer, p in [0, 1]: draws with
// min(p, 1 - p) and reflects, so both branches see p <= 0.5.
inline double binomial_draw(ElementStream& s, double n, double p) {
  if (n == 0 || p == 0) return 0;
  if (p == 1) return n;
  const bool flip = p > 0.5;
  const double r = flip ? 1 - p : p;
  const double k = n * r < 10 ? binomial_inversion(s, n, r) : binomial_btrs(s, n, r);
  return flip ? n - k : k;
}

// Von Mises(0, kappa) angle in [-pi, pi], kappa >= 0: Best & Fisher (1979),
// "Efficient simulation of the von Mises distribution", rejection from a
// wrapped Cauchy envelope with parameter rho (acceptance >= 0.66 for every
// kappa). Where the envelope's r = (1 + rho^2) / (2 rho) loses precision it is
// replaced: below kappa = 1e-5 by its series 1/kappa + kappa; below 1e-8 the
// law is uniform to within 1e-8; above 1e6 it is N(0, 1/kappa) to within
// kappa theta^4 / 24 ~ 1e-7 of the log density (the acos of the envelope loses
// digits there).
inline double von_mises_draw(ElementStream& s, double kappa) {
  constexpr double kPi = 3.14159265358979323846;
  if (kappa < 1e-8) return kPi * (2 * s.uniform() - 1);
  if (kappa > 1e6) return s.normal() / std::sqrt(kappa);
  double r;
  if (kappa < 1e-5) {
    r = 1 / kappa + kappa;
  } else {
    const double tau = 1 + std::sqrt(1 + 4 * kappa * kappa);
    const double rho = (tau - std::sqrt(2 * tau)) / (2 * kappa);
    r = (1 + rho * rho) / (2 * rho);
  }
  double f;
  for (;;) {
    const double z = std::cos(kPi * s.uniform());
    f = (1 + r * z) / (r + z);
    const double c = kappa * (r - f), u = s.uniform();
    if (c * (2 - c) > u || std::log(c / u) + 1 - c >= 0) break;
  }
  const double theta = std::acos(std::fmax(-1.0, std::fmin(1.0, f)));
  return s.uniform() < 0.5 ? -theta : theta;
}

// x wrapped into [-pi, pi) (up to the rounding of 2 pi).
inline double wrap_angle(double x) {
  constexpr double kPi = 3.14159265358979323846;
  return x - 2 * kPi * std::floor((x + kPi) / (2 * kPi));
}

}  // namespace tyche::detail
