// MultivariateNormal, LowRankMultivariateNormal and LKJCholesky: log densities
// against closed forms computed here by hand (explicit inverses and
// determinants, products of Normals, the d = 2 LKJ density), agreement between
// parameterisations and between the low-rank and full forms, sampling checks
// with fixed seeds (moments within 5 standard errors, KS p-values > 1e-3),
// gradients against finite differences, and validation messages.
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>

#include "dist_testing.h"

namespace tyche::testing {
namespace {

namespace bm = boost::math;
using Mat = std::vector<std::vector<double>>;
using Vec = std::vector<double>;

// ---------------------------------------------------------------- hand-written references

Tensor to_tensor(const Mat& m) {
  Vec flat;
  for (const Vec& r : m) flat.insert(flat.end(), r.begin(), r.end());
  return tensor(flat, {static_cast<int64_t>(m.size()), static_cast<int64_t>(m[0].size())});
}

Mat to_mat(const Tensor& t) {
  Mat m(static_cast<size_t>(t.size(0)), Vec(static_cast<size_t>(t.size(1))));
  for (int64_t i = 0; i < t.size(0); ++i)
    for (int64_t j = 0; j < t.size(1); ++j) m[i][j] = at(t, {i, j});
  return m;
}

// Determinant and inverse of a 2x2 or 3x3 matrix by cofactors.
double det_small(const Mat& a) {
  if (a.size() == 2) return a[0][0] * a[1][1] - a[0][1] * a[1][0];
  return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
         a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
}

Mat inv_small(const Mat& a) {
  const double det = det_small(a);
  if (a.size() == 2) return {{a[1][1] / det, -a[0][1] / det}, {-a[1][0] / det, a[0][0] / det}};
  Mat inv(3, Vec(3));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      // Cyclic indices give the signed cofactor of a 3x3 matrix directly.
      double c = a[(i + 1) % 3][(j + 1) % 3] * a[(i + 2) % 3][(j + 2) % 3] -
                 a[(i + 1) % 3][(j + 2) % 3] * a[(i + 2) % 3][(j + 1) % 3];
      inv[j][i] = c / det;
    }
  return inv;
}

double ref_mvn_log_pdf(const Vec& x, const Vec& mu, const Mat& cov) {
  const Mat p = inv_small(cov);
  const size_t d = x.size();
  double q = 0;
  for (size_t i = 0; i < d; ++i)
    for (size_t j = 0; j < d; ++j) q += (x[i] - mu[i]) * p[i][j] * (x[j] - mu[j]);
  return -0.5 * q - 0.5 * std::log(det_small(cov)) - 0.5 * static_cast<double>(d) * std::log(2 * M_PI);
}

double ref_mvn_entropy(const Mat& cov) {
  const double d = static_cast<double>(cov.size());
  return 0.5 * d * (1 + std::log(2 * M_PI)) + 0.5 * std::log(det_small(cov));
}

Vec row(const Tensor& x, int64_t i) { return values(x.select(0, i).contiguous()); }

// Sigma for d = 3, and a lower-triangular factor of it written out.
const Mat kCov3 = {{2.0, 0.6, -0.4}, {0.6, 1.5, 0.3}, {-0.4, 0.3, 0.8}};
const Vec kLoc3 = {0.5, -1.0, 2.0};

// ---------------------------------------------------------------- MultivariateNormal

TEST(MultivariateNormal, LogProbMatchesExplicitInverseAndDeterminant) {
  const Mat cov2 = {{2.0, 0.6}, {0.6, 1.0}};
  const Vec loc2 = {1.0, -1.0};
  dist::MultivariateNormal d2(tensor(loc2, {2}), to_tensor(cov2));
  Tensor x2 = tensor({{0.0, 0.0}, {1.0, -1.0}, {3.0, 2.5}, {-4.0, 1.0}});
  Tensor lp2 = d2.log_prob(x2);
  ASSERT_EQ(lp2.sizes(), IntList({4}));
  for (int64_t i = 0; i < 4; ++i) EXPECT_NEAR(at(lp2, {i}), ref_mvn_log_pdf(row(x2, i), loc2, cov2), 1e-12);

  dist::MultivariateNormal d3(tensor(kLoc3, {3}), to_tensor(kCov3));
  Tensor x3 = tensor({{0.0, 0.0, 0.0}, {0.5, -1.0, 2.0}, {3.0, 2.5, -1.0}, {-2.0, 1.0, 4.0}});
  Tensor lp3 = d3.log_prob(x3);
  for (int64_t i = 0; i < 4; ++i) EXPECT_NEAR(at(lp3, {i}), ref_mvn_log_pdf(row(x3, i), kLoc3, kCov3), 1e-12);
  EXPECT_NEAR(d3.entropy().item<double>(), ref_mvn_entropy(kCov3), 1e-13);
  EXPECT_NEAR(d2.entropy().item<double>(), ref_mvn_entropy(cov2), 1e-13);
}

TEST(MultivariateNormal, DiagonalCovarianceIsAProductOfNormals) {
  const Vec loc = {0.3, -2.0, 1.0, 0.5}, sd = {0.5, 1.0, 2.0, 0.3};
  Tensor s = tensor(sd, {4});
  dist::MultivariateNormal d(tensor(loc, {4}), diag_embed(s * s));
  Tensor x = random_tensor({6, 4}, 3) * 3.0;
  Tensor lp = d.log_prob(x);
  for (int64_t i = 0; i < 6; ++i) {
    double e = 0;
    for (int64_t j = 0; j < 4; ++j)
      e += std::log(bm::pdf(bm::normal_distribution<double>(loc[j], sd[j]), at(x, {i, j})));
    EXPECT_TRUE(std::isfinite(e));
    EXPECT_NEAR(at(lp, {i}), e, 1e-10);
  }
  double h = 0;
  for (double v : sd) h += 0.5 * std::log(2 * M_PI * M_E * v * v);
  EXPECT_NEAR(d.entropy().item<double>(), h, 1e-12);
  EXPECT_TRUE(near(d.variance(), s * s, 1e-12));
  EXPECT_TRUE(near(d.mean(), tensor(loc, {4}), 0, 0));
}

TEST(MultivariateNormal, ThreeParameterisationsAgree) {
  Tensor cov = to_tensor(kCov3), loc = tensor(kLoc3, {3});
  Tensor prec = to_tensor(inv_small(kCov3));
  // Cholesky factor of kCov3 by the textbook recurrences.
  Mat l(3, Vec(3, 0.0));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = kCov3[i][j];
      for (int k = 0; k < j; ++k) s -= l[i][k] * l[j][k];
      l[i][j] = i == j ? std::sqrt(s) : s / l[j][j];
    }
  Tensor L = to_tensor(l);
  dist::MultivariateNormal by_cov(loc, dist::Covariance(cov)), by_plain(loc, cov),
      by_tril(loc, dist::ScaleTril(L)), by_prec(loc, dist::Precision(prec));
  Tensor x = random_tensor({5, 3}, 9) * 2.0;
  Tensor ref = by_cov.log_prob(x);
  for (const dist::MultivariateNormal* d : {&by_plain, &by_tril, &by_prec}) {
    EXPECT_TRUE(near(d->log_prob(x), ref, 1e-12, 1e-12));
    EXPECT_TRUE(near(d->scale_tril(), L, 1e-12, 1e-12));
    EXPECT_TRUE(near(d->covariance_matrix(), cov, 1e-12, 1e-12));
    EXPECT_TRUE(near(d->precision_matrix(), prec, 1e-12, 1e-12));
    EXPECT_NEAR(d->entropy().item<double>(), by_cov.entropy().item<double>(), 1e-12);
  }
  EXPECT_TRUE(near(by_cov.scale_tril(), L, 1e-12, 1e-12));
  EXPECT_TRUE(near(by_cov.precision_matrix(), prec, 1e-12, 1e-12));
  // The precision route's factor is lower triangular with a positive diagonal.
  EXPECT_TRUE(dist::constraints::lower_cholesky.check(by_prec.scale_tril()).item<bool>());
  EXPECT_TRUE(near(by_cov.variance(), tensor({2.0, 1.5, 0.8}), 1e-12));
}

