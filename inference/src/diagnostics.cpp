// MCMC diagnostics following the algorithms of the R package posterior 1.4.0
// (R/convergence.R, R/split_chains.R); see diagnostics.h. Everything runs on
// plain vectors of doubles: a Draws holds num_chains sequences of num_draws.
#include "tyche/inference/diagnostics.h"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <numeric>

#include "tyche/error.h"

namespace tyche::infer {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Chain-major draws: draw i of chain c at v[c * n + i].
struct Draws {
  int64_t chains = 0;
  int64_t n = 0;
  std::vector<double> v;
  const double* chain(int64_t c) const { return v.data() + c * n; }
};

std::vector<double> to_doubles(const Tensor& x) {
  Tensor t = x.to(Device::cpu()).to(kFloat64).contiguous();
  const double* p = t.data_ptr<double>();
  return std::vector<double>(p, p + t.numel());
}

Draws read_chains(const Tensor& chains, const char* fn) {
  TYCHE_CHECK(chains.dim() == 2 && chains.size(0) > 0 && chains.size(1) > 0, fn,
              "expected chains of shape [num_chains, num_draws] with at least one chain and one draw, got ",
              to_string(chains.sizes()));
  Draws d;
  d.chains = chains.size(0);
  d.n = chains.size(1);
  d.v = to_doubles(chains);
  return d;
}

std::vector<double> read_pooled(const Tensor& x, const char* fn) {
  TYCHE_CHECK(x.numel() > 0, fn, "expected at least one draw, got shape ", to_string(x.sizes()));
  return to_doubles(x);
}

// posterior's should_return_NA: any non-finite value, or max - min < eps.
bool degenerate(const std::vector<double>& v) {
  for (double a : v)
    if (!std::isfinite(a)) return true;
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return std::abs(*hi - *lo) < std::numeric_limits<double>::epsilon();
}

// Halves of each chain become chains of their own; the middle draw of an odd
// count is dropped. A single draw is left as it is.
Draws split_chains(const Draws& d) {
  if (d.n == 1) return d;
  const int64_t h = d.n / 2;
  Draws s;
  s.chains = 2 * d.chains;
  s.n = h;
  s.v.reserve(static_cast<size_t>(s.chains * h));
  for (int64_t c = 0; c < d.chains; ++c) s.v.insert(s.v.end(), d.chain(c), d.chain(c) + h);
  for (int64_t c = 0; c < d.chains; ++c) s.v.insert(s.v.end(), d.chain(c) + (d.n - h), d.chain(c) + d.n);
  return s;
}

double mean_of(const double* p, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += p[i];
  return s / static_cast<double>(n);
}

// Sample variance (denominator n - 1), two-pass.
double var_of(const double* p, int64_t n) {
  const double m = mean_of(p, n);
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += (p[i] - m) * (p[i] - m);
  return s / static_cast<double>(n - 1);
}

// Type-7 quantile of sorted values.
double quantile_sorted(const std::vector<double>& s, double prob) {
  const double index = static_cast<double>(s.size() - 1) * prob;
  const auto lo = static_cast<size_t>(std::floor(index));
  const auto hi = static_cast<size_t>(std::ceil(index));
  const double h = index - static_cast<double>(lo);
  if (hi == lo || s[hi] == s[lo]) return s[lo];
  return (1 - h) * s[lo] + h * s[hi];
}

// posterior's fold_draws, |x - median|, over all draws pooled. With an even
// count the two middle draws lo <= hi are equidistant from the median in exact
// arithmetic; in floating point |lo - m| and |hi - m| come out equal or apart
// depending on how m = (lo + hi) / 2 rounds, so posterior gives the pair average
// or distinct ranks by the draws' last bits, which moves the tail part of
// split_rhat by up to ~1e-6 relative. We always give both the exact distance
// (hi - lo) / 2: a tie (average ranks), independent of rounding.
std::vector<double> fold_draws(const std::vector<double>& v) {
  for (double a : v)
    if (std::isnan(a)) return std::vector<double>(v.size(), kNaN);
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  const size_t n = s.size();
  const double med = quantile_sorted(s, 0.5);
  const bool even = n % 2 == 0;
  const double lo = s[(n - 1) / 2], hi = s[n / 2];
  const double half_gap = (hi - lo) / 2;
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = even && (v[i] == lo || v[i] == hi) ? half_gap : std::abs(v[i] - med);
  return out;
}

// ---- FFT: iterative radix-2 Cooley-Tukey on a power-of-two length, in place.
// inverse: conjugate twiddles, no 1/n scaling.
void fft(std::vector<std::complex<double>>& a, bool inverse) {
  const size_t n = a.size();
  for (size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  // Twiddles exp(-+2 pi i k / n), k < n/2, each from cos/sin directly (no recurrence drift).
  std::vector<std::complex<double>> w(n / 2);
  const double sign = inverse ? 1.0 : -1.0;
  for (size_t k = 0; k < n / 2; ++k) {
    const double ang = sign * 2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n);
    w[k] = {std::cos(ang), std::sin(ang)};
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    const size_t half = len / 2, stride = n / len;
    for (size_t start = 0; start < n; start += len) {
      for (size_t k = 0; k < half; ++k) {
        const std::complex<double> u = a[start + k];
        const std::complex<double> t = w[k * stride] * a[start + k + half];
        a[start + k] = u + t;
        a[start + k + half] = u - t;
      }
    }
  }
}

// Biased autocovariance sum_i (x_i - m)(x_{i+t} - m) / n for t < n, by FFT of
// the centred sequence zero-padded to a power of two >= 2n (no wrap-around),
// scaled so that lag 0 is the variance exactly. All zero for a constant sequence.
std::vector<double> autocov(const double* x, int64_t n) {
  std::vector<double> out(static_cast<size_t>(n), 0.0);
  const double m = mean_of(x, n);
  double ss = 0;
  for (int64_t i = 0; i < n; ++i) ss += (x[i] - m) * (x[i] - m);
  if (ss == 0) return out;
  size_t len = 1;
  while (len < static_cast<size_t>(2 * n)) len <<= 1;
  std::vector<std::complex<double>> a(len, {0.0, 0.0});
  for (int64_t i = 0; i < n; ++i) a[static_cast<size_t>(i)] = {x[i] - m, 0.0};
  fft(a, false);
  for (auto& z : a) z = {std::norm(z), 0.0};
  fft(a, true);
  const double scale = ss / static_cast<double>(n) / a[0].real();
  for (int64_t t = 0; t < n; ++t) out[static_cast<size_t>(t)] = a[static_cast<size_t>(t)].real() * scale;
  return out;
}

// posterior's .ess: multi-chain ESS with Geyer's initial positive sequence, the
// initial monotone sequence, the improved last term and the 1/log10(S) bound on tau.
double ess_of(const Draws& d) {
  const int64_t n = d.n, m = d.chains;
  if (n < 3 || degenerate(d.v)) return kNaN;
  std::vector<double> acov(static_cast<size_t>(n), 0.0);
  std::vector<double> chain_means(static_cast<size_t>(m));
  for (int64_t c = 0; c < m; ++c) {
    const std::vector<double> ac = autocov(d.chain(c), n);
    for (int64_t t = 0; t < n; ++t) acov[static_cast<size_t>(t)] += ac[static_cast<size_t>(t)];
    chain_means[static_cast<size_t>(c)] = mean_of(d.chain(c), n);
  }
  for (double& a : acov) a /= static_cast<double>(m);
  const double nd = static_cast<double>(n);
  const double mean_var = acov[0] * nd / (nd - 1);
  double var_plus = mean_var * (nd - 1) / nd;
  if (m > 1) var_plus += var_of(chain_means.data(), m);
  auto rho_at = [&](int64_t t) { return 1 - (mean_var - acov[static_cast<size_t>(t)]) / var_plus; };

  std::vector<double> rho(static_cast<size_t>(n), 0.0);
  int64_t t = 0;
  double even = 1, odd = rho_at(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && !std::isnan(even + odd) && even + odd > 0) {
    t += 2;
    even = rho_at(t);
    odd = rho_at(t + 1);
    if (even + odd >= 0) {
      rho[static_cast<size_t>(t)] = even;
      rho[static_cast<size_t>(t + 1)] = odd;
    }
  }
  const int64_t max_t = t;
  if (even > 0) rho[static_cast<size_t>(max_t)] = even;  // for the improved estimate
  for (t = 2; t <= max_t - 2; t += 2) {  // initial monotone sequence
    const size_t i = static_cast<size_t>(t);
    if (rho[i] + rho[i + 1] > rho[i - 2] + rho[i - 1]) {
      rho[i] = (rho[i - 2] + rho[i - 1]) / 2;
      rho[i + 1] = rho[i];
    }
  }
  // tau = -1 + 2 sum_{t < max_t} rho_t + rho_{max_t}. posterior sums R's
  // rho[1:max_t], which for max_t = 0 is rho[1] (the lag-0 term), so do we.
  double sum = 0;
  for (int64_t k = 0; k < std::max<int64_t>(max_t, 1); ++k) sum += rho[static_cast<size_t>(k)];
  double tau = -1 + 2 * sum + rho[static_cast<size_t>(max_t)];
  const double s = static_cast<double>(m * n);
  tau = std::max(tau, 1 / std::log10(s));
  return s / tau;
}

// posterior's .rhat: sqrt((B/W + n - 1) / n) with B = n var(chain means) and
// W the mean of the within-chain variances.
double rhat_of(const Draws& d) {
  if (degenerate(d.v) || d.n < 2 || d.chains < 2) return kNaN;
  std::vector<double> means(static_cast<size_t>(d.chains));
  double within = 0;
  for (int64_t c = 0; c < d.chains; ++c) {
    means[static_cast<size_t>(c)] = mean_of(d.chain(c), d.n);
    within += var_of(d.chain(c), d.n);
  }
  within /= static_cast<double>(d.chains);
  const double nd = static_cast<double>(d.n);
  const double between = nd * var_of(means.data(), d.chains);
  return std::sqrt((between / within + nd - 1) / nd);
}

// Rank normalisation over all draws: average ranks for ties, then
// qnorm((r - 3/8) / (S + 1/4)).
// NaN anywhere gives NaN everywhere (R's rank keeps NA, and NA poisons the
// diagnostic); +-inf rank as the extremes, as in R.
Draws z_scale(const Draws& d) {
  const size_t s = d.v.size();
  for (double a : d.v)
    if (std::isnan(a)) {
      Draws z = d;
      std::fill(z.v.begin(), z.v.end(), kNaN);
      return z;
    }
  std::vector<size_t> idx(s);
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return d.v[a] < d.v[b]; });
  Draws z = d;
  const double sd = static_cast<double>(s);
  for (size_t i = 0; i < s;) {
    size_t j = i + 1;
    while (j < s && d.v[idx[j]] == d.v[idx[i]]) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // average of i+1..j
    const double p = (rank - 0.375) / (sd + 0.25);
    const double q = -std::numbers::sqrt2 * boost::math::erfc_inv(2 * p);  // standard normal quantile
    for (size_t k = i; k < j; ++k) z.v[idx[k]] = q;
    i = j;
  }
  return z;
}

