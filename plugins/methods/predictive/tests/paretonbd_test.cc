#include "model/paretonbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cdnow_data.h"
#include "finite_difference.h"

namespace encore::plugins::predictive {
namespace {

const ParetoNbdParams kPublished{0.553, 10.578, 0.606, 11.669};      // FHL05
const ParetoNbdParams kLifetimes{0.5534, 10.5802, 0.6061, 11.6562};  // LT test "from BTYD"

HistoryTable CdnowTable() {
  HistoryTable table = BuildHistoryTable(testing::CdnowFromOrders().summaries);
  AddTimePairs(&table);
  return table;
}

// The Pareto/NBD likelihood with its integral done by composite Simpson quadrature in
// u = ln(1 + y), independent of the hypergeometric closed form:
// L = Gamma(r+x) alpha^r beta^s / Gamma(r) [ (alpha+T)^-(r+x) (beta+T)^-s
//     + s int_{t_x}^T (alpha+y)^-(r+x) (beta+y)^-(s+1) dy ].
double QuadratureLogLikelihood(const ParetoNbdParams& p, double x, double t_x, double T) {
  auto integrand = [&](double y) {
    return std::pow(p.alpha + y, -(p.r + x)) * std::pow(p.beta + y, -(p.s + 1));
  };
  double integral = 0;
  if (T > t_x) {
    const int n = 20000;
    const double u0 = std::log1p(t_x), u1 = std::log1p(T), h = (u1 - u0) / n;
    for (int i = 0; i <= n; ++i) {
      const double u = u0 + i * h, y = std::expm1(u);
      const double weight = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
      integral += weight * integrand(y) * (1 + y);
    }
    integral *= h / 3;
  }
  const double bracket =
      std::pow(p.alpha + T, -(p.r + x)) * std::pow(p.beta + T, -p.s) + p.s * integral;
  return std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) +
         p.s * std::log(p.beta) + std::log(bracket);
}

TEST(ParetoNbdLikelihoodTest, ClosedFormMatchesQuadratureInBothCases) {
  // alpha >= beta and alpha < beta take different hypergeometric forms.
  const std::vector<ParetoNbdParams> params = {
      kPublished, {0.8, 14, 1.3, 3}, {2.1, 5, 0.4, 40}, {0.5, 7, 0.9, 7}};
  const double histories[][3] = {
      {0, 0, 39}, {1, 2, 39}, {4, 30.4, 38.9}, {26, 30.86, 31}, {3, 12, 12}};
  for (const ParetoNbdParams& p : params) {
    for (const auto& h : histories) {
      CustomerSummary c;
      c.in_calibration = true;
      c.x = static_cast<int32_t>(h[0]);
      c.t_x = h[1];
      c.T = h[2];
      const double closed = ParetoNbdLogLikelihood(p, BuildHistoryTable({c}));
      EXPECT_NEAR(closed, QuadratureLogLikelihood(p, h[0], h[1], h[2]), 1e-9 * std::fabs(closed))
          << p.alpha << " " << p.beta << " x=" << h[0];
    }
  }
}

TEST(ParetoNbdLikelihoodTest, PublishedParametersGiveThePublishedLogLikelihood) {
  EXPECT_NEAR(ParetoNbdLogLikelihood(kPublished, CdnowTable()), -9594.9763, 5e-5);
}

TEST(ParetoNbdLikelihoodTest, WorksWithoutPrecomputedPairs) {
  const HistoryTable without = BuildHistoryTable(testing::CdnowFromOrders().summaries);
  EXPECT_DOUBLE_EQ(ParetoNbdLogLikelihood(kPublished, without),
                   ParetoNbdLogLikelihood(kPublished, CdnowTable()));
}

TEST(ParetoNbdLikelihoodTest, AnalyticGradientMatchesFiniteDifferences) {
  const HistoryTable table = CdnowTable();
  for (const ParetoNbdParams& p :
       {kPublished, ParetoNbdParams{0.8, 14, 1.3, 3}, ParetoNbdParams{2.1, 5, 0.4, 40}}) {
    std::array<double, 4> gradient{};
    ParetoNbdLogLikelihood(p, table, &gradient);
    for (int i = 0; i < 4; ++i) {
      const double numeric = testing::CentralDerivative([&](double shift) {
        ParetoNbdParams q = p;
        double* v[] = {&q.r, &q.alpha, &q.s, &q.beta};
        *v[i] *= std::exp(shift);
        return ParetoNbdLogLikelihood(q, table);
      });
      // The sum over 2,357 customers rounds at about 1e-11; the stencil amplifies that to ~5e-7.
      EXPECT_NEAR(gradient[i], numeric, 2e-6 * std::max(1.0, std::fabs(numeric)))
          << "parameter " << i << " alpha " << p.alpha << " beta " << p.beta;
    }
  }
}

TEST(ParetoNbdLikelihoodTest, AnalyticGradientIsExactPerCustomer) {
  // One customer at a time the rounding is small enough to check the formula to 1e-9.
  const double histories[][3] = {{0, 0, 39},      {1, 2, 39},  {4, 30.4, 38.9},
                                 {26, 30.86, 31}, {3, 12, 12}, {2, 30.43, 38.86}};
  for (const ParetoNbdParams& p :
       {kPublished, ParetoNbdParams{0.8, 14, 1.3, 3}, ParetoNbdParams{2.1, 5, 0.4, 40}}) {
    for (const auto& h : histories) {
      CustomerSummary c;
      c.in_calibration = true;
      c.x = static_cast<int32_t>(h[0]);
      c.t_x = h[1];
      c.T = h[2];
      const HistoryTable table = BuildHistoryTable({c});
      std::array<double, 4> gradient{};
      ParetoNbdLogLikelihood(p, table, &gradient);
      for (int i = 0; i < 4; ++i) {
        const double numeric = testing::CentralDerivative([&](double shift) {
          ParetoNbdParams q = p;
          double* v[] = {&q.r, &q.alpha, &q.s, &q.beta};
          *v[i] *= std::exp(shift);
          return ParetoNbdLogLikelihood(q, table);
        });
        EXPECT_NEAR(gradient[i], numeric, 1e-9 * std::max(1.0, std::fabs(numeric)))
            << "parameter " << i << " alpha " << p.alpha << " x " << h[0];
      }
    }
  }
}

TEST(ParetoNbdLikelihoodTest, GradientIsContinuousAcrossAlphaEqualsBeta) {
  const HistoryTable table = CdnowTable();
  std::array<double, 4> below{}, above{};
  const double ll_below = ParetoNbdLogLikelihood({0.55, 10 * (1 - 1e-9), 0.6, 10}, table, &below);
  const double ll_above = ParetoNbdLogLikelihood({0.55, 10 * (1 + 1e-9), 0.6, 10}, table, &above);
  EXPECT_NEAR(ll_below, ll_above, 1e-5);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(below[i], above[i], 1e-4) << i;
}

// ANCHORS.md section 2, "reproduced here"; beta lies on a flat ridge (SE 6.2), so it is compared
// loosely and the log-likelihood tightly.
TEST(ParetoNbdFitTest, ReproducesTheCdnowEstimates) {
  const ParetoNbdFit fit = FitParetoNbd(CdnowTable());
  EXPECT_TRUE(fit.report.converged) << fit.report.message;
  EXPECT_TRUE(fit.report.identified) << fit.report.message;
  EXPECT_NEAR(fit.params.r, 0.553277, 0.553277 * 1e-5);
  EXPECT_NEAR(fit.params.alpha, 10.577683, 10.577683 * 1e-5);
  EXPECT_NEAR(fit.params.s, 0.606240, 0.606240 * 1e-5);
  EXPECT_NEAR(fit.params.beta, 11.668733, 1e-3);
  EXPECT_NEAR(fit.report.log_likelihood, -9594.9762, 1e-4);
  // CLVTools' standard errors (its estimates differ in the 4th digit, hence 0.1%).
  const double clvtools[] = {0.0476264, 0.8427222, 0.1872594, 6.2105448};
  ASSERT_TRUE(fit.report.standard_errors);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(fit.report.parameters[i].standard_error, clvtools[i], 1e-3 * clvtools[i])
        << fit.report.parameters[i].name;
  }
}

