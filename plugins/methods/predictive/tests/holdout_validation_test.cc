#include "model/holdout_validation.h"

#include <gtest/gtest.h>

#include "cdnow_data.h"
#include "model/bgnbd.h"
#include "model/paretonbd.h"

namespace encore::plugins::predictive {
namespace {

// ANCHORS.md section 4: weeks 40..78 (39 weeks), BTYD's printed table.
TEST(HoldoutValidationTest, BgNbdReproducesTheBtydTable) {
  const BgNbdModel model({0.2425982, 4.4136842, 0.7929899, 2.4261667});
  const HoldoutValidation v = ValidateHoldout(model, testing::CdnowFromOrders().summaries, 39);
  EXPECT_EQ(v.holdout_length, 39);
  EXPECT_EQ(v.customers, 2357);
  EXPECT_EQ(v.actual_total, 1882);
  EXPECT_NEAR(v.predicted_total, 1653.39, 0.005);
  const double customers[] = {1411, 439, 214, 100, 62, 38, 29, 64};
  const double actual[] = {0.2367116, 0.6970387, 1.392523, 1.560000,
                           2.532258,  2.947368,  3.862069, 6.359375};
  const double predicted[] = {0.2250893, 0.5231364, 1.044126, 1.520256,
                              2.163824,  2.653789,  3.503957, 6.157036};
  ASSERT_EQ(v.bins.size(), 8u);
  for (int x = 0; x < 8; ++x) {
    EXPECT_EQ(v.bins[x].x, x);
    EXPECT_EQ(v.bins[x].and_more, x == 7);
    EXPECT_EQ(v.bins[x].customers, customers[x]) << x;
    EXPECT_NEAR(v.bins[x].actual_mean, actual[x], 5e-7) << x;
    EXPECT_NEAR(v.bins[x].predicted_mean, predicted[x], 2e-5) << x;
  }
}

TEST(HoldoutValidationTest, ParetoNbdReproducesTheBtydTable) {
  const ParetoNbdModel model({0.553, 10.578, 0.606, 11.669});
  const HoldoutValidation v = ValidateHoldout(model, testing::CdnowFromOrders().summaries, 39);
  const double predicted[] = {0.138, 0.600, 1.196, 1.714, 2.399, 2.907, 3.819, 6.403};
  for (int x = 0; x < 8; ++x) EXPECT_NEAR(v.bins[x].predicted_mean, predicted[x], 1e-3) << x;
  EXPECT_NEAR(v.predicted_total, 1665.69, 0.005);
}

TEST(HoldoutValidationTest, EmptyBinsAndCustomersOutsideTheCalibration) {
  std::vector<CustomerSummary> customers(3);
  customers[0].in_calibration = true;
  customers[0].x = 1, customers[0].t_x = 3, customers[0].T = 9, customers[0].x_holdout = 4;
  customers[1].x_holdout = 9;  // not in calibration: ignored
  customers[2].in_calibration = true;
  customers[2].x = 12, customers[2].t_x = 8, customers[2].T = 9, customers[2].x_holdout = 2;
  const BgNbdModel model({0.24, 4.4, 0.79, 2.4});
  const HoldoutValidation v = ValidateHoldout(model, customers, 10, 3);
  ASSERT_EQ(v.bins.size(), 4u);
  EXPECT_EQ(v.customers, 2);
  EXPECT_EQ(v.actual_total, 6);
  EXPECT_EQ(v.bins[0].customers, 0);
  EXPECT_EQ(v.bins[0].predicted_mean, 0);
  EXPECT_EQ(v.bins[1].actual_mean, 4);
  EXPECT_EQ(v.bins[3].actual_mean, 2);
  EXPECT_TRUE(v.bins[3].and_more);
  EXPECT_NEAR(v.bins[1].predicted_mean, model.ExpectedTransactions(1, 3, 9, 10), 1e-12);
  EXPECT_NEAR(v.predicted_total,
              model.ExpectedTransactions(1, 3, 9, 10) + model.ExpectedTransactions(12, 8, 9, 10),
              1e-12);
}

}  // namespace
}  // namespace encore::plugins::predictive