double ess_quantile_of(const Draws& d, double prob) {
  if (degenerate(d.v)) return kNaN;
  std::vector<double> sorted = d.v;
  std::sort(sorted.begin(), sorted.end());
  if (prob == 1) {
    const double len = static_cast<double>(sorted.size());
    prob = (len - 0.5) / len;
  }
  const double q = quantile_sorted(sorted, prob);
  Draws ind = d;
  for (double& a : ind.v) a = a <= q ? 1.0 : 0.0;
  return ess_of(split_chains(ind));
}

}  // namespace

Tensor autocovariance(const Tensor& x) {
  TYCHE_CHECK(x.dim() >= 1 && x.numel() > 0, "autocovariance",
              "expected a non-empty tensor of sequences along the last dim, got shape ", to_string(x.sizes()));
  const std::vector<double> v = to_doubles(x);
  const int64_t n = x.size(-1);
  std::vector<double> out(v.size());
  for (size_t off = 0; off < v.size(); off += static_cast<size_t>(n)) {
    const std::vector<double> ac = autocov(v.data() + off, n);
    std::copy(ac.begin(), ac.end(), out.begin() + static_cast<std::ptrdiff_t>(off));
  }
  Tensor r = from_blob(out.data(), x.sizes(), kFloat64, /*copy=*/true);
  return x.dtype() == kFloat32 ? r.to(kFloat32) : r;
}

