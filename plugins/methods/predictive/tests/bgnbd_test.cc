#include "model/bgnbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cdnow_data.h"
#include "finite_difference.h"
#include "model/hypergeometric.h"
#include "model/standard_errors.h"

namespace encore::plugins::predictive {
namespace {

// Parameter sets of ANCHORS.md section 2.
const BgNbdParams kPublished{0.243, 4.414, 0.793, 2.426};             // FHL05
const BgNbdParams kBtyd{0.2425982, 4.4136842, 0.7929899, 2.4261667};  // BTYD vignette

HistoryTable CdnowTable() { return BuildHistoryTable(testing::CdnowFromOrders().summaries); }

// FHL05 eq. 6 written out directly, one customer at a time, as an independent check of the
// log-space evaluation over the compressed table.
double NaiveLogLikelihood(const BgNbdParams& p, const std::vector<CustomerSummary>& customers) {
  auto log_beta = [](double a, double b) {
    return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  };
  double ll = 0;
  for (const CustomerSummary& c : customers) {
    const double x = c.x;
    const double common =
        std::exp(std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha));
    double l = std::exp(log_beta(p.a, p.b + x) - log_beta(p.a, p.b)) * common *
               std::pow(p.alpha + c.T, -(p.r + x));
    if (c.x > 0) {
      l += std::exp(log_beta(p.a + 1, p.b + x - 1) - log_beta(p.a, p.b)) * common *
           std::pow(p.alpha + c.t_x, -(p.r + x));
    }
    ll += std::log(l);
  }
  return ll;
}

TEST(BgNbdLikelihoodTest, MatchesTheDirectFormula) {
  const HistoryTable table = CdnowTable();
  for (const BgNbdParams& p :
       {kPublished, BgNbdParams{1.3, 20, 0.4, 7}, BgNbdParams{0.1, 2, 3, 0.5}}) {
    const double expected = NaiveLogLikelihood(p, testing::CdnowFromOrders().summaries);
    EXPECT_NEAR(BgNbdLogLikelihood(p, table), expected, 1e-9 * std::fabs(expected));
  }
}

TEST(BgNbdLikelihoodTest, PublishedParametersGiveThePublishedLogLikelihood) {
  // ANCHORS.md: -9582.4305 at the rounded published parameters.
  EXPECT_NEAR(BgNbdLogLikelihood(kPublished, CdnowTable()), -9582.4305, 5e-5);
}

TEST(BgNbdLikelihoodTest, AnalyticGradientMatchesFiniteDifferences) {
  const HistoryTable table = CdnowTable();
  for (const BgNbdParams& p :
       {kPublished, BgNbdParams{1.3, 20, 0.4, 7}, BgNbdParams{0.1, 2, 3, 0.5}}) {
    std::array<double, 4> gradient{};
    BgNbdLogLikelihood(p, table, &gradient);
    for (int i = 0; i < 4; ++i) {
      const double numeric = testing::CentralDerivative([&](double shift) {
        BgNbdParams q = p;
        double* v[] = {&q.r, &q.alpha, &q.a, &q.b};
        *v[i] *= std::exp(shift);
        return BgNbdLogLikelihood(q, table);
      });
      EXPECT_NEAR(gradient[i], numeric, 1e-7 * std::max(1.0, std::fabs(numeric)))
          << "parameter " << i;
    }
  }
}

TEST(BgNbdLikelihoodTest, ThreadsDoNotChangeTheResult) {
  // Enough distinct tuples to be split over threads.
  std::vector<CustomerSummary> customers;
  for (int i = 0; i < 60000; ++i) {
    CustomerSummary c;
    c.in_calibration = true;
    c.T = 1 + (i * 7919) % 700;
    c.x = i % 9;
    c.t_x = c.x > 0 ? std::fmod(i * 0.37, c.T) : 0;
    customers.push_back(c);
  }
  const HistoryTable table = BuildHistoryTable(customers);
  ASSERT_GT(table.tuple_count.size(), 40000u);
  std::array<double, 4> one{}, two{};
  const double ll1 = BgNbdLogLikelihood({0.5, 40, 0.7, 3}, table, &one, 1);
  const double ll2 = BgNbdLogLikelihood({0.5, 40, 0.7, 3}, table, &two, 2);
  EXPECT_NEAR(ll1, ll2, 1e-10 * std::fabs(ll1));
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(one[i], two[i], 1e-8 * std::fabs(one[i]) + 1e-8);
}

TEST(BgNbdLikelihoodTest, OutsideTheDomainIsMinusInfinity) {
  const HistoryTable table = CdnowTable();
  EXPECT_EQ(BgNbdLogLikelihood({0, 1, 1, 1}, table), -INFINITY);
  EXPECT_EQ(BgNbdLogLikelihood({1, -1, 1, 1}, table), -INFINITY);
  EXPECT_EQ(BgNbdLogLikelihood({1, 1, NAN, 1}, table), -INFINITY);
  EXPECT_EQ(BgNbdLogLikelihood({1, 1, 1, INFINITY}, table), -INFINITY);
}

// ANCHORS.md section 2, "reproduced here" column: MLE on the day/7 summary.
TEST(BgNbdFitTest, ReproducesTheCdnowEstimates) {
  const BgNbdFit fit = FitBgNbd(CdnowTable());
  EXPECT_TRUE(fit.report.converged) << fit.report.message;
  EXPECT_TRUE(fit.report.identified) << fit.report.message;
  EXPECT_NEAR(fit.params.r, 0.242595, 0.242595 * 1e-5);
  EXPECT_NEAR(fit.params.alpha, 4.413602, 4.413602 * 1e-5);
  EXPECT_NEAR(fit.params.a, 0.792922, 0.792922 * 1e-5);
  EXPECT_NEAR(fit.params.b, 2.425907, 2.425907 * 1e-5);
  EXPECT_NEAR(fit.report.log_likelihood, -9582.4292, 1e-4);
  EXPECT_EQ(fit.report.customers, 2357);
  ASSERT_EQ(fit.report.parameters.size(), 4u);
  EXPECT_EQ(fit.report.parameters[0].name, "r");
  EXPECT_EQ(fit.report.parameters[3].name, "b");
  EXPECT_EQ(fit.report.parameters[1].value, fit.params.alpha);
  EXPECT_TRUE(fit.report.standard_errors);
}

TEST(BgNbdFitTest, WarmStartFromASampleReachesTheSameEstimate) {
  // The path large tables take (a search on every 5th history first), forced on CDNOW.
  FitOptions options;
  options.warm_start_above = 100;
  options.warm_start_sample = 200;
  const BgNbdFit warm = FitBgNbd(CdnowTable(), options);
  const BgNbdFit plain = FitBgNbd(CdnowTable());
  ASSERT_TRUE(warm.report.identified) << warm.report.message;
  EXPECT_NEAR(warm.params.r, plain.params.r, 1e-6 * plain.params.r);
  EXPECT_NEAR(warm.params.alpha, plain.params.alpha, 1e-6 * plain.params.alpha);
  EXPECT_NEAR(warm.params.a, plain.params.a, 1e-6 * plain.params.a);
  EXPECT_NEAR(warm.params.b, plain.params.b, 1e-6 * plain.params.b);
  EXPECT_NEAR(warm.report.log_likelihood, plain.report.log_likelihood, 1e-7);
  EXPECT_LT(warm.report.iterations, plain.report.iterations);
}

TEST(BgNbdFitTest, StartsFromAGivenEstimateWithItsCurvature) {
  // The validation fit's path: the search starts from another fit of the same model (here the
  // published rounded estimate with this fit's curvature model) and skips the Hessian.
  const HistoryTable table = CdnowTable();
  const BgNbdFit plain = FitBgNbd(table);
  FitOptions options;
  options.standard_errors = false;
  options.start = {std::log(kPublished.r), std::log(kPublished.alpha), std::log(kPublished.a),
                   std::log(kPublished.b)};
  options.bfgs.initial_inverse_hessian = plain.inverse_hessian;
  ASSERT_EQ(plain.inverse_hessian.size(), 16u);
  const BgNbdFit warm = FitBgNbd(table, options);
  ASSERT_TRUE(warm.report.converged) << warm.report.message;
  EXPECT_NEAR(warm.params.r, plain.params.r, 1e-6 * plain.params.r);
  EXPECT_NEAR(warm.params.alpha, plain.params.alpha, 1e-6 * plain.params.alpha);
  EXPECT_NEAR(warm.params.a, plain.params.a, 1e-6 * plain.params.a);
  EXPECT_NEAR(warm.params.b, plain.params.b, 1e-6 * plain.params.b);
  EXPECT_LT(warm.report.evaluations, plain.report.evaluations);
  // Without a Hessian: no standard errors, identification not judged, the optimiser's message.
  EXPECT_FALSE(warm.report.standard_errors);
  EXPECT_FALSE(warm.report.identified);
  EXPECT_EQ(warm.report.message.rfind("converged", 0), 0u) << warm.report.message;
  // A start with the wrong number of values is ignored.
  options.start = {0.0, 0.0};
  options.bfgs.initial_inverse_hessian.clear();
  const BgNbdFit ignored = FitBgNbd(table, options);
  EXPECT_EQ(ignored.report.iterations, plain.report.iterations);
  EXPECT_EQ(ignored.params.r, plain.params.r);
}

TEST(BgNbdFitTest, StandardErrorsMatchTheCurvatureOfTheLikelihood) {
  // Independent check: second differences of the log-likelihood VALUES in log-parameters.
  const HistoryTable table = CdnowTable();
  const BgNbdFit fit = FitBgNbd(table);
  ASSERT_TRUE(fit.report.standard_errors);
  const double h = 1e-3;
  auto ll = [&](int i, double step_i, int j, double step_j) {
    BgNbdParams p = fit.params;
    double* v[] = {&p.r, &p.alpha, &p.a, &p.b};
    *v[i] *= std::exp(step_i);
    *v[j] *= std::exp(step_j);
    return BgNbdLogLikelihood(p, table);
  };
  std::vector<double> hessian(16);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      hessian[i * 4 + j] =
          -(ll(i, h, j, h) - ll(i, h, j, -h) - ll(i, -h, j, h) + ll(i, -h, j, -h)) / (4 * h * h);
    }
  }
  std::vector<double> covariance;
  ASSERT_TRUE(InvertPositiveDefinite(hessian, 4, &covariance));
  for (int i = 0; i < 4; ++i) {
    const ParameterEstimate& e = fit.report.parameters[i];
    EXPECT_NEAR(e.standard_error, e.value * std::sqrt(covariance[i * 4 + i]),
                2e-3 * e.standard_error)
        << e.name;
  }
}

