#include "tyche/inference/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tyche/inference/diagnostics.h"

namespace tyche::infer {

namespace {
// "[i,j]" of flat row-major element k of shape.
std::string element_suffix(IntList shape, int64_t k) {
  if (shape.size() == 0) return "";
  std::vector<int64_t> idx(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = k % shape[d];
    k /= shape[d];
  }
  std::string s = "[";
  for (size_t d = 0; d < idx.size(); ++d) {
    if (d > 0) s += ',';
    s += std::to_string(idx[d]);
  }
  return s + "]";
}

std::string format_percent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", 100 * p);
  return buf;
}
}  // namespace

std::vector<SummaryRow> summarize(const std::map<std::string, Tensor>& draws, double prob) {
  TYCHE_CHECK(prob > 0 && prob < 1, "summarize", "prob must lie in (0, 1), got ", prob);
  std::vector<SummaryRow> rows;
  for (const auto& [name, value] : draws) {
    TYCHE_CHECK(value.dim() >= 2, "summarize", "site '", name,
                "' needs draws shaped [num_chains, num_draws, ...], got ", value.sizes());
    const int64_t chains = value.size(0), n = value.size(1);
    const Tensor flat = value.to(kFloat64).reshape({chains, n, -1}).contiguous();
    const Shape shape(value.sizes().begin() + 2, value.sizes().end());
    for (int64_t k = 0; k < flat.size(2); ++k) {
      const Tensor x = flat.index({Slice(), Slice(), k}).contiguous();
      SummaryRow r;
      r.name = name + element_suffix(IntList(shape), k);
      r.mean = x.mean().item<double>();
      r.sd = chains * n > 1 ? x.reshape({-1}).std().item<double>() : 0.0;
      const std::vector<double> q = quantile(x, {(1 - prob) / 2, 0.5, (1 + prob) / 2});
      r.lower = q[0];
      r.median = q[1];
      r.upper = q[2];
      r.ess_bulk = ess_bulk(x);
      r.ess_tail = ess_tail(x);
      r.r_hat = split_rhat(x);
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

void print_summary(std::ostream& os, const std::vector<SummaryRow>& rows, double prob) {
  size_t width = 4;
  for (const SummaryRow& r : rows) width = std::max(width, r.name.size());
  char buf[256];
  std::snprintf(buf, sizeof buf, "%*s %9s %9s %9s %9s %9s %9s %9s %7s\n", static_cast<int>(width), "", "mean", "sd",
                format_percent((1 - prob) / 2).c_str(), "50%", format_percent((1 + prob) / 2).c_str(), "ess_bulk",
                "ess_tail", "r_hat");
  os << buf;
  for (const SummaryRow& r : rows) {
    std::snprintf(buf, sizeof buf, "%*s %9.3g %9.3g %9.3g %9.3g %9.3g %9.1f %9.1f %7.3f\n", static_cast<int>(width),
                  r.name.c_str(), r.mean, r.sd, r.lower, r.median, r.upper, r.ess_bulk, r.ess_tail, r.r_hat);
    os << buf;
  }
}

}  // namespace tyche::infer