TEST(MultivariateNormal, BatchDimsBroadcast) {
  Tensor loc = random_tensor({3, 2}, 1);
  Tensor L = tensor({{1.0, 0.0}, {0.5, 0.8}});
  dist::MultivariateNormal d(loc, dist::ScaleTril(L));
  EXPECT_EQ(d.batch_shape(), Shape({3}));
  EXPECT_EQ(d.event_shape(), Shape({2}));
  EXPECT_EQ(d.sample({4}).sizes(), IntList({4, 3, 2}));
  EXPECT_EQ(d.mean().sizes(), IntList({3, 2}));
  EXPECT_EQ(d.variance().sizes(), IntList({3, 2}));
  EXPECT_EQ(d.entropy().sizes(), IntList({3}));
  Tensor x = random_tensor({5, 1, 2}, 2) * 2.0;
  Tensor lp = d.log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({5, 3}));
  const Mat cov = to_mat(matmul(L, L.mT()));
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t j = 0; j < 3; ++j)
      EXPECT_NEAR(at(lp, {i, j}), ref_mvn_log_pdf(row(x.select(1, 0), i), row(loc, j), cov), 1e-12);

  // A batch of matrices against a batch of locs: [2, 1] x [3] -> [2, 3].
  Tensor Ls = stack({L, L * 2.0}).reshape({2, 1, 2, 2});
  dist::MultivariateNormal e(loc, dist::ScaleTril(Ls));
  EXPECT_EQ(e.batch_shape(), Shape({2, 3}));
  Tensor lpe = e.log_prob(x.unsqueeze(1));   // [5, 1, 1, 2]
  ASSERT_EQ(lpe.sizes(), IntList({5, 2, 3}));
  const Mat cov4 = to_mat(matmul(L * 2.0, (L * 2.0).mT()));
  EXPECT_NEAR(at(lpe, {4, 1, 2}), ref_mvn_log_pdf(row(x.select(1, 0), 4), row(loc, 2), cov4), 1e-12);
  EXPECT_EQ(e.rsample({7}).sizes(), IntList({7, 2, 3, 2}));
  // A value whose batch dims do not broadcast with [2, 3].
  EXPECT_ERROR(e.log_prob(zeros({4, 2}, kFloat64)), "MultivariateNormal", "batch");
}

