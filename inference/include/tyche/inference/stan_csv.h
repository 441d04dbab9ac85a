#pragma once
// Stan's CSV layout (CmdStan's output, read by ArviZ, posterior, CmdStan's
// stansummary): '#' comment lines, one header line of column names, then one
// line per draw. Containers are flattened column-major with 1-based indices
// ("theta.1", "L.2.1" before "L.1.2"), as Stan does. The writer flushes each
// row, so a run cut short leaves a file whose complete rows all parse.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tyche/tensor.h"

namespace tyche::infer {

// Column names of a site with value shape `shape`: "mu" for a scalar, else
// "name.i.j..." in column-major order (the first index runs fastest).
std::vector<std::string> stan_column_names(const std::string& name, IntList shape);
// value's elements in the order of stan_column_names (column-major), as doubles.
std::vector<double> stan_flatten(const Tensor& value);

class StanCsvWriter {
 public:
  // Creates (truncates) path and writes the comment lines (without their '#')
  // and the header; throws tyche::Error naming path when it cannot.
  StanCsvWriter(const std::string& path, std::vector<std::string> columns,
                const std::vector<std::string>& comments = {});
  ~StanCsvWriter();
  StanCsvWriter(const StanCsvWriter&) = delete;
  StanCsvWriter& operator=(const StanCsvWriter&) = delete;

  // Appends "# text" (e.g. the adaptation results after warm-up).
  void comment(const std::string& text);
  // Appends one draw (values.size() == columns().size()), every double exactly
  // (17 significant digits; inf / -inf / nan as Stan writes them), then flushes.
  void row(const std::vector<double>& values);
  const std::vector<std::string>& columns() const { return columns_; }
  const std::string& path() const { return path_; }

 private:
  void check_write(int rc);
  std::string path_;
  std::vector<std::string> columns_;
  std::FILE* file_ = nullptr;
};

// A parsed Stan CSV file.
struct StanCsv {
  std::vector<std::string> comments;   // comment lines without the leading '#'
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  // The values of column `name` over the rows; throws naming it when absent.
  std::vector<double> column(const std::string& name) const;
};

// Reads a Stan CSV file. A last line without its newline or with fewer fields
// than the header (a run cut short) is dropped; a malformed complete line
// throws naming the path and line number.
StanCsv read_stan_csv(const std::string& path);

}  // namespace tyche::infer
