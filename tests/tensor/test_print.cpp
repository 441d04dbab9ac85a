// Printing follows PyTorch's layout and always states shape and dtype.
#include <sstream>

#include "test_util.h"

using namespace tyche;

namespace {
std::string str(const Tensor& t) {
  std::ostringstream os;
  os << t;
  return os.str();
}
}  // namespace

TEST(Print, Vectors) {
  EXPECT_EQ(str(tensor({1.0, 2.5, -3.0})), "tensor([ 1.0000,  2.5000, -3.0000], shape=[3], dtype=float64)");
  EXPECT_EQ(str(tensor({1.0, 2.0})), "tensor([1., 2.], shape=[2], dtype=float64)");
  EXPECT_EQ(str(tensor({1, -20})), "tensor([  1, -20], shape=[2], dtype=int64)");
  EXPECT_EQ(str(tensor({true, false})), "tensor([ True, False], shape=[2], dtype=bool)");
  EXPECT_EQ(str(scalar_tensor(2.5)), "tensor(2.5000, dtype=float64)");
  EXPECT_EQ(str(zeros({0})), "tensor([], shape=[0], dtype=float32)");
  EXPECT_EQ(str(Tensor()), "tensor(undefined)");
}

TEST(Print, MatricesAndScientific) {
  EXPECT_EQ(str(arange(4, kFloat32).reshape({2, 2})), "tensor([[0., 1.],\n        [2., 3.]], shape=[2, 2], dtype=float32)");
  EXPECT_EQ(str(tensor({1e-5, 1.0})), "tensor([1.0000e-05, 1.0000e+00], shape=[2], dtype=float64)");
  EXPECT_EQ(str(tensor({NAN, 1.5})), "tensor([   nan, 1.5000], shape=[2], dtype=float64)");
}

TEST(Print, LargeTensorsAreElided) {
  std::string s = str(arange(2000));
  EXPECT_NE(s.find("[   0,    1,    2, ..., 1997, 1998, 1999]"), std::string::npos) << s;
  EXPECT_NE(s.find("shape=[2000]"), std::string::npos);
  std::string m = str(arange(4000).reshape({100, 40}));
  EXPECT_NE(m.find("..."), std::string::npos);
  EXPECT_LT(m.size(), 600u);
}