TEST(MultivariateNormal, ExpandAndToEventKeepTheEventDim) {
  Generator gen(2);
  Tensor cov = to_tensor(kCov3), loc = tensor(kLoc3, {3});
  dist::MultivariateNormal d(loc, cov);
  auto e = d.expand({4});
  EXPECT_EQ(e.batch_shape(), Shape({4}));
  EXPECT_EQ(e.event_shape(), Shape({3}));
  Tensor x = e.sample(gen, {2});
  ASSERT_EQ(x.sizes(), IntList({2, 4, 3}));
  EXPECT_NE(at(x, {0, 0, 0}), at(x, {0, 1, 0}));
  Tensor lp = e.log_prob(x);
  ASSERT_EQ(lp.sizes(), IntList({2, 4}));
  EXPECT_NEAR(at(lp, {1, 2}), ref_mvn_log_pdf(row(x.select(0, 1), 2), kLoc3, kCov3), 1e-12);
  auto iid = e.to_event(1);
  EXPECT_EQ(iid.event_shape(), Shape({4, 3}));
  EXPECT_NEAR(iid.log_prob(x.select(0, 1)).item<double>(), lp.select(0, 1).sum().item<double>(), 1e-12);
}

TEST(MultivariateNormal, SamplesHaveTheMomentsAndProjections) {
  Generator gen(21);
  Tensor cov = to_tensor(kCov3), loc = tensor(kLoc3, {3});
  dist::MultivariateNormal d(loc, cov);
  const int64_t n = 40000;
  Tensor x = d.rsample(gen, {n});
  ASSERT_EQ(x.sizes(), IntList({n, 3}));
  expect_moments(x, d.mean(), d.variance());
  // Sample covariance vs Sigma, within 5 standard errors of a Gaussian sample
  // covariance: se_ij = sqrt((S_ii S_jj + S_ij^2) / n).
  Tensor c = x - x.mean({0});
  Tensor sc = matmul(c.mT(), c) / static_cast<double>(n);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      double se = std::sqrt((kCov3[i][i] * kCov3[j][j] + kCov3[i][j] * kCov3[i][j]) / n);
      EXPECT_NEAR(at(sc, {i, j}), kCov3[i][j], 5 * se) << i << "," << j;
    }
  // a^T x ~ Normal(a^T mu, a^T Sigma a).
  const Vec a = {0.3, -1.0, 0.5};
  double m = 0, v = 0;
  for (int i = 0; i < 3; ++i) {
    m += a[i] * kLoc3[i];
    for (int j = 0; j < 3; ++j) v += a[i] * kCov3[i][j] * a[j];
  }
  Tensor proj = matmul(x, tensor(a, {3}));
  bm::normal_distribution<double> ref(m, std::sqrt(v));
  EXPECT_GT(ks_pvalue(proj, [&](double y) { return bm::cdf(ref, y); }), 1e-3);
}