Tensor autocorrelation(const Tensor& x) {
  TYCHE_CHECK(x.dim() >= 1 && x.numel() > 0, "autocorrelation",
              "expected a non-empty tensor of sequences along the last dim, got shape ", to_string(x.sizes()));
  const std::vector<double> v = to_doubles(x);
  const int64_t n = x.size(-1);
  std::vector<double> out(v.size());
  for (size_t off = 0; off < v.size(); off += static_cast<size_t>(n)) {
    const std::vector<double> ac = autocov(v.data() + off, n);
    for (int64_t t = 0; t < n; ++t) out[off + static_cast<size_t>(t)] = ac[static_cast<size_t>(t)] / ac[0];
  }
  Tensor r = from_blob(out.data(), x.sizes(), kFloat64, /*copy=*/true);
  return x.dtype() == kFloat32 ? r.to(kFloat32) : r;
}

double ess_basic(const Tensor& chains, bool split) {
  const Draws d = read_chains(chains, "ess_basic");
  return ess_of(split ? split_chains(d) : d);
}

double ess_mean(const Tensor& chains) { return ess_of(split_chains(read_chains(chains, "ess_mean"))); }

double ess_bulk(const Tensor& chains) {
  return ess_of(z_scale(split_chains(read_chains(chains, "ess_bulk"))));
}

