// Constraints: membership (check) on values inside, on the boundary and
// outside each set, event dims, names and the discrete flag.
#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace c = dist::constraints;

std::vector<double> checked(const dist::Constraint& k, const Tensor& v) { return values(k.check(v)); }

TEST(Constraints, ScalarSets) {
  Tensor v = tensor({-1.0, 0.0, 0.5, 1.0, 2.0, NAN});
  EXPECT_EQ(checked(c::real, v), (std::vector<double>{1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(checked(c::positive, v), (std::vector<double>{0, 0, 1, 1, 1, 0}));
  EXPECT_EQ(checked(c::nonnegative, v), (std::vector<double>{0, 1, 1, 1, 1, 0}));
  EXPECT_EQ(checked(c::unit_interval, v), (std::vector<double>{0, 1, 1, 1, 0, 0}));
  EXPECT_EQ(checked(c::interval(-1.0, 0.5), v), (std::vector<double>{1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(checked(c::greater_than(0.5), v), (std::vector<double>{0, 0, 0, 1, 1, 0}));
  EXPECT_EQ(checked(c::greater_than_eq(0.5), v), (std::vector<double>{0, 0, 1, 1, 1, 0}));
  EXPECT_EQ(checked(c::less_than(0.5), v), (std::vector<double>{1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(checked(c::boolean, v), (std::vector<double>{0, 1, 0, 1, 0, 0}));
  EXPECT_EQ(checked(c::nonnegative_integer, v), (std::vector<double>{0, 1, 0, 1, 1, 0}));
  EXPECT_EQ(checked(c::integer_interval(0.0, 1.0), v), (std::vector<double>{0, 1, 0, 1, 0, 0}));
  // Integer values against float bounds.
  EXPECT_EQ(checked(c::integer_interval(0.0, 2.0), tensor({-1, 0, 2, 3})), (std::vector<double>{0, 1, 1, 0}));
}

TEST(Constraints, TensorBoundsBroadcast) {
  dist::Constraint k = c::interval(tensor({0.0, 10.0}), tensor({1.0, 20.0}));
  Tensor v = tensor({0.5, 0.5, 15.0, 15.0}).reshape({2, 2});
  EXPECT_EQ(checked(k, v), (std::vector<double>{1, 0, 0, 1}));
  EXPECT_EQ(k.to_string(), "interval(tensor[2], tensor[2])");
}

TEST(Constraints, VectorAndMatrixSets) {
  Tensor simplex = tensor({0.2, 0.3, 0.5, 0.2, 0.3, 0.6}).reshape({2, 3});
  EXPECT_EQ(checked(c::simplex, simplex), (std::vector<double>{1, 0}));
  EXPECT_EQ(checked(c::simplex, tensor({-0.1, 0.6, 0.5})), (std::vector<double>{0}));
  EXPECT_EQ(checked(c::one_hot, tensor({0.0, 1.0, 0.0, 1.0, 1.0, 0.0}).reshape({2, 3})), (std::vector<double>{1, 0}));
  EXPECT_EQ(checked(c::multinomial(scalar_tensor(4.0)), tensor({1.0, 3.0, 0.0, 1.0, 2.0, 0.0}).reshape({2, 3})),
            (std::vector<double>{1, 0}));
  Tensor l = tensor({{1.0, 0.0}, {0.5, 2.0}});
  EXPECT_EQ(checked(c::lower_cholesky, l), (std::vector<double>{1}));
  EXPECT_EQ(checked(c::lower_cholesky, tensor({{1.0, 0.1}, {0.5, 2.0}})), (std::vector<double>{0}));
  EXPECT_EQ(checked(c::lower_cholesky, tensor({{1.0, 0.0}, {0.5, -2.0}})), (std::vector<double>{0}));
  const double s = std::sqrt(1 - 0.36);
  EXPECT_EQ(checked(c::corr_cholesky, tensor({{1.0, 0.0}, {0.6, s}})), (std::vector<double>{1}));
  EXPECT_EQ(checked(c::corr_cholesky, l), (std::vector<double>{0}));
  Tensor pd = stack({tensor({{2.0, 0.5}, {0.5, 1.0}}), tensor({{1.0, 2.0}, {2.0, 1.0}}), tensor({{1.0, 0.5}, {0.4, 1.0}})});
  EXPECT_EQ(checked(c::positive_definite, pd), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(c::simplex.event_dim(), 1);
  EXPECT_EQ(c::positive_definite.event_dim(), 2);
}

TEST(Constraints, IndependentReducesTheRightmostDims) {
  dist::Constraint k = c::independent(c::positive, 1);
  EXPECT_EQ(k.event_dim(), 1);
  EXPECT_EQ(checked(k, tensor({1.0, 2.0, 3.0, -1.0}).reshape({2, 2})), (std::vector<double>{1, 0}));
  EXPECT_EQ(c::real_vector.to_string(), "real_vector");
  EXPECT_EQ(c::independent(c::simplex, 1).event_dim(), 2);
  EXPECT_ERROR(c::real_vector.check(scalar_tensor(1.0)), "real_vector", "fewer than 1 dims");
}

TEST(Constraints, DiscreteFlagAndNames) {
  EXPECT_TRUE(c::boolean.is_discrete());
  EXPECT_TRUE(c::nonnegative_integer.is_discrete());
  EXPECT_TRUE(c::integer_interval(0.0, 3.0).is_discrete());
  EXPECT_TRUE(c::one_hot.is_discrete());
  EXPECT_FALSE(c::positive.is_discrete());
  EXPECT_FALSE(c::simplex.is_discrete());
  EXPECT_EQ(c::greater_than(2.5).to_string(), "greater_than(2.5)");
  EXPECT_EQ(c::integer_interval(0.0, 3.0).to_string(), "integer_interval(0, 3)");
}

}  // namespace
}  // namespace tyche::testing