TEST(ParetoNbdFitTest, WarmStartFromASampleReachesTheSameEstimate) {
  FitOptions options;
  options.warm_start_above = 100;
  options.warm_start_sample = 200;
  const ParetoNbdFit warm = FitParetoNbd(CdnowTable(), options);
  ASSERT_TRUE(warm.report.identified) << warm.report.message;
  EXPECT_NEAR(warm.params.r, 0.553277, 0.553277 * 1e-5);
  EXPECT_NEAR(warm.params.s, 0.606240, 0.606240 * 1e-5);
  EXPECT_NEAR(warm.report.log_likelihood, -9594.9762, 1e-4);
}

TEST(ParetoNbdModelTest, IndividualAnchors) {
  const ParetoNbdModel published(kPublished);
  EXPECT_NEAR(published.ProbabilityAlive(26, 30.85714, 31.0), 0.99787, 5e-6);
  EXPECT_NEAR(published.ExpectedTransactions(26, 30.85714, 31.0, 52), 25.4573, 5e-5);
  EXPECT_NEAR(published.ProbabilityAlive(2, 30.43, 38.86), 0.8692, 5e-5);
  EXPECT_NEAR(published.ExpectedTransactions(2, 30.43, 38.86, 39), 1.4551, 5e-5);
  const ParetoNbdModel lifetimes(kLifetimes);
  EXPECT_NEAR(lifetimes.ProbabilityAlive(26, 30.85714, 31.0), 0.9979, 5e-5);
  EXPECT_NEAR(lifetimes.ExpectedTransactions(26, 30.85714, 31.0, 52), 25.46, 0.01);
}