TEST(BgNbdFitTest, CustomersWithoutRepeatPurchasesDoNotIdentifyTheModel) {
  std::vector<CustomerSummary> customers(500);
  for (size_t i = 0; i < customers.size(); ++i) {
    customers[i].in_calibration = true;
    customers[i].T = 10 + i % 30;
  }
  const BgNbdFit fit = FitBgNbd(BuildHistoryTable(customers));
  EXPECT_FALSE(fit.report.identified);
  EXPECT_FALSE(fit.report.message.empty());
  for (const ParameterEstimate& p : fit.report.parameters) {
    EXPECT_TRUE(std::isfinite(p.value)) << p.name;
    EXPECT_TRUE(std::isfinite(p.standard_error)) << p.name;
  }
  EXPECT_TRUE(std::isfinite(fit.report.log_likelihood));
}

TEST(BgNbdFitTest, DegenerateTablesStayFinite) {
  // One customer; a customer with T = 0; an empty table.
  std::vector<CustomerSummary> one(1);
  one[0].in_calibration = true;
  one[0].x = 3;
  one[0].t_x = 5;
  one[0].T = 9;
  std::vector<CustomerSummary> newborn(1);
  newborn[0].in_calibration = true;
  for (const auto& customers : {one, newborn, std::vector<CustomerSummary>{}}) {
    const BgNbdFit fit = FitBgNbd(BuildHistoryTable(customers));
    EXPECT_FALSE(fit.report.identified);
    EXPECT_TRUE(std::isfinite(fit.report.log_likelihood));
    for (const ParameterEstimate& p : fit.report.parameters) EXPECT_TRUE(std::isfinite(p.value));
  }
}

