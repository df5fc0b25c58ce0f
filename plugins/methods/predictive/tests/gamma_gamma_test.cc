#include "model/gamma_gamma.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cdnow_data.h"
#include "finite_difference.h"

namespace encore::plugins::predictive {
namespace {

const GammaGammaParams kLifetimesMle{6.24880, 3.74459, 15.44775};  // MLE on the rounded file

SpendTable CdnowTable() { return BuildSpendTable(testing::CdnowFromOrders().summaries); }

TEST(GammaGammaTableTest, KeepsRepeatCustomersWithPositiveSpend) {
  std::vector<CustomerSummary> customers(6);
  for (auto& c : customers) c.in_calibration = true;
  customers[0].x = 0;  // no repeat purchase
  customers[1].x = 2, customers[1].zbar = 10;
  customers[2].x = 1, customers[2].zbar = 4;
  customers[3].x = 2, customers[3].zbar = -3;  // returns exceed purchases
  customers[4].x = 2, customers[4].zbar = 30;
  customers[5].x = 5, customers[5].zbar = 7, customers[5].in_calibration = false;
  const SpendTable table = BuildSpendTable(customers);
  EXPECT_EQ(table.customers, 3);
  EXPECT_EQ(table.excluded, 1u);
  EXPECT_EQ(table.group_x, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(table.group_begin, (std::vector<size_t>{0, 1, 3}));
  EXPECT_EQ(table.zbar, (std::vector<double>{4, 10, 30}));
  EXPECT_NEAR(table.group_log_zbar[1], std::log(300.0), 1e-14);
  EXPECT_NEAR(table.mean_zbar, 44.0 / 3, 1e-14);
}

TEST(GammaGammaLikelihoodTest, MatchesTheDensityOfTheMeanSpend) {
  const SpendTable table = CdnowTable();
  const GammaGammaParams p{6.25, 3.74, 15.44};
  double expected = 0;
  for (const CustomerSummary& c : testing::CdnowFromOrders().summaries) {
    if (c.x <= 0) continue;
    const double px = p.p * c.x;
    expected += std::lgamma(px + p.q) - std::lgamma(px) - std::lgamma(p.q) +
                p.q * std::log(p.gamma) + (px - 1) * std::log(c.zbar) + px * std::log(c.x) -
                (px + p.q) * std::log(p.gamma + c.x * c.zbar);
  }
  EXPECT_NEAR(GammaGammaLogLikelihood(p, table), expected, 1e-9 * std::fabs(expected));
  // ANCHORS.md: -4055.9192 at (6.25, 3.74, 15.44).
  EXPECT_NEAR(GammaGammaLogLikelihood(p, table), -4055.9192, 5e-5);
}

TEST(GammaGammaLikelihoodTest, AnalyticGradientMatchesFiniteDifferences) {
  const SpendTable table = CdnowTable();
  for (const GammaGammaParams& p :
       {GammaGammaParams{6.25, 3.74, 15.44}, GammaGammaParams{0.7, 1.2, 80}}) {
    std::array<double, 3> gradient{};
    GammaGammaLogLikelihood(p, table, &gradient);
    for (int i = 0; i < 3; ++i) {
      const double numeric = testing::CentralDerivative([&](double shift) {
        GammaGammaParams q = p;
        double* v[] = {&q.p, &q.q, &q.gamma};
        *v[i] *= std::exp(shift);
        return GammaGammaLogLikelihood(q, table);
      });
      EXPECT_NEAR(gradient[i], numeric, 1e-7 * std::max(1.0, std::fabs(numeric))) << i;
    }
  }
}

TEST(GammaGammaLikelihoodTest, ThreadsDoNotChangeTheResult) {
  std::vector<CustomerSummary> customers(90000);
  for (size_t i = 0; i < customers.size(); ++i) {
    customers[i].in_calibration = true;
    customers[i].x = 1 + i % 13;
    customers[i].zbar = 5 + std::fmod(i * 0.731, 200.0);
  }
  const SpendTable table = BuildSpendTable(customers);
  std::array<double, 3> one{}, two{};
  const double ll1 = GammaGammaLogLikelihood({2, 3, 40}, table, &one, 1);
  const double ll2 = GammaGammaLogLikelihood({2, 3, 40}, table, &two, 2);
  EXPECT_NEAR(ll1, ll2, 1e-11 * std::fabs(ll1));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(one[i], two[i], 1e-8 * std::fabs(one[i]) + 1e-8);
}

// ANCHORS.md section 2, "reproduced here".
TEST(GammaGammaFitTest, ReproducesTheCdnowEstimates) {
  const GammaGammaFit fit = FitGammaGamma(CdnowTable());
  EXPECT_TRUE(fit.report.converged) << fit.report.message;
  EXPECT_TRUE(fit.report.identified) << fit.report.message;
  EXPECT_NEAR(fit.params.p, 6.249573, 6.249573 * 1e-5);
  EXPECT_NEAR(fit.params.q, 3.744224, 3.744224 * 1e-5);
  EXPECT_NEAR(fit.params.gamma, 15.443517, 15.443517 * 1e-5);
  EXPECT_NEAR(fit.report.log_likelihood, -4055.9177, 1e-4);
  EXPECT_EQ(fit.report.customers, 946);
  EXPECT_EQ(fit.report.parameters[2].name, "gamma");
}

TEST(GammaGammaFitTest, WarmStartFromASampleReachesTheSameEstimate) {
  FitOptions options;
  options.warm_start_above = 100;
  options.warm_start_sample = 200;
  const GammaGammaFit fit = FitGammaGamma(CdnowTable(), options);
  ASSERT_TRUE(fit.report.identified) << fit.report.message;
  EXPECT_NEAR(fit.params.p, 6.249573, 6.249573 * 1e-5);
  EXPECT_NEAR(fit.params.q, 3.744224, 3.744224 * 1e-5);
  EXPECT_NEAR(fit.params.gamma, 15.443517, 15.443517 * 1e-5);
}

TEST(GammaGammaTableTest, SystematicSamplePerFrequency) {
  std::vector<CustomerSummary> customers(7);
  const int x[] = {1, 1, 1, 2, 2, 3, 1};
  for (int i = 0; i < 7; ++i) {
    customers[i].in_calibration = true;
    customers[i].x = x[i];
    customers[i].zbar = 10.0 + i;
  }
  const SpendTable sample = SampleSpendTable(BuildSpendTable(customers), 2);
  // x = 1: 10, 11, 12, 16 -> 10, 12; x = 2: 13, 14 -> 13; x = 3: 15.
  EXPECT_EQ(sample.zbar, (std::vector<double>{10, 12, 13, 15}));
  EXPECT_EQ(sample.group_x, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(sample.group_begin, (std::vector<size_t>{0, 2, 3, 4}));
  EXPECT_NEAR(sample.group_log_zbar[0], std::log(120.0), 1e-14);
  EXPECT_EQ(sample.customers, 4);
  EXPECT_EQ(sample.mean_zbar, 12.5);
}

TEST(GammaGammaFitTest, FitsTheRoundedSummaryLikeLifetimes) {
  const GammaGammaFit fit =
      FitGammaGamma(BuildSpendTable(testing::ToSummaries(testing::ReadSummaryWithTransactions())));
  EXPECT_NEAR(fit.params.p, 6.24880, 1e-5 * 6.2488);
  EXPECT_NEAR(fit.params.q, 3.74459, 1e-5 * 3.74459);
  EXPECT_NEAR(fit.params.gamma, 15.44775, 1e-5 * 15.44775);
  EXPECT_NEAR(fit.report.log_likelihood, -4055.9232, 1e-4);
}

TEST(GammaGammaModelTest, ConditionalExpectedSpendOfTheFirstTenCustomers) {
  const std::vector<testing::PublishedSummaryRow> rows = testing::ReadSummaryWithTransactions();
  const GammaGammaModel model(kLifetimesMle);
  const double expected[] = {24.658619, 18.911489, 35.170981, 35.170981, 35.170981,
                             71.462843, 18.911489, 35.170981, 27.282408, 35.170981};
  for (int i = 0; i < 10; ++i) {
    EXPECT_NEAR(model.ExpectedSpend(rows[i].x, rows[i].zbar), expected[i], 5e-5) << rows[i].id;
  }
  double sum = 0;
  for (const auto& row : rows) sum += model.ExpectedSpend(row.x, row.zbar);
  // The parameters are quoted to six digits; at those the mean agrees to 1e-6 relative.
  EXPECT_NEAR(sum / rows.size(), 35.2529588, 5e-5);

  const GammaGammaModel rounded({6.25, 3.74, 15.44});
  const double at_rounded[] = {24.66, 18.92, 35.22, 35.22, 35.22,
                               71.47, 18.92, 35.22, 27.29, 35.22};
  for (int i = 0; i < 10; ++i) {
    EXPECT_NEAR(rounded.ExpectedSpend(rows[i].x, rows[i].zbar), at_rounded[i], 0.005) << rows[i].id;
  }
}

TEST(GammaGammaModelTest, InfinitePopulationMeanFallsBackToZeroNotInfinity) {
  const GammaGammaModel heavy_tail({2, 0.8, 10});
  EXPECT_FALSE(heavy_tail.HasFiniteMean());
  EXPECT_EQ(heavy_tail.PopulationMean(), 0);
  EXPECT_EQ(heavy_tail.ExpectedSpend(0, 0), 0);
  EXPECT_NEAR(heavy_tail.ExpectedSpend(3, 20), (2 * 10 + 2 * 3 * 20) / (6 + 0.8 - 1), 1e-12);
  EXPECT_TRUE(GammaGammaModel({6.25, 3.74, 15.44}).HasFiniteMean());
  EXPECT_NEAR(GammaGammaModel({6.25, 3.74, 15.44}).ExpectedSpend(2, -5), 6.25 * 15.44 / 2.74,
              1e-12);
}

TEST(GammaGammaFitTest, TooFewCustomersAreNotIdentified) {
  std::vector<CustomerSummary> customers(2);
  customers[0].in_calibration = customers[1].in_calibration = true;
  customers[0].x = 1, customers[0].zbar = 10;
  customers[1].x = 3, customers[1].zbar = 12;
  const GammaGammaFit fit = FitGammaGamma(BuildSpendTable(customers));
  EXPECT_FALSE(fit.report.identified);
  EXPECT_FALSE(fit.report.message.empty());
  for (const ParameterEstimate& p : fit.report.parameters) EXPECT_TRUE(std::isfinite(p.value));
  const GammaGammaFit empty = FitGammaGamma(BuildSpendTable({}));
  EXPECT_FALSE(empty.report.identified);
}

}  // namespace
}  // namespace encore::plugins::predictive
