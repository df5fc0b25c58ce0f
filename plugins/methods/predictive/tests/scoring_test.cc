#include "model/scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cdnow_data.h"
#include "model/bgnbd.h"
#include "model/gamma_gamma.h"
#include "model/paretonbd.h"

namespace encore::plugins::predictive {
namespace {

const BgNbdParams kBtyd{0.2425982, 4.4136842, 0.7929899, 2.4261667};

// A spend model that returns a constant, to isolate the transaction part of CLV.
class ConstantSpend final : public SpendModel {
 public:
  explicit ConstantSpend(double value) : value_(value) {}
  double ExpectedSpend(double, double) const override { return value_; }

 private:
  double value_;
};

// The lifetimes documentation's CLV example (ANCHORS.md section 3): BG/NBD and Gamma-Gamma
// refitted on the rounded summary, 12 "months" of 30 time units (weeks here), 1% per month.
TEST(ScoringTest, ReproducesTheLifetimesClvExample) {
  const std::vector<CustomerSummary> customers =
      testing::ToSummaries(testing::ReadSummaryWithTransactions());
  const BgNbdModel model({0.24259291, 4.41353148, 0.79288605, 2.42575332});
  const GammaGammaModel spend({6.24880, 3.74459, 15.44775});
  ScoringOptions options;
  options.clv_horizon = 360;
  options.clv_period = 30;
  options.discount_rate = 0.01;
  const std::vector<CustomerScore> scores = ScoreCustomers(model, spend, customers, options);
  const double expected[] = {140.096211,  18.943467, 38.180574, 38.180574,  38.180574,
                             1003.868107, 28.109683, 38.180574, 167.418216, 38.180574};
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(scores[i].clv, expected[i], 2e-4) << i + 1;
}

TEST(ScoringTest, ScoresAreTheModelQuantities) {
  const std::vector<CustomerSummary>& customers = testing::CdnowFromOrders().summaries;
  const BgNbdModel model(kBtyd);
  const GammaGammaModel spend({6.25, 3.74, 15.44});
  ScoringOptions options;
  options.purchase_horizon = 52;
  options.clv_horizon = 52;
  options.clv_period = 52.0 / 12;
  options.discount_rate = 0;
  options.p_alive_threshold = 0.5;
  const std::vector<CustomerScore> scores = ScoreCustomers(model, spend, customers, options);
  ASSERT_EQ(scores.size(), customers.size());
  for (size_t i = 0; i < customers.size(); i += 97) {
    const CustomerSummary& c = customers[i];
    const CustomerScore& s = scores[i];
    EXPECT_DOUBLE_EQ(s.p_alive, model.ProbabilityAlive(c.x, c.t_x, c.T));
    EXPECT_NEAR(s.expected_purchases, model.ExpectedTransactions(c.x, c.t_x, c.T, 52), 1e-12);
    EXPECT_DOUBLE_EQ(s.expected_spend, spend.ExpectedSpend(c.x, c.zbar));
    // Without discounting the increments telescope: CLV = E[Z] E[Y(horizon)].
    EXPECT_NEAR(s.clv, s.expected_spend * s.expected_purchases, 1e-9 * s.clv + 1e-12);
    EXPECT_EQ(s.has_next_order, s.p_alive >= 0.5);
    if (s.has_next_order) {
      EXPECT_DOUBLE_EQ(s.next_order_in, (kBtyd.alpha + c.T) / (kBtyd.r + c.x));
    }
  }
  // Sample id 1516 (index 1515): P(alive) 0.9689, E[Y(52)] 25.7566, next order in 1.4 weeks.
  EXPECT_NEAR(scores[1515].p_alive, 0.9688523, 5e-7);
  EXPECT_NEAR(scores[1515].expected_purchases, 25.75659, 1e-4);
  EXPECT_NEAR(scores[1515].next_order_in, (kBtyd.alpha + 31.0) / (kBtyd.r + 26), 1e-12);
}

TEST(ScoringTest, DiscountingLowersLaterMonths) {
  const BgNbdModel model(kBtyd);
  const double undiscounted = DiscountedTransactionsIfAlive(model, 2, 38.86, 52, 52.0 / 12, 0);
  EXPECT_NEAR(undiscounted, model.ExpectedTransactionsIfAlive(2, 38.86, 52), 1e-12);
  const double discounted = DiscountedTransactionsIfAlive(model, 2, 38.86, 52, 52.0 / 12, 0.01);
  EXPECT_LT(discounted, undiscounted);
  EXPECT_GT(discounted, undiscounted / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 /
                            1.01 / 1.01 / 1.01 / 1.01);
  // A horizon that is not a whole number of periods ends with a partial period.
  const double partial = DiscountedTransactionsIfAlive(model, 2, 38.86, 10, 4, 0);
  EXPECT_NEAR(partial, model.ExpectedTransactionsIfAlive(2, 38.86, 10), 1e-12);
  EXPECT_EQ(DiscountedTransactionsIfAlive(model, 2, 38.86, 0, 4, 0.01), 0);
  EXPECT_EQ(DiscountedTransactionsIfAlive(model, 2, 38.86, 10, 0, 0.01), 0);
}

TEST(ScoringTest, CustomersOutsideTheCalibrationGetZeroScores) {
  std::vector<CustomerSummary> customers(3);
  customers[0].in_calibration = true;
  customers[0].x = 2, customers[0].t_x = 10, customers[0].T = 20, customers[0].zbar = 5;
  customers[2] = customers[0];
  ScoringOptions options;
  options.purchase_horizon = 10;
  options.clv_horizon = 10;
  options.clv_period = 5;
  const std::vector<CustomerScore> scores =
      ScoreCustomers(BgNbdModel(kBtyd), ConstantSpend(7), customers, options);
  EXPECT_EQ(scores[1].p_alive, 0);
  EXPECT_EQ(scores[1].clv, 0);
  EXPECT_FALSE(scores[1].has_next_order);
  EXPECT_GT(scores[0].clv, 0);
  EXPECT_EQ(scores[0].clv, scores[2].clv);
  EXPECT_EQ(scores[0].expected_spend, 7);
}

TEST(ScoringTest, ThreadsDoNotChangeScores) {
  std::vector<CustomerSummary> customers;
  for (int i = 0; i < 50000; ++i) {
    CustomerSummary c;
    c.in_calibration = i % 11 != 0;
    if (c.in_calibration) {
      c.T = 1 + i % 300;
      c.x = i % 7;
      c.t_x = c.x > 0 ? (i * 13) % static_cast<int>(c.T) : 0;
      c.zbar = c.x > 0 ? 10 + i % 50 : 0;
    }
    customers.push_back(c);
  }
  const ParetoNbdModel model({0.55, 40, 0.6, 50});
  const GammaGammaModel spend({6.25, 3.74, 15.44});
  ScoringOptions options;
  options.purchase_horizon = 30;
  options.clv_horizon = 365;
  options.clv_period = 30.4375;
  options.discount_rate = 0.01;
  options.p_alive_threshold = 0.2;
  const std::vector<CustomerScore> one = ScoreCustomers(model, spend, customers, options);
  options.threads = 2;
  const std::vector<CustomerScore> two = ScoreCustomers(model, spend, customers, options);
  for (size_t i = 0; i < customers.size(); ++i) {
    ASSERT_EQ(one[i].clv, two[i].clv) << i;
    ASSERT_EQ(one[i].expected_purchases, two[i].expected_purchases) << i;
    ASSERT_EQ(one[i].has_next_order, two[i].has_next_order) << i;
  }
}

TEST(ScoringTest, EveryScoreIsFiniteForExtremeInputs) {
  std::vector<CustomerSummary> customers;
  for (double x : {0.0, 1.0, 5e5}) {
    for (double T : {0.0, 1e-9, 50.0, 1e6}) {
      CustomerSummary c;
      c.in_calibration = true;
      c.x = static_cast<int32_t>(x);
      c.T = T;
      c.t_x = x > 0 ? T : 0;
      c.zbar = x > 0 ? 1e9 : 0;
      customers.push_back(c);
    }
  }
  ScoringOptions options;
  options.purchase_horizon = 1e4;
  options.clv_horizon = 1e4;
  options.clv_period = 30;
  options.discount_rate = 0.5;
  const GammaGammaModel heavy_tail({2, 0.8, 10});
  for (const TransactionModel* model : std::vector<const TransactionModel*>{
           new BgNbdModel(kBtyd), new BgNbdModel({50, 1e-3, 30, 1e-3}),
           new ParetoNbdModel({0.5, 1e-3, 3, 1e3})}) {
    for (const CustomerScore& s : ScoreCustomers(*model, heavy_tail, customers, options)) {
      EXPECT_TRUE(std::isfinite(s.p_alive) && s.p_alive >= 0 && s.p_alive <= 1);
      EXPECT_TRUE(std::isfinite(s.expected_purchases) && s.expected_purchases >= 0);
      EXPECT_TRUE(std::isfinite(s.expected_spend));
      EXPECT_TRUE(std::isfinite(s.clv));
      EXPECT_TRUE(std::isfinite(s.next_order_in));
    }
    delete model;
  }
}

}  // namespace
}  // namespace encore::plugins::predictive