TEST(MultivariateNormal, RsampleGradientsMatchFiniteDifferences) {
  Tensor loc = tensor({0.3, -1.0, 0.5}).requires_grad_();
  Tensor L = tensor({{1.2, 0.0, 0.0}, {0.4, 0.7, 0.0}, {-0.3, 0.2, 0.9}}).requires_grad_();
  // tril() keeps the perturbed upper entries out of the factor, so each
  // finite-difference point is still a valid scale_tril.
  expect_rsample_gradients(
      [](const std::vector<Tensor>& p, Generator& g) {
        return dist::MultivariateNormal(p[0], dist::ScaleTril(tril(p[1]))).rsample(g, {4});
      },
      {loc, L});
  // Through a covariance (cholesky's backward) too.
  Tensor cov = to_tensor(kCov3).requires_grad_();
  expect_rsample_gradients(
      [](const std::vector<Tensor>& p, Generator& g) {
        return dist::MultivariateNormal(p[0], (p[1] + p[1].mT()) * 0.5).rsample(g, {4});
      },
      {loc, cov});
}

TEST(MultivariateNormal, LogProbGradientsMatchFiniteDifferences) {
  Tensor x = tensor({{0.1, 0.2, -0.3}, {1.5, -2.0, 0.7}});
  Tensor loc = tensor(kLoc3, {3}).requires_grad_();
  Tensor cov = to_tensor(kCov3).requires_grad_();
  Tensor prec = to_tensor(inv_small(kCov3)).requires_grad_();
  Tensor L = tensor({{1.2, 0.0, 0.0}, {0.4, 0.7, 0.0}, {-0.3, 0.2, 0.9}}).requires_grad_();
  // Symmetrised inside, so perturbing one off-diagonal entry keeps Sigma valid.
  auto sym = [](const Tensor& m) { return (m + m.mT()) * 0.5; };
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) { return dist::MultivariateNormal(p[0], sym(p[1])).log_prob(x).sum(); },
                {loc, cov}),
            "");
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) {
                  return dist::MultivariateNormal(p[0], dist::Precision(sym(p[1]))).log_prob(x).sum();
                },
                {loc, prec}),
            "");
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) {
                  return dist::MultivariateNormal(p[0], dist::ScaleTril(tril(p[1]))).log_prob(x).sum();
                },
                {loc, L}),
            "");
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) { return dist::MultivariateNormal(p[0], sym(p[1])).entropy(); },
                {loc, cov}),
            "");
  // d log p / d loc = Sigma^-1 (x - loc), written out.
  Tensor x0 = x.select(0, 1);
  Tensor loc1 = tensor(kLoc3, {3}).requires_grad_();
  dist::MultivariateNormal(loc1, to_tensor(kCov3)).log_prob(x0).backward();
  const Mat p = inv_small(kCov3);
  for (int64_t i = 0; i < 3; ++i) {
    double g = 0;
    for (int64_t j = 0; j < 3; ++j) g += p[i][j] * (at(x0, {j}) - kLoc3[j]);
    EXPECT_NEAR(at(loc1.grad(), {i}), g, 1e-12);
  }
}

TEST(MultivariateNormal, Float32ParametersStayFloat32) {
  Tensor loc = zeros({2}, kFloat32), L = eye(2, std::nullopt, kFloat32);
  dist::MultivariateNormal d(loc, dist::ScaleTril(L));
  EXPECT_EQ(d.sample({3}).dtype(), kFloat32);
  EXPECT_EQ(d.log_prob(zeros({2}, kFloat32)).dtype(), kFloat32);
  EXPECT_NEAR(d.log_prob(zeros({2}, kFloat32)).item<double>(), -std::log(2 * M_PI), 1e-6);
  // A 0-dim loc promotes with the matrix; a double loc vector and a float32 matrix give float64.
  EXPECT_EQ(dist::MultivariateNormal(zeros({2}, kFloat64), dist::ScaleTril(L)).scale_tril().dtype(), kFloat64);
}