// BTYD prints these for its own estimates, which it quotes to 4 digits only (the lifetimes test
// set); at those digits they agree to 0.05%.
TEST(ParetoNbdModelTest, BtydConditionalExpectations) {
  const ParetoNbdModel model(kLifetimes);
  const double expected[] = {0.7062289, 0.1442396, 0.02250658, 0.00309267};
  const int x[] = {10, 15, 20, 25};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(model.ExpectedTransactions(x[i], 20, 39, 52), expected[i], 5e-4 * expected[i])
        << x[i];
  }
  EXPECT_NEAR(model.ExpectedTransactionsUnconditional(52), 1.473434, 5e-4 * 1.473434);
}

TEST(ParetoNbdModelTest, ExpectationIsExactAtSEqualsOne) {
  auto at = [](double s) {
    return ParetoNbdModel({0.5, 10, s, 12}).ExpectedTransactionsIfAlive(2, 30, 52);
  };
  EXPECT_NEAR(at(1), at(1 + 1e-8), 1e-6);
  EXPECT_NEAR(at(1), (0.5 + 2) * 42 / 40.0 * std::log((42.0 + 52) / 42), 1e-12);
}

TEST(ParetoNbdModelTest, ExtremeHistoriesStayFinite) {
  for (const ParetoNbdParams& p :
       {kPublished, ParetoNbdParams{0.5, 1e4, 0.6, 1e-2}, ParetoNbdParams{0.5, 1e-2, 0.6, 1e4}}) {
    const ParetoNbdModel model(p);
    for (double x : {0.0, 1.0, 1e3}) {
      for (double T : {0.0, 39.0, 1e4}) {
        const double t_x = x > 0 ? T / 2 : 0;
        const double alive = model.ProbabilityAlive(x, t_x, T);
        EXPECT_TRUE(alive >= 0 && alive <= 1) << x << " " << T;
        const double e = model.ExpectedTransactions(x, t_x, T, 52);
        EXPECT_TRUE(std::isfinite(e) && e >= 0) << x << " " << T;
      }
    }
  }
  EXPECT_EQ(ParetoNbdModel(kPublished).ProbabilityAlive(0, 0, 0), 1);
}

}  // namespace
}  // namespace encore::plugins::predictive
