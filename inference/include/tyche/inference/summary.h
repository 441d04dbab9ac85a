#pragma once
// Posterior summaries as Stan's and ArviZ's: per scalar element of each site,
// mean, sd, the central prob interval's quantiles and the median, bulk and
// tail ESS and rank-normalised split R-hat (Vehtari et al. 2021).
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "tyche/tensor.h"

namespace tyche::infer {

struct SummaryRow {
  std::string name;   // "mu", or "theta[3]" / "L[1,0]" (0-based) for an element of a site
  double mean, sd;
  double lower, median, upper;   // quantiles (1 - prob) / 2, 0.5, (1 + prob) / 2
  double ess_bulk, ess_tail, r_hat;
};

// One row per element of each site; draws: site -> [num_chains, num_draws, ...shape].
std::vector<SummaryRow> summarize(const std::map<std::string, Tensor>& draws, double prob = 0.9);
// A table of rows, e.g. "  mu  4.42  3.31  -1.06  4.41  9.88  1893.2  2011.5  1.00";
// the quantile columns are headed by their percentages.
void print_summary(std::ostream& os, const std::vector<SummaryRow>& rows, double prob = 0.9);

}  // namespace tyche::infer