double ess_quantile(const Tensor& chains, double prob) {
  TYCHE_CHECK(prob >= 0 && prob <= 1, "ess_quantile", "prob must lie in [0, 1], got ", prob);
  return ess_quantile_of(read_chains(chains, "ess_quantile"), prob);
}

double ess_tail(const Tensor& chains) {
  const Draws d = read_chains(chains, "ess_tail");
  return std::min(ess_quantile_of(d, 0.05), ess_quantile_of(d, 0.95));  // NaN if either is
}

double split_rhat(const Tensor& chains) {
  const Draws d = read_chains(chains, "split_rhat");
  const double bulk = rhat_of(z_scale(split_chains(d)));
  Draws folded = d;
  folded.v = fold_draws(d.v);
  const double tail = rhat_of(z_scale(split_chains(folded)));
  if (std::isnan(bulk) || std::isnan(tail)) return kNaN;
  return std::max(bulk, tail);
}

double rhat_basic(const Tensor& chains, bool split) {
  const Draws d = read_chains(chains, "rhat_basic");
  return rhat_of(split ? split_chains(d) : d);
}

double mcse_mean(const Tensor& chains) {
  const Draws d = read_chains(chains, "mcse_mean");
  const double sd = std::sqrt(var_of(d.v.data(), static_cast<int64_t>(d.v.size())));
  return sd / std::sqrt(ess_of(split_chains(d)));
}

double quantile(const Tensor& x, double prob) { return quantile(x, std::vector<double>{prob})[0]; }

std::vector<double> quantile(const Tensor& x, const std::vector<double>& probs) {
  std::vector<double> v = read_pooled(x, "quantile");
  for (double p : probs) TYCHE_CHECK(p >= 0 && p <= 1, "quantile", "prob must lie in [0, 1], got ", p);
  for (double a : v)
    if (std::isnan(a)) return std::vector<double>(probs.size(), kNaN);
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  out.reserve(probs.size());
  for (double p : probs) out.push_back(quantile_sorted(v, p));
  return out;
}

std::pair<double, double> hpdi(const Tensor& x, double prob) {
  std::vector<double> v = read_pooled(x, "hpdi");
  TYCHE_CHECK(prob > 0 && prob <= 1, "hpdi", "prob must lie in (0, 1], got ", prob);
  for (double a : v)
    if (std::isnan(a)) return {kNaN, kNaN};
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  const size_t inc = std::min(static_cast<size_t>(std::floor(prob * static_cast<double>(n))), n - 1);
  size_t best = 0;
  for (size_t i = 1; i + inc < n; ++i)
    if (v[i + inc] - v[i] < v[best + inc] - v[best]) best = i;
  return {v[best], v[best + inc]};
}

}  // namespace tyche::infer
