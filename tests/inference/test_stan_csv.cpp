// Stan CSV: column names and column-major flattening as Stan writes them, a
// written file parsing back to the same values (exactly), comments, a file
// cut mid-row keeping its complete rows, and errors naming path and line.
#include <tyche/inference.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

#include "../test_util.h"

namespace tyche::testing {
namespace {

using infer::read_stan_csv;
using infer::StanCsvWriter;

std::string temp_path(const char* name) { return ::testing::TempDir() + name; }

TEST(StanCsv, ColumnNamesAreColumnMajorAndOneBased) {
  EXPECT_EQ(infer::stan_column_names("mu", {}), std::vector<std::string>{"mu"});
  EXPECT_EQ(infer::stan_column_names("theta", {3}), (std::vector<std::string>{"theta.1", "theta.2", "theta.3"}));
  EXPECT_EQ(infer::stan_column_names("L", {2, 3}),
            (std::vector<std::string>{"L.1.1", "L.2.1", "L.1.2", "L.2.2", "L.1.3", "L.2.3"}));
  // stan_flatten follows the same order: L[i][j] = 10 i + j.
  Tensor L = tensor({{0.0, 1.0, 2.0}, {10.0, 11.0, 12.0}});
  EXPECT_EQ(infer::stan_flatten(L), (std::vector<double>{0, 10, 1, 11, 2, 12}));
  EXPECT_EQ(infer::stan_flatten(scalar_tensor(2.5)), std::vector<double>{2.5});
}

TEST(StanCsv, WrittenFileParsesBackExactly) {
  const std::string path = temp_path("tyche_stan_roundtrip.csv");
  const std::vector<std::string> cols = {"lp__", "accept_stat__", "theta.1", "theta.2"};
  std::vector<std::vector<double>> rows = {
      {-7.25, 0.93, 1.0 / 3.0, -2e-300},
      {-6.5, 1.0, std::numeric_limits<double>::infinity(), 123456789.123456789},
      {-8.0, 0.0, -std::numeric_limits<double>::infinity(), std::nan("")},
  };
  {
    StanCsvWriter w(path, cols, {"model = eight_schools", "method = sample (Default)"});
    w.row(rows[0]);
    w.comment("Adaptation terminated");
    w.comment("Step size = 0.4");
    w.row(rows[1]);
    w.row(rows[2]);
  }
  infer::StanCsv csv = read_stan_csv(path);
  EXPECT_EQ(csv.columns, cols);
  EXPECT_EQ(csv.comments, (std::vector<std::string>{"model = eight_schools", "method = sample (Default)",
                                                     "Adaptation terminated", "Step size = 0.4"}));
  ASSERT_EQ(csv.rows.size(), 3u);
  for (size_t i = 0; i < 3; ++i)
    for (size_t j = 0; j < 4; ++j) {
      if (std::isnan(rows[i][j])) {
        EXPECT_TRUE(std::isnan(csv.rows[i][j]));
      } else {
        EXPECT_EQ(csv.rows[i][j], rows[i][j]) << i << "," << j;  // bit-exact
      }
    }
  EXPECT_EQ(csv.column("lp__"), (std::vector<double>{-7.25, -6.5, -8.0}));
  EXPECT_ERROR(csv.column("sigma"), "no column named 'sigma'");
  std::remove(path.c_str());
}

TEST(StanCsv, FileCutMidRunKeepsCompleteRows) {
  const std::string path = temp_path("tyche_stan_cut.csv");
  {
    StanCsvWriter w(path, {"lp__", "mu", "tau"});
    for (int i = 0; i < 10; ++i) w.row({-1.0 * i, 0.5 * i, 1.0 + i});
  }
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Cut inside the last row, then just after its first comma, then right after a newline.
  const size_t last_row = text.rfind('\n', text.size() - 2) + 1;
  for (size_t cut : {text.size() - 3, last_row + 3, last_row}) {
    {
      std::ofstream out(path, std::ios::trunc);
      out << text.substr(0, cut);
    }
    infer::StanCsv csv = read_stan_csv(path);
    ASSERT_EQ(csv.rows.size(), 9u) << cut;
    EXPECT_EQ(csv.rows[8], (std::vector<double>{-8.0, 4.0, 9.0}));
  }
  std::remove(path.c_str());
}

TEST(StanCsv, ErrorsNameThePathAndLine) {
  EXPECT_ERROR(read_stan_csv("/nonexistent/dir/draws.csv"), "cannot open '/nonexistent/dir/draws.csv'");
  EXPECT_ERROR(StanCsvWriter("/nonexistent/dir/draws.csv", {"a"}), "cannot open '/nonexistent/dir/draws.csv'");
  const std::string path = temp_path("tyche_stan_bad.csv");
  {
    std::ofstream out(path);
    out << "# comment\nlp__,mu\n1,2\n3,oops\n";
  }
  EXPECT_ERROR(read_stan_csv(path), "line 4, column 'mu': 'oops' is not a number");
  {
    std::ofstream out(path);
    out << "lp__,mu\n1,2\n3\n4,5\n";
  }
  EXPECT_ERROR(read_stan_csv(path), "line 3: 1 fields, the header has 2");
  {
    StanCsvWriter w(path, {"a", "b"});
    EXPECT_ERROR(w.row({1.0}), "a row of 1 values for the 2 columns");
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace tyche::testing
