#include "model/hypergeometric.h"

#include <gtest/gtest.h>

#include <cmath>

namespace encore::plugins::predictive {
namespace {

TEST(Hyp2F1Test, ElementaryCases) {
  // 2F1(1, 1; 2; z) = -ln(1 - z) / z.
  EXPECT_NEAR(Hyp2F1(1, 1, 2, 0.5), 2 * std::log(2.0), 1e-15);
  EXPECT_NEAR(Hyp2F1(1, 1, 2, 0.99), -std::log(0.01) / 0.99, 1e-12);
  // 2F1(a, b; b; z) = (1 - z)^-a.
  EXPECT_NEAR(Hyp2F1(0.7, 2.5, 2.5, 0.3), std::pow(0.7, -0.7), 1e-15);
  EXPECT_EQ(Hyp2F1(3, 4, 5, 0), 1);
}

TEST(Hyp2F1ExcessScaledTest, EqualsTheDefinition) {
  for (double b : {0.3, -0.2, 1.7}) {
    for (double z : {0.01, 0.4, 0.9}) {
      const double a = 2.2, c = 3.1;
      EXPECT_NEAR(Hyp2F1ExcessScaled(a, b, c, z), c * (Hyp2F1(a, b, c, z) - 1) / b,
                  1e-12 * std::max(1.0, Hyp2F1(a, b, c, z)))
          << b << " " << z;
    }
  }
}

TEST(Hyp2F1ExcessScaledTest, ContinuousAtZeroParameters) {
  // b = 0: sum_n a (a+1)_{n-1} (n-1)! / ((c+1)_{n-1} n!) z^n; for a = c = 1 that is -ln(1-z).
  EXPECT_NEAR(Hyp2F1ExcessScaled(1, 0, 1, 0.5), std::log(2.0), 1e-15);
  EXPECT_NEAR(Hyp2F1ExcessScaled(2.2, 0, 3.1, 0.6), Hyp2F1ExcessScaled(2.2, 1e-9, 3.1, 0.6), 1e-8);
  // c = 0 (a + b + x - 1 = 0 in the BG/NBD): finite, and the limit of c -> 0.
  EXPECT_NEAR(Hyp2F1ExcessScaled(0.5, 0.3, 0, 0.6), Hyp2F1ExcessScaled(0.5, 0.3, 1e-9, 0.6), 1e-8);
  EXPECT_EQ(Hyp2F1ExcessScaled(0.5, 0.3, 2, 0), 0);
}

TEST(LogHyp2F1OneTest, ValueAndDerivatives) {
  for (double z : {0.0, 0.05, 0.5, 0.97}) {
    const double u = 1.6, c = 4.3;
    const LogHyp2F1OneResult f = LogHyp2F1One(u, c, z);
    EXPECT_TRUE(f.converged);
    EXPECT_NEAR(f.log_value, std::log(Hyp2F1(1, u, c, z)), 1e-13);
    if (z == 0) continue;
    const double h = 1e-6;
    EXPECT_NEAR(
        f.d_u,
        (LogHyp2F1One(u + h, c, z).log_value - LogHyp2F1One(u - h, c, z).log_value) / (2 * h),
        1e-7);
    EXPECT_NEAR(
        f.d_c,
        (LogHyp2F1One(u, c + h, z).log_value - LogHyp2F1One(u, c - h, z).log_value) / (2 * h),
        1e-7);
    EXPECT_NEAR(
        f.d_z,
        (LogHyp2F1One(u, c, z + h * z).log_value - LogHyp2F1One(u, c, z - h * z).log_value) /
            (2 * h * z),
        1e-6 * std::max(1.0, f.d_z));
  }
}

TEST(LogHyp2F1OneTest, ReportsWhenTheSeriesRunsOut) {
  // z this close to 1 needs more than kMaxSeriesTerms terms.
  EXPECT_FALSE(LogHyp2F1One(3, 3.5, 1 - 1e-9).converged);
  EXPECT_TRUE(LogHyp2F1One(3, 3.5, 0.999).converged);
}

}  // namespace
}  // namespace encore::plugins::predictive