TEST(MultivariateNormal, ValidationNamesDistributionParameterAndValue) {
  Tensor loc = zeros({2}, kFloat64);
  EXPECT_ERROR(dist::MultivariateNormal(loc, tensor({{1.0, 2.0}, {2.0, 1.0}})), "MultivariateNormal",
               "covariance_matrix", "positive_definite", "[[1., 2.]");
  EXPECT_ERROR(dist::MultivariateNormal(loc, tensor({{1.0, 0.5}, {0.0, 1.0}})), "MultivariateNormal",
               "covariance_matrix", "positive_definite");
  EXPECT_ERROR(dist::MultivariateNormal(loc, dist::Precision(tensor({{-1.0, 0.0}, {0.0, 1.0}}))),
               "MultivariateNormal", "precision_matrix", "positive_definite");
  EXPECT_ERROR(dist::MultivariateNormal(loc, dist::ScaleTril(tensor({{1.0, 0.3}, {0.0, 1.0}}))),
               "MultivariateNormal", "scale_tril", "lower_cholesky");
  EXPECT_ERROR(dist::MultivariateNormal(loc, dist::ScaleTril(tensor({{1.0, 0.0}, {0.3, -1.0}}))),
               "MultivariateNormal", "scale_tril", "lower_cholesky", "-1");
  EXPECT_ERROR(dist::MultivariateNormal(tensor({0.0, NAN}), eye(2, std::nullopt, kFloat64)), "MultivariateNormal",
               "loc", "real_vector", "nan");
  EXPECT_ERROR(dist::MultivariateNormal(zeros({3}, kFloat64), eye(2, std::nullopt, kFloat64)),
               "MultivariateNormal", "loc", "[3]", "covariance_matrix", "[2, 2]");
  EXPECT_ERROR(dist::MultivariateNormal(zeros({4, 2}, kFloat64), dist::ScaleTril(eye(2, std::nullopt, kFloat64).expand({3, 2, 2}))),
               "MultivariateNormal", "[4]", "[3]");
  EXPECT_ERROR(dist::MultivariateNormal(loc, zeros({2, 3}, kFloat64)), "MultivariateNormal", "square", "[2, 3]");
  EXPECT_ERROR(dist::MultivariateNormal(scalar_tensor(0.0), eye(2, std::nullopt, kFloat64)), "MultivariateNormal",
               "loc", "[]");
  dist::MultivariateNormal d(loc, eye(2, std::nullopt, kFloat64));
  EXPECT_ERROR(d.log_prob(zeros({3}, kFloat64)), "MultivariateNormal", "event shape");
  EXPECT_ERROR(d.log_prob(tensor({0.0, NAN})), "MultivariateNormal", "outside the support");
  {
    dist::ValidationGuard off(false);
    EXPECT_NO_THROW(dist::MultivariateNormal(loc, dist::ScaleTril(tensor({{1.0, 0.3}, {0.0, 1.0}}))));
  }
}

// ---------------------------------------------------------------- LowRankMultivariateNormal

struct LowRankCase {
  Tensor loc = random_tensor({2, 4}, 5);
  Tensor W = random_tensor({4, 2}, 6);
  Tensor D = abs(random_tensor({2, 4}, 7)) + 0.3;
};

TEST(LowRankMultivariateNormal, AgreesWithTheFullCovarianceForm) {
  LowRankCase c;
  dist::LowRankMultivariateNormal lr(c.loc, c.W, c.D);
  Tensor cov = matmul(c.W, c.W.mT()) + diag_embed(c.D);
  dist::MultivariateNormal full(c.loc, cov);
  EXPECT_EQ(lr.batch_shape(), Shape({2}));
  EXPECT_EQ(lr.event_shape(), Shape({4}));
  EXPECT_EQ(lr.rank(), 2);
  Tensor x = random_tensor({3, 2, 4}, 8) * 2.0;
  EXPECT_TRUE(near(lr.log_prob(x), full.log_prob(x), 1e-11, 1e-11));
  EXPECT_TRUE(near(lr.log_prob(x.select(0, 0).select(0, 1)), full.log_prob(x.select(0, 0).select(0, 1)), 1e-11, 1e-11));
  EXPECT_TRUE(near(lr.entropy(), full.entropy(), 1e-12, 1e-12));
  EXPECT_TRUE(near(lr.mean(), full.mean(), 0, 0));
  EXPECT_TRUE(near(lr.variance(), full.variance(), 1e-12, 1e-12));
  EXPECT_TRUE(near(lr.covariance_matrix(), cov, 1e-12, 1e-12));
  EXPECT_TRUE(near(lr.precision_matrix(), inverse(cov), 1e-10, 1e-10));
  EXPECT_TRUE(near(lr.scale_tril(), full.scale_tril(), 1e-12, 1e-12));
  // d = 3, r = 1 against the hand-written inverse and determinant.
  const Vec w = {0.8, -0.5, 0.3}, dd = {0.4, 1.1, 0.7};
  Mat cov3(3, Vec(3));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) cov3[i][j] = w[i] * w[j] + (i == j ? dd[i] : 0.0);
  dist::LowRankMultivariateNormal lr3(tensor(kLoc3, {3}), tensor(w, {3, 1}), tensor(dd, {3}));
  Tensor x3 = tensor({{0.0, 0.0, 0.0}, {3.0, -2.5, 1.0}});
  Tensor lp3 = lr3.log_prob(x3);
  for (int64_t i = 0; i < 2; ++i) EXPECT_NEAR(at(lp3, {i}), ref_mvn_log_pdf(row(x3, i), kLoc3, cov3), 1e-12);
  EXPECT_NEAR(lr3.entropy().item<double>(), ref_mvn_entropy(cov3), 1e-12);
}

