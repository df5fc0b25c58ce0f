#include "model/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "model/standard_errors.h"

namespace encore::plugins::predictive {
namespace {

double Rosenbrock(const std::vector<double>& x, std::vector<double>* g) {
  const double a = 1 - x[0], b = x[1] - x[0] * x[0];
  (*g)[0] = -2 * a - 400 * x[0] * b;
  (*g)[1] = 200 * b;
  return a * a + 100 * b * b;
}

TEST(BfgsTest, MinimisesRosenbrock) {
  const BfgsResult r = MinimizeBfgs(Rosenbrock, {-1.2, 1.0});
  EXPECT_TRUE(r.converged) << r.message;
  EXPECT_NEAR(r.x[0], 1, 1e-7);
  EXPECT_NEAR(r.x[1], 1, 1e-7);
  EXPECT_LT(r.iterations, 100);
  EXPECT_EQ(r.diverged_coordinate, -1);
}

TEST(BfgsTest, MinimisesAnIllConditionedQuadratic) {
  // f = sum_i c_i (x_i - i)^2 with curvatures from 1e-4 to 1e4.
  const std::vector<double> curvature = {1e-4, 1, 1e2, 1e4};
  auto f = [&](const std::vector<double>& x, std::vector<double>* g) {
    double v = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      v += curvature[i] * (x[i] - i) * (x[i] - i);
      (*g)[i] = 2 * curvature[i] * (x[i] - i);
    }
    return v;
  };
  BfgsOptions options;
  options.gradient_tolerance = 1e-12;
  const BfgsResult r = MinimizeBfgs(f, {3, 3, 3, 3}, options);
  EXPECT_TRUE(r.converged) << r.message;
  for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(r.x[i], i, 1e-6) << i;
}

TEST(BfgsTest, AStartingCurvatureModelSavesIterations) {
  // f = sum_i c_i (x_i - 1)^2: with the exact inverse Hessian diag(1 / 2c_i) the first
  // quasi-Newton step lands on the minimum.
  const std::vector<double> c = {1e-3, 1, 1e3};
  auto f = [&](const std::vector<double>& x, std::vector<double>* g) {
    double v = 0;
    for (size_t i = 0; i < 3; ++i) {
      v += c[i] * (x[i] - 1) * (x[i] - 1);
      (*g)[i] = 2 * c[i] * (x[i] - 1);
    }
    return v;
  };
  BfgsOptions options;
  options.gradient_tolerance = 1e-12;
  options.max_step = 100;
  options.initial_inverse_hessian = {1 / 2e-3, 0, 0, 0, 1 / 2.0, 0, 0, 0, 1 / 2e3};
  const BfgsResult informed = MinimizeBfgs(f, {3, 3, 3}, options);
  EXPECT_TRUE(informed.converged) << informed.message;
  EXPECT_EQ(informed.iterations, 1);
  EXPECT_EQ(informed.inverse_hessian.size(), 9u);
  options.initial_inverse_hessian.clear();
  const BfgsResult plain = MinimizeBfgs(f, {3, 3, 3}, options);
  EXPECT_TRUE(plain.converged) << plain.message;
  EXPECT_GT(plain.iterations, 1);
}

TEST(BfgsTest, StepsBackFromPointsOutsideTheDomain) {
  // f(x) = x - 20 ln x on x > 0 (minimum at 20), reported as +inf for x <= 0; the first steps
  // overshoot into x < 0.
  auto f = [](const std::vector<double>& x, std::vector<double>* g) {
    if (x[0] <= 0) return std::numeric_limits<double>::infinity();
    (*g)[0] = 1 - 20 / x[0];
    return x[0] - 20 * std::log(x[0]);
  };
  BfgsOptions options;
  options.max_step = 100;
  const BfgsResult r = MinimizeBfgs(f, {1.0}, options);
  EXPECT_TRUE(r.converged) << r.message;
  EXPECT_NEAR(r.x[0], 20, 1e-6);
}

TEST(BfgsTest, StopsWhenACoordinateRunsOff) {
  // -x + y^2 keeps decreasing as x grows: no minimum in x.
  auto f = [](const std::vector<double>& x, std::vector<double>* g) {
    (*g)[0] = -1;
    (*g)[1] = 2 * x[1];
    return -x[0] + x[1] * x[1];
  };
  const BfgsResult r = MinimizeBfgs(f, {2.0, 0.5});
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.diverged_coordinate, 0);
  EXPECT_GT(r.x[0], 32);
  EXPECT_NE(r.message.find("runs off"), std::string::npos);
}

TEST(BfgsTest, RefusesANonFiniteStart) {
  auto f = [](const std::vector<double>&, std::vector<double>*) {
    return std::numeric_limits<double>::quiet_NaN();
  };
  const BfgsResult r = MinimizeBfgs(f, {0.0});
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.message, "the objective is not finite at the starting point");
  EXPECT_EQ(r.evaluations, 1);
}

TEST(BfgsTest, StopsAtTheIterationLimit) {
  BfgsOptions options;
  options.max_iterations = 3;
  const BfgsResult r = MinimizeBfgs(Rosenbrock, {-1.2, 1.0}, options);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 3);
  EXPECT_NE(r.message.find("iteration limit"), std::string::npos);
}

TEST(HessianTest, CentralDifferencesOfTheGradientAreExactOnAQuadratic) {
  // f = 0.5 x' A x with A = [[4, 1, 0], [1, 3, -1], [0, -1, 2]].
  const std::vector<double> a = {4, 1, 0, 1, 3, -1, 0, -1, 2};
  auto f = [&](const std::vector<double>& x, std::vector<double>* g) {
    double v = 0;
    for (size_t i = 0; i < 3; ++i) {
      double row = 0;
      for (size_t j = 0; j < 3; ++j) row += a[i * 3 + j] * x[j];
      (*g)[i] = row;
      v += 0.5 * x[i] * row;
    }
    return v;
  };
  std::vector<double> h;
  ASSERT_TRUE(HessianFromGradient(f, {0.3, -2, 5}, 1e-3, &h));
  for (size_t i = 0; i < 9; ++i) EXPECT_NEAR(h[i], a[i], 1e-10) << i;

  std::vector<double> inverse;
  ASSERT_TRUE(InvertPositiveDefinite(a, 3, &inverse));
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = 0; j < 3; ++j) {
      double product = 0;
      for (size_t k = 0; k < 3; ++k) product += a[i * 3 + k] * inverse[k * 3 + j];
      EXPECT_NEAR(product, i == j ? 1 : 0, 1e-14) << i << "," << j;
    }
  }
}

TEST(HessianTest, IndefiniteMatrixHasNoInverseCovariance) {
  std::vector<double> inverse = {42};
  EXPECT_FALSE(InvertPositiveDefinite({1, 2, 2, 1}, 2, &inverse));
  EXPECT_FALSE(InvertPositiveDefinite({0, 0, 0, 1}, 2, &inverse));
  EXPECT_EQ(inverse, std::vector<double>{42});
}

}  // namespace
}  // namespace encore::plugins::predictive
