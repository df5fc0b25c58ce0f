#include "model/order_size_alert.h"

#include <gtest/gtest.h>

#include "history_fixture.h"

namespace encore::plugins::lifecycle {
namespace {

using testing::History;

TEST(OrderSizeAlertTest, SteadyCustomerHalvingTheOrderIsAlerted) {
  const History h = History::Amounts({1000, 1000, 1000, 1000, 500});
  const OrderSizeAlert a = EvaluateOrderSize(h.view());
  EXPECT_TRUE(a.eligible);
  EXPECT_TRUE(a.alert);
  EXPECT_EQ(a.previous_used, 4);
  EXPECT_EQ(a.last_amount_minor, 500);
  EXPECT_DOUBLE_EQ(a.median_minor, 1000);
  EXPECT_DOUBLE_EQ(a.mad_minor, 0);
  EXPECT_DOUBLE_EQ(a.robust_bound_minor, 1000);
  EXPECT_DOUBLE_EQ(a.drop_bound_minor, 700);
  EXPECT_DOUBLE_EQ(a.drop_share, 0.5);
  EXPECT_EQ(a.last_purchase_day, 120);
}

TEST(OrderSizeAlertTest, WholesaleCustomerWithTypicalOrderIsNotAlerted) {
  const History h = History::Amounts({500000, 520000, 480000, 510000, 495000});
  const OrderSizeAlert a = EvaluateOrderSize(h.view());
  EXPECT_TRUE(a.eligible);
  EXPECT_FALSE(a.alert);
  EXPECT_DOUBLE_EQ(a.median_minor, 505000);
  EXPECT_DOUBLE_EQ(a.mad_minor, 10000);
  EXPECT_NEAR(a.robust_bound_minor, 505000 - 2.5 * 1.4826 * 10000, 1e-6);
  EXPECT_DOUBLE_EQ(a.drop_bound_minor, 353500);
}

TEST(OrderSizeAlertTest, VariableCustomerWithNormalDipIsNotAlerted) {
  // 2500 is 37.5% below the median 4000, but this customer's orders vary by +-2000 (MAD) anyway.
  const History h = History::Amounts({1000, 5000, 2000, 8000, 3000, 6000, 2500});
  const OrderSizeAlert a = EvaluateOrderSize(h.view());
  EXPECT_TRUE(a.eligible);
  EXPECT_FALSE(a.alert);
  EXPECT_DOUBLE_EQ(a.median_minor, 4000);
  EXPECT_DOUBLE_EQ(a.mad_minor, 2000);
  EXPECT_DOUBLE_EQ(a.drop_bound_minor, 2800);
  EXPECT_LT(a.robust_bound_minor, 0);
  EXPECT_DOUBLE_EQ(a.drop_share, 0.375);
}

TEST(OrderSizeAlertTest, MinimumDropBoundaryIsStrict) {
  // Median 1000, MAD 5: the robust bound 981.47 is passed; the 30% drop decides.
  EXPECT_FALSE(EvaluateOrderSize(History::Amounts({1000, 1010, 990, 1000, 800}).view()).alert);
  EXPECT_FALSE(EvaluateOrderSize(History::Amounts({1000, 1010, 990, 1000, 700}).view()).alert);
  const OrderSizeAlert a = EvaluateOrderSize(History::Amounts({1000, 1010, 990, 1000, 699}).view());
  EXPECT_TRUE(a.alert);
  EXPECT_DOUBLE_EQ(a.mad_minor, 5);
}

TEST(OrderSizeAlertTest, RobustBoundDecidesForSpreadCustomer) {
  // Median 1000, MAD 200: robust bound 1000 - 2.5 * 1.4826 * 200 = 258.7.
  const OrderSizeAlert above =
      EvaluateOrderSize(History::Amounts({1000, 1200, 800, 1200, 800, 259}).view());
  EXPECT_FALSE(above.alert);
  EXPECT_NEAR(above.robust_bound_minor, 258.7, 1e-9);
  EXPECT_TRUE(EvaluateOrderSize(History::Amounts({1000, 1200, 800, 1200, 800, 258}).view()).alert);
}

TEST(OrderSizeAlertTest, NeedsThreePreviousPurchases) {
  const OrderSizeAlert two = EvaluateOrderSize(History::Amounts({1000, 1000, 100}).view());
  EXPECT_FALSE(two.eligible);
  EXPECT_FALSE(two.alert);
  EXPECT_EQ(two.last_amount_minor, 100);
  const OrderSizeAlert three = EvaluateOrderSize(History::Amounts({1000, 1000, 1000, 100}).view());
  EXPECT_TRUE(three.eligible);
  EXPECT_TRUE(three.alert);
  EXPECT_EQ(three.previous_used, 3);
}

TEST(OrderSizeAlertTest, OneOrNoPurchaseIsNotEligible) {
  OrderSizeOptions any;
  any.min_previous = 0;
  EXPECT_FALSE(EvaluateOrderSize(History::Amounts({1000}).view(), any).eligible);
  EXPECT_FALSE(EvaluateOrderSize(History().view()).eligible);
}

TEST(OrderSizeAlertTest, ZeroAmountsFromHandMadeHistoryDoNotDivideByZero) {
  const OrderSizeAlert a = EvaluateOrderSize(History::Amounts({0, 0, 0, 0}).view());
  EXPECT_TRUE(a.eligible);
  EXPECT_FALSE(a.alert);
  EXPECT_DOUBLE_EQ(a.median_minor, 0);
  EXPECT_DOUBLE_EQ(a.drop_share, 0);
}

TEST(OrderSizeAlertTest, LargerOrderIsNeverAlerted) {
  EXPECT_FALSE(EvaluateOrderSize(History::Amounts({1000, 1000, 1000, 1000, 9000}).view()).alert);
}

TEST(OrderSizeAlertTest, WindowComparesWithRecentPurchasesOnly) {
  const History h = History::Amounts({100000, 100000, 100000, 1000, 1000, 1000, 600});
  const OrderSizeAlert all = EvaluateOrderSize(h.view());
  EXPECT_EQ(all.previous_used, 6);
  EXPECT_DOUBLE_EQ(all.median_minor, 50500);
  EXPECT_FALSE(all.alert);  // MAD 49500 swamps the drop

  OrderSizeOptions recent;
  recent.window = 3;
  const OrderSizeAlert last3 = EvaluateOrderSize(h.view(), recent);
  EXPECT_EQ(last3.previous_used, 3);
  EXPECT_DOUBLE_EQ(last3.median_minor, 1000);
  EXPECT_TRUE(last3.alert);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