TEST(LowRankMultivariateNormal, SamplesHaveTheCovariance) {
  Generator gen(5);
  const Vec w = {0.8, -0.5, 0.3, 1.0, 0.2, -0.7}, dd = {0.4, 1.1, 0.7};
  Tensor W = tensor(w, {3, 2}), D = tensor(dd, {3});
  dist::LowRankMultivariateNormal d(tensor(kLoc3, {3}), W, D);
  const int64_t n = 40000;
  Tensor x = d.rsample(gen, {n});
  ASSERT_EQ(x.sizes(), IntList({n, 3}));
  expect_moments(x, d.mean(), d.variance());
  Tensor cov = d.covariance_matrix();
  Tensor c = x - x.mean({0});
  Tensor sc = matmul(c.mT(), c) / static_cast<double>(n);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      double sij = at(cov, {i, j});
      double se = std::sqrt((at(cov, {i, i}) * at(cov, {j, j}) + sij * sij) / n);
      EXPECT_NEAR(at(sc, {i, j}), sij, 5 * se) << i << "," << j;
    }
  EXPECT_EQ(dist::LowRankMultivariateNormal(zeros({2, 3}, kFloat64), W, D).sample(gen, {4}).sizes(),
            IntList({4, 2, 3}));
}

TEST(LowRankMultivariateNormal, GradientsMatchFiniteDifferences) {
  LowRankCase c;
  Tensor loc = c.loc.requires_grad_(), W = c.W.requires_grad_(), D = c.D.requires_grad_();
  expect_rsample_gradients(
      [](const std::vector<Tensor>& p, Generator& g) {
        return dist::LowRankMultivariateNormal(p[0], p[1], p[2]).rsample(g, {3});
      },
      {loc, W, D});
  Tensor x = random_tensor({3, 2, 4}, 8) * 2.0;
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) {
                  return dist::LowRankMultivariateNormal(p[0], p[1], p[2]).log_prob(x).sum();
                },
                {loc, W, D}),
            "");
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) {
                  return dist::LowRankMultivariateNormal(p[0], p[1], p[2]).entropy().sum();
                },
                {loc, W, D}),
            "");
}

TEST(LowRankMultivariateNormal, ValidationNamesDistributionParameterAndValue) {
  Tensor loc = zeros({3}, kFloat64), W = ones({3, 2}, kFloat64);
  EXPECT_ERROR(dist::LowRankMultivariateNormal(loc, W, tensor({1.0, 0.0, 1.0})), "LowRankMultivariateNormal",
               "cov_diag", "positive");
  EXPECT_ERROR(dist::LowRankMultivariateNormal(loc, tensor({{1.0, NAN}, {0.0, 0.0}, {0.0, 0.0}}), ones({3}, kFloat64)),
               "LowRankMultivariateNormal", "cov_factor", "nan");
  EXPECT_ERROR(dist::LowRankMultivariateNormal(loc, ones({4, 2}, kFloat64), ones({3}, kFloat64)),
               "LowRankMultivariateNormal", "[3]", "[4, 2]", "disagree");
  EXPECT_ERROR(dist::LowRankMultivariateNormal(zeros({2, 3}, kFloat64), W, ones({4, 3}, kFloat64)),
               "LowRankMultivariateNormal", "[2]", "[4]");
  dist::LowRankMultivariateNormal d(loc, W, ones({3}, kFloat64));
  EXPECT_ERROR(d.log_prob(zeros({2}, kFloat64)), "LowRankMultivariateNormal", "event shape");
}

// ---------------------------------------------------------------- LKJCholesky

Tensor corr2_factor(double r) { return tensor({{1.0, 0.0}, {r, std::sqrt(1 - r * r)}}); }

