#include "model/special_functions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace encore::plugins::predictive {
namespace {

constexpr double kEulerGamma = 0.57721566490153286061;
constexpr double kPi = 3.14159265358979323846;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

TEST(DigammaTest, ClosedFormValues) {
  EXPECT_NEAR(Digamma(1), -kEulerGamma, 4e-15);
  EXPECT_NEAR(Digamma(0.5), -kEulerGamma - 2 * std::log(2.0), 4e-15);
  EXPECT_NEAR(Digamma(0.25), -kEulerGamma - kPi / 2 - 3 * std::log(2.0), 1e-14);
  EXPECT_NEAR(Digamma(2), 1 - kEulerGamma, 4e-15);
  // psi(n) = -gamma + sum_{k<n} 1/k.
  double harmonic = 0;
  for (int k = 1; k < 25; ++k) harmonic += 1.0 / k;
  EXPECT_NEAR(Digamma(25), -kEulerGamma + harmonic, 1e-14);
}

TEST(DigammaTest, RecurrenceAndAsymptotics) {
  for (double x : {1e-6, 0.037, 0.37, 3.7, 9.99, 10.0, 37.0, 1234.5}) {
    EXPECT_NEAR(Digamma(x + 1), Digamma(x) + 1 / x, 1e-13 * std::max(1.0, 1 / x)) << x;
  }
  const double x = 1e7;
  EXPECT_NEAR(Digamma(x), std::log(x) - 0.5 / x - 1 / (12 * x * x), 1e-15 * std::log(x));
}

TEST(DigammaTest, IsTheDerivativeOfLogGamma) {
  for (double x : {0.2425945, 0.79, 2.43, 15.44, 250.0}) {
    const double h = 1e-5 * x;
    const double numeric = (LogGamma(x + h) - LogGamma(x - h)) / (2 * h);
    EXPECT_NEAR(Digamma(x), numeric, 1e-7 * std::max(1.0, std::fabs(numeric))) << x;
  }
}

TEST(DigammaTest, OutsideTheDomainIsNotANumber) {
  EXPECT_TRUE(std::isnan(Digamma(0)));
  EXPECT_TRUE(std::isnan(Digamma(-1.5)));
  EXPECT_EQ(Digamma(kInfinity), kInfinity);
}

TEST(LogGammaTest, MatchesKnownValues) {
  EXPECT_NEAR(LogGamma(0.5), 0.5 * std::log(kPi), 1e-15);
  EXPECT_NEAR(LogGamma(10), std::log(362880.0), 1e-13);
  EXPECT_EQ(LogGamma(1), 0);
  EXPECT_EQ(LogGamma(2), 0);
}

TEST(CompensatedSumTest, KeepsTheLowOrderBits) {
  // 1e7 plus ten million times 1e-9: naive summation loses about half of the small terms.
  CompensatedSum sum;
  sum.Add(1e7);
  for (int i = 0; i < 10000000; ++i) sum.Add(1e-9);
  EXPECT_NEAR(sum.value(), 1e7 + 1e-2, 1e-8);
  CompensatedSum empty;
  EXPECT_EQ(empty.value(), 0);
}

TEST(LogSumExpTest, StableInBothTails) {
  EXPECT_EQ(LogSumExp(-kInfinity, -kInfinity), -kInfinity);
  EXPECT_EQ(LogSumExp(0, -kInfinity), 0);
  EXPECT_NEAR(LogSumExp(1000, 1000), 1000 + std::log(2.0), 1e-12);
  EXPECT_NEAR(LogSumExp(-1000, -1001), -1000 + std::log1p(std::exp(-1.0)), 1e-12);
  EXPECT_DOUBLE_EQ(LogSumExp(2, 3), LogSumExp(3, 2));
}

TEST(SoftplusAndSigmoidTest, ExactInBothTails) {
  const SoftplusSigmoid zero = SoftplusAndSigmoid(0);
  EXPECT_DOUBLE_EQ(zero.softplus, std::log(2.0));
  EXPECT_DOUBLE_EQ(zero.sigmoid, 0.5);
  const SoftplusSigmoid minus_inf = SoftplusAndSigmoid(-kInfinity);
  EXPECT_EQ(minus_inf.softplus, 0);
  EXPECT_EQ(minus_inf.sigmoid, 0);
  const SoftplusSigmoid large = SoftplusAndSigmoid(800);
  EXPECT_EQ(large.softplus, 800);
  EXPECT_EQ(large.sigmoid, 1);
  // The sigmoid keeps full relative accuracy in the tail; the softplus is accurate to 2.3e-16
  // absolute, which is all a log-likelihood sum can use.
  const SoftplusSigmoid small = SoftplusAndSigmoid(-40);
  EXPECT_NEAR(small.softplus, std::exp(-40.0), 2.3e-16);
  EXPECT_NEAR(small.sigmoid, std::exp(-40.0), 1e-30);
  const SoftplusSigmoid moderate = SoftplusAndSigmoid(-3);
  EXPECT_NEAR(moderate.softplus, std::log1p(std::exp(-3.0)), 2.3e-16);
  EXPECT_NEAR(moderate.sigmoid, 1 / (1 + std::exp(3.0)), 1e-17);
}

TEST(OneMinusPowerOverExponentTest, ContinuousAtZero) {
  const double l = std::log(0.3);
  EXPECT_EQ(OneMinusPowerOverExponent(0, l), -l);
  EXPECT_NEAR(OneMinusPowerOverExponent(1e-12, l), -l, 1e-11);
  EXPECT_NEAR(OneMinusPowerOverExponent(-0.5, l), (1 - std::pow(0.3, -0.5)) / -0.5, 1e-15);
  EXPECT_NEAR(OneMinusPowerOverExponent(2, l), (1 - 0.09) / 2, 1e-15);
}

}  // namespace
}  // namespace encore::plugins::predictive
