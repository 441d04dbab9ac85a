#pragma once
// MCMC diagnostics, computed as the R package `posterior` (1.4.0) does
// (Vehtari, Gelman, Simpson, Carpenter, Buerkner 2021, "Rank-normalization,
// folding, and localization: an improved R-hat"):
//
//   double ess = infer::ess_bulk(chains);     // chains: [num_chains, num_draws]
//   double rh  = infer::split_rhat(chains);
//
// Chain diagnostics take a tensor of shape [num_chains, num_draws] (any real
// dtype, any device; read as float64 on the CPU). Chains are split in halves
// (with an odd number of draws the middle draw is dropped). Where posterior
// returns NA the result is NaN: a NaN draw (an infinite one for the diagnostics
// not based on ranks), constant input, or too few
// draws (fewer than 3 per split chain for an ESS). Shape errors throw
// tyche::Error naming the function and the shape. One deliberate difference:
// split_rhat ties the two middle draws of an even count in the folded draws
// (exactly equidistant from the median), where posterior ties them or not by
// the rounding of the median; the two agree to ~1e-6 relative.
#include <cstdint>
#include <utility>
#include <vector>

#include "tyche/tensor.h"

namespace tyche::infer {

// Autocovariance of each sequence along the last dim, for every lag t, by FFT:
// sum_i (x_i - m)(x_{i+t} - m) / N (Geyer's biased estimate). Same shape; zero
// for a constant sequence.
Tensor autocovariance(const Tensor& x);

// Autocorrelation along the last dim: autocovariance / its lag-0 value (1 at
// lag 0; NaN for a constant sequence).
Tensor autocorrelation(const Tensor& x);

// ESS of the raw draws (split chains when split), with Geyer's initial positive
// and initial monotone sequences and the improved last term (posterior's ess_basic).
double ess_basic(const Tensor& chains, bool split = true);

// ESS for the mean: ess_basic of the split chains (posterior's ess_mean).
double ess_mean(const Tensor& chains);

// Bulk ESS: ESS of the rank-normalised split chains.
double ess_bulk(const Tensor& chains);

// ESS of the quantile at prob: ESS of the indicator draws <= quantile(prob), split.
double ess_quantile(const Tensor& chains, double prob);

// Tail ESS: the smaller of the ESS of the 5% and the 95% quantiles.
double ess_tail(const Tensor& chains);

// Rank-normalised split R-hat: the larger of the R-hat of the rank-normalised
// split chains and of the rank-normalised folded draws |x - median| (posterior's rhat).
double split_rhat(const Tensor& chains);

// Classic R-hat (Gelman et al. 2013) of the draws, split chains when split.
double rhat_basic(const Tensor& chains, bool split = true);

// Monte Carlo standard error of the mean: sd of all draws / sqrt(ess_mean).
double mcse_mean(const Tensor& chains);

// Quantile of all elements of x pooled, R's default type 7 (linear interpolation
// between order statistics); prob in [0, 1].
double quantile(const Tensor& x, double prob);
std::vector<double> quantile(const Tensor& x, const std::vector<double>& probs);

// Highest posterior density interval: the shortest interval [lo, hi] between two
// pooled draws holding floor(prob * n) + 1 of the n draws; prob in (0, 1].
std::pair<double, double> hpdi(const Tensor& x, double prob);

}  // namespace tyche::infer