TEST(LKJCholesky, D2IsTheCorrelationDensity) {
  // For d = 2, L[1, 0] = r has density (1 - r^2)^(eta - 1) / (2^(2 eta - 1) B(eta, eta)).
  for (double eta : {0.5, 1.0, 2.5, 7.0}) {
    dist::LKJCholesky d(2, eta);
    EXPECT_EQ(d.event_shape(), Shape({2, 2}));
    EXPECT_EQ(d.batch_shape(), Shape({}));
    for (double r : {-0.9, -0.3, 0.0, 0.5, 0.95}) {
      double e = (eta - 1) * std::log(1 - r * r) - (2 * eta - 1) * std::log(2.0) - std::log(bm::beta(eta, eta));
      EXPECT_NEAR(d.log_prob(corr2_factor(r)).item<double>(), e, 1e-12) << "eta " << eta << " r " << r;
    }
  }
  // A batch of concentrations against a batch of values: [5, 1] x [3] -> [5, 3].
  Tensor eta = tensor({0.5, 1.0, 4.0});
  dist::LKJCholesky d(2, eta);
  EXPECT_EQ(d.batch_shape(), Shape({3}));
  std::vector<Tensor> ls;
  const Vec rs = {-0.8, -0.1, 0.0, 0.3, 0.99};
  for (double r : rs) ls.push_back(corr2_factor(r));
  Tensor lp = d.log_prob(stack(ls).reshape({5, 1, 2, 2}));
  ASSERT_EQ(lp.sizes(), IntList({5, 3}));
  EXPECT_NEAR(at(lp, {4, 2}), 3.0 * std::log(1 - 0.99 * 0.99) - 7.0 * std::log(2.0) - std::log(bm::beta(4.0, 4.0)),
              1e-12);
}

TEST(LKJCholesky, UniformCaseGivesTheVolumeOfCorrelationMatrices) {
  // eta = 1 is uniform over correlation matrices; the d = 3 set has volume
  // pi^2 / 2 (and the d = 2 set length 2), and p(L) at L = I is 1 / volume.
  EXPECT_NEAR(dist::LKJCholesky(3, 1.0).log_prob(eye(3, std::nullopt, kFloat64)).item<double>(),
              -std::log(M_PI * M_PI / 2), 1e-13);
  EXPECT_NEAR(dist::LKJCholesky(2, 1.0).log_prob(eye(2, std::nullopt, kFloat64)).item<double>(), -std::log(2.0),
              1e-13);
  EXPECT_NEAR(dist::LKJCholesky(4, 1.0).log_prob(eye(4, std::nullopt, kFloat64)).item<double>(),
              -std::log(32 * M_PI * M_PI / 27), 1e-13);
}

TEST(LKJCholesky, D3DrawsAndDensityAgree) {
  // E_p[1 / p(L)] = measure of the support = 2 pi for d = 3 (see below), which
  // ties the sampler's joint law to log_prob. 1 / p has finite variance for
  // eta < 2; checked within 5 standard errors (n = 100000, fixed seed).
  Generator gen(31);
  const int64_t n = 100000;
  for (double eta : {1.0, 1.3}) {
    dist::LKJCholesky d(3, eta);
    Tensor w = exp(-d.log_prob(d.sample(gen, {n}))) / (2 * M_PI);
    const double m = w.mean().item<double>(), se = w.std().item<double>() / std::sqrt(static_cast<double>(n));
    EXPECT_LT(se, 0.02) << "eta " << eta;
    EXPECT_NEAR(m, 1.0, 5 * se) << "eta " << eta;
  }
}

TEST(LKJCholesky, D3DensityIntegratesToOne) {
  // The strictly lower entries of a 3x3 corr_cholesky factor range over
  // (-1, 1) x unit disk (rows have unit norm), a set of measure 2 pi. With
  // uniform draws U on it, 2 pi E[p(U)] = 1; checked within 5 standard errors
  // (n = 200000, fixed seed), the standard error being under 1%.
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  const int64_t n = 200000;
  std::vector<double> v(static_cast<size_t>(n * 9), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    double* m = &v[static_cast<size_t>(i * 9)];
    const double a = 2 * u01(rng) - 1, rad = std::sqrt(u01(rng)), th = 2 * M_PI * u01(rng);
    const double b = rad * std::cos(th), c = rad * std::sin(th);
    m[0] = 1;
    m[3] = a;
    m[4] = std::sqrt(1 - a * a);
    m[6] = b;
    m[7] = c;
    m[8] = std::sqrt(std::max(1 - b * b - c * c, 1e-300));
  }
  Tensor L = tensor(v, {n, 3, 3});
  for (double eta : {1.0, 1.5, 3.0}) {
    Tensor p = exp(dist::LKJCholesky(3, eta).log_prob(L)) * (2 * M_PI);
    const double m = p.mean().item<double>(), se = p.std().item<double>() / std::sqrt(static_cast<double>(n));
    EXPECT_LT(se, 0.01) << "eta " << eta;
    EXPECT_NEAR(m, 1.0, 5 * se) << "eta " << eta;
  }
}