// ANCHORS.md section 3.
TEST(BgNbdModelTest, ProbabilityAlive) {
  EXPECT_NEAR(BgNbdModel(kPublished).ProbabilityAlive(2, 30.43, 38.86), 0.7266, 5e-5);
  EXPECT_NEAR(BgNbdModel(kBtyd).ProbabilityAlive(26, 30.85714, 31.0), 0.9688523, 5e-7);
  EXPECT_EQ(BgNbdModel(kBtyd).ProbabilityAlive(0, 0, 31.0), 1);
  EXPECT_EQ(BgNbdModel(kBtyd).ProbabilityAlive(0, 0, 0), 1);
}

TEST(BgNbdModelTest, ConditionalExpectations) {
  EXPECT_NEAR(BgNbdModel(kPublished).ExpectedTransactions(2, 30.43, 38.86, 39), 1.226, 5e-4);
  const BgNbdModel btyd(kBtyd);
  EXPECT_NEAR(btyd.ExpectedTransactions(26, 30.85714, 31.0, 52), 25.75659, 1e-4);
  const double expected[] = {0.3474606, 0.04283391, 0.004158973, 0.0003583685};
  const int x[] = {10, 15, 20, 25};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(btyd.ExpectedTransactions(x[i], 20, 39, 52), expected[i], 1e-5 * expected[i])
        << x[i];
  }
  EXPECT_EQ(btyd.ExpectedTransactions(3, 20, 39, 0), 0);
}

