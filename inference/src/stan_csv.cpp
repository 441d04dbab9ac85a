#include "tyche/inference/stan_csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tyche::infer {

namespace {
std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// A field as Stan writes it: a decimal number, inf, -inf or nan.
bool parse_double(const std::string& field, double& out) {
  if (field == "nan" || field == "-nan") {
    out = std::nan("");
    return true;
  }
  if (field == "inf") {
    out = HUGE_VAL;
    return true;
  }
  if (field == "-inf") {
    out = -HUGE_VAL;
    return true;
  }
  if (field.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(field.c_str(), &end);
  return end == field.c_str() + field.size();
}

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}
}  // namespace

std::vector<std::string> stan_column_names(const std::string& name, IntList shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  if (shape.empty()) return {name};
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  std::vector<int64_t> idx(shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    std::string col = name;
    for (int64_t i : idx) {
      col += '.';
      col += std::to_string(i + 1);
    }
    out.push_back(std::move(col));
    for (size_t d = 0; d < idx.size(); ++d) {  // column-major: the first index runs fastest
      if (++idx[d] < shape.data()[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

std::vector<double> stan_flatten(const Tensor& value) {
  // Column-major = the row-major order of the tensor with its dims reversed.
  Shape perm;
  for (int64_t d = value.dim() - 1; d >= 0; --d) perm.push_back(d);
  return value.permute(IntList(perm)).to(kFloat64).contiguous().to_vector<double>();
}

StanCsvWriter::StanCsvWriter(const std::string& path, std::vector<std::string> columns,
                             const std::vector<std::string>& comments)
    : path_(path), columns_(std::move(columns)) {
  TYCHE_CHECK(!columns_.empty(), "StanCsvWriter", "no columns for '", path_, "'");
  file_ = std::fopen(path_.c_str(), "w");
  TYCHE_CHECK(file_ != nullptr, "StanCsvWriter", "cannot open '", path_, "' for writing: ", std::strerror(errno));
  for (const std::string& c : comments) comment(c);
  std::string header;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i) header += ',';
    header += columns_[i];
  }
  header += '\n';
  check_write(std::fputs(header.c_str(), file_));
  check_write(std::fflush(file_));
}

StanCsvWriter::~StanCsvWriter() {
  if (file_) std::fclose(file_);
}

void StanCsvWriter::check_write(int rc) {
  TYCHE_CHECK(rc >= 0, "StanCsvWriter", "writing '", path_, "' failed: ", std::strerror(errno));
}

void StanCsvWriter::comment(const std::string& text) {
  check_write(std::fprintf(file_, "#%s%s\n", text.empty() ? "" : " ", text.c_str()));
  check_write(std::fflush(file_));
}

void StanCsvWriter::row(const std::vector<double>& values) {
  TYCHE_CHECK(values.size() == columns_.size(), "StanCsvWriter", "a row of ", values.size(), " values for the ",
              columns_.size(), " columns of '", path_, "'");
  std::string line;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) line += ',';
    line += format_double(values[i]);
  }
  line += '\n';
  check_write(std::fputs(line.c_str(), file_));
  check_write(std::fflush(file_));
}

std::vector<double> StanCsv::column(const std::string& name) const {
  for (size_t j = 0; j < columns.size(); ++j) {
    if (columns[j] != name) continue;
    std::vector<double> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r[j]);
    return out;
  }
  throw Error("StanCsv: no column named '" + name + "'");
}

StanCsv read_stan_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TYCHE_CHECK(in.good(), "read_stan_csv", "cannot open '", path, "'");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  StanCsv out;
  size_t pos = 0;
  int64_t line_no = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const bool complete = nl != std::string::npos;
    std::string line = text.substr(pos, complete ? nl - pos : std::string::npos);
    pos = complete ? nl + 1 : text.size();
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      out.comments.push_back(line.size() > 1 && line[1] == ' ' ? line.substr(2) : line.substr(1));
      continue;
    }
    std::vector<std::string> fields = split_commas(line);
    if (out.columns.empty()) {
      TYCHE_CHECK(complete, "read_stan_csv", "'", path, "' ends inside its header line");
      out.columns = std::move(fields);
      continue;
    }
    if (!complete || fields.size() < out.columns.size()) {
      TYCHE_CHECK(!complete, "read_stan_csv", "'", path, "' line ", line_no, ": ", fields.size(), " fields, the header has ",
                  out.columns.size());
      break;  // the last row of a run cut short
    }
    TYCHE_CHECK(fields.size() == out.columns.size(), "read_stan_csv", "'", path, "' line ", line_no, ": ",
                fields.size(), " fields, the header has ", out.columns.size());
    std::vector<double> row(fields.size());
    for (size_t j = 0; j < fields.size(); ++j)
      TYCHE_CHECK(parse_double(fields[j], row[j]), "read_stan_csv", "'", path, "' line ", line_no, ", column '",
                  out.columns[j], "': '", fields[j], "' is not a number");
    out.rows.push_back(std::move(row));
  }
  TYCHE_CHECK(!out.columns.empty(), "read_stan_csv", "'", path, "' has no header line");
  return out;
}

}  // namespace tyche::infer