TEST(LKJCholesky, MarginalCorrelationsAreBeta) {
  // Each off-diagonal (L L^T)_ij is Beta(eta - 1 + d/2, eta - 1 + d/2) on (-1, 1).
  Generator gen(29);
  const int64_t n = 4000;
  for (int64_t d : {3, 4})
    for (double eta : {0.6, 1.0, 3.0}) {
      dist::LKJCholesky lkj(d, eta);
      Tensor L = lkj.sample(gen, {n});
      ASSERT_EQ(L.sizes(), IntList({n, d, d}));
      EXPECT_TRUE(all(dist::constraints::corr_cholesky.check(L)).item<bool>());
      Tensor C = matmul(L, L.mT());
      const double a = eta - 1 + static_cast<double>(d) / 2;
      bm::beta_distribution<double> ref(a, a);
      for (int64_t i = 1; i < d; ++i)
        for (int64_t j = 0; j < i; ++j) {
          Tensor r = C.select(-2, i).select(-1, j).contiguous();
          EXPECT_GT(ks_pvalue(r, [&](double x) { return bm::cdf(ref, std::clamp((x + 1) / 2, 0.0, 1.0)); }), 1e-3)
              << "d " << d << " eta " << eta << " C[" << i << ", " << j << "]";
        }
    }
}

TEST(LKJCholesky, BatchedSamplesAndLogProbShapes) {
  Generator gen(3);
  dist::LKJCholesky d(4, tensor({0.5, 2.0}));
  EXPECT_FALSE(d.has_rsample());
  Tensor L = d.sample(gen, {6});
  ASSERT_EQ(L.sizes(), IntList({6, 2, 4, 4}));
  EXPECT_TRUE(all(dist::constraints::corr_cholesky.check(L)).item<bool>());
  Tensor lp = d.log_prob(L);
  ASSERT_EQ(lp.sizes(), IntList({6, 2}));
  EXPECT_TRUE(all(isfinite(lp)).item<bool>());
  EXPECT_ERROR(d.rsample(gen, {1}), "LKJCholesky", "rsample");
  Tensor f = dist::LKJCholesky(3, tensor({2.0}, kFloat32)).sample(gen, {100});
  EXPECT_EQ(f.dtype(), kFloat32);
  EXPECT_TRUE(all(dist::constraints::corr_cholesky.check(f)).item<bool>());
}

TEST(LKJCholesky, LogProbIsDifferentiableInTheConcentration) {
  Generator gen(4);
  Tensor L = dist::LKJCholesky(4, 1.5).sample(gen, {3});
  Tensor eta = tensor({0.7, 2.5}).requires_grad_();
  EXPECT_EQ(autograd::check_gradients(
                [&](const std::vector<Tensor>& p) {
                  return dist::LKJCholesky(4, p[0]).log_prob(L.unsqueeze(1)).sum();
                },
                {eta}),
            "");
}

TEST(LKJCholesky, ValidationNamesDistributionParameterAndValue) {
  EXPECT_ERROR(dist::LKJCholesky(3, 0.0), "LKJCholesky", "concentration", "positive", "0");
  EXPECT_ERROR(dist::LKJCholesky(3, tensor({1.0, -2.0})), "LKJCholesky", "concentration", "positive", "-2");
  EXPECT_ERROR(dist::LKJCholesky(1, 1.0), "LKJCholesky", "dim", "1");
  dist::LKJCholesky d(2, 1.5);
  EXPECT_ERROR(d.log_prob(tensor({{1.0, 0.0}, {0.5, 0.5}})), "LKJCholesky", "outside the support", "corr_cholesky");
  EXPECT_ERROR(d.log_prob(tensor({{1.0, 0.2}, {0.0, 1.0}})), "LKJCholesky", "outside the support", "corr_cholesky");
  EXPECT_ERROR(d.log_prob(eye(3, std::nullopt, kFloat64)), "LKJCholesky", "event shape");
}

}  // namespace
}  // namespace tyche::testing