TEST(BgNbdModelTest, UnconditionalExpectation) {
  const BgNbdModel btyd(kBtyd);
  const double t[] = {0.1429, 1, 3, 31.8571, 32, 78};
  const double expected[] = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8579};
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(btyd.ExpectedTransactionsUnconditional(t[i]), expected[i], 5e-5) << t[i];
  }
  EXPECT_NEAR(btyd.ExpectedTransactionsUnconditional(52), 1.444004, 1e-6);
}

TEST(BgNbdModelTest, ProbabilityOfTransactions) {
  const BgNbdModel model(kPublished);
  EXPECT_NEAR(model.ProbabilityOfTransactions(2, 10), 1.07869e-07, 1e-12);
  EXPECT_NEAR(model.ProbabilityOfTransactions(39, 0), 0.5737864, 1e-7);
  const double expected[] = {0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
                             0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260};
  for (int n = 11; n <= 20; ++n) {
    EXPECT_NEAR(model.ProbabilityOfTransactions(30, n), expected[n - 11], 1e-10) << n;
  }
}

TEST(BgNbdModelTest, CountDistributionIsConsistentWithItsMean) {
  const BgNbdModel model(kBtyd);
  double total = 0, mean = 0;
  for (int n = 0; n < 400; ++n) {
    const double p = model.ProbabilityOfTransactions(52, n);
    total += p;
    mean += n * p;
  }
  EXPECT_NEAR(total, 1, 1e-12);
  EXPECT_NEAR(mean, model.ExpectedTransactionsUnconditional(52), 1e-10);
  EXPECT_EQ(model.ProbabilityOfTransactions(0, 0), 1);
  EXPECT_EQ(model.ProbabilityOfTransactions(0, 2), 0);
  EXPECT_EQ(model.ProbabilityOfTransactions(5, -1), 0);
}

// The transformed series equals FHL05 eq. 10's numerator written with the plain 2F1 series.
TEST(BgNbdModelTest, TransformedSeriesEqualsTheDirectHypergeometric) {
  for (const BgNbdParams& p :
       {kBtyd, BgNbdParams{1.7, 9, 2.5, 0.8}, BgNbdParams{0.3, 3, 0.2, 0.3}}) {
    const BgNbdModel model(p);
    for (double x : {0.0, 1.0, 6.0}) {
      for (double t : {1.0, 20.0}) {
        const double T = 30, z = t / (p.alpha + T + t);
        const double direct = (p.a + p.b + x - 1) / (p.a - 1) *
                              (1 - std::pow((p.alpha + T) / (p.alpha + T + t), p.r + x) *
                                       Hyp2F1(p.r + x, p.b + x, p.a + p.b + x - 1, z));
        EXPECT_NEAR(model.ExpectedTransactionsIfAlive(x, T, t), direct,
                    1e-10 * std::max(1.0, direct))
            << x << " " << t;
      }
    }
  }
}

TEST(BgNbdModelTest, ContinuousWhereTheFormulaDividesByZero) {
  // a = 1 (the (a-1) denominator) and a + b = 1 with x = 0 (c = 0 in the 2F1).
  auto at = [](double a, double b) {
    return BgNbdModel({0.5, 4, a, b}).ExpectedTransactionsIfAlive(0, 10, 26);
  };
  EXPECT_NEAR(at(1, 2), at(1 + 1e-7, 2), 1e-6);
  EXPECT_NEAR(at(1, 2), at(1 - 1e-7, 2), 1e-6);
  EXPECT_TRUE(std::isfinite(at(0.4, 0.6)));
  EXPECT_NEAR(at(0.4, 0.6), at(0.4, 0.6 + 1e-7), 1e-6);
  EXPECT_GT(at(1, 2), 0);
}

TEST(BgNbdModelTest, ExtremeHistoriesStayFinite) {
  const BgNbdModel model(kBtyd);
  for (double x : {0.0, 1.0, 1e3, 1e6}) {
    for (double T : {0.0, 1e-9, 39.0, 1e5}) {
      const double t_x = x > 0 ? T : 0;
      const double alive = model.ProbabilityAlive(x, t_x, T);
      EXPECT_TRUE(alive >= 0 && alive <= 1) << x << " " << T;
      const double e = model.ExpectedTransactions(x, t_x, T, 52);
      EXPECT_TRUE(std::isfinite(e) && e >= 0) << x << " " << T;
    }
  }
  // A customer who bought a thousand times and then stopped long ago is almost surely gone.
  EXPECT_LT(model.ProbabilityAlive(1000, 1, 1e5), 1e-12);
}

}  // namespace
}  // namespace encore::plugins::predictive
