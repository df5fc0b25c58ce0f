// The cycle test and the due window on hand-made purchase lists.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "plugins/methods/replenishment/purchase_cycles.h"

namespace encore::plugins::replenishment {
namespace {

// Purchases on `days`, each of `quantity_milli`, at 10:00 UTC of the day.
std::vector<ItemPurchase> On(const std::vector<int32_t>& days, int64_t quantity_milli = 1000) {
  std::vector<ItemPurchase> out;
  for (int32_t d : days) out.push_back(ItemPurchase{d, d * int64_t{86400} + 36000, quantity_milli});
  return out;
}

Cycle Detect(const std::vector<ItemPurchase>& p, const CycleOptions& o = {}) {
  return DetectCycle(p.data(), p.size(), o);
}

TEST(PurchaseCyclesTest, ThirtyDaysGiveOrTakeOneIsRegular) {
  const Cycle c = Detect(On({100, 130, 159, 190, 220}));  // intervals 30, 29, 31, 30
  EXPECT_TRUE(c.regular);
  EXPECT_EQ(c.purchases, 5);
  EXPECT_EQ(c.intervals_used, 4);
  EXPECT_EQ(c.usual_interval_days, 30);
  EXPECT_NEAR(c.interval_cv, std::sqrt(0.5) / 30, 1e-15);
  EXPECT_EQ(c.last_day, 220);
  EXPECT_EQ(c.last_time, 220 * 86400 + 36000);
  EXPECT_EQ(c.usual_quantity, 1.0);
}

TEST(PurchaseCyclesTest, IrregularIntervalsAreNot) {
  // Intervals 5, 60, 10, 45: mean 30, standard deviation 23.5, CV 0.78.
  const Cycle c = Detect(On({0, 5, 65, 75, 120}));
  EXPECT_FALSE(c.regular);
  EXPECT_NEAR(c.interval_cv, std::sqrt((625.0 + 900 + 400 + 225) / 4) / 30, 1e-15);
  CycleOptions loose;
  loose.max_cv = 0.8;
  EXPECT_TRUE(Detect(On({0, 5, 65, 75, 120}), loose).regular);
}

TEST(PurchaseCyclesTest, TwoPurchasesOrFewerThanMinPurchasesAreNot) {
  EXPECT_FALSE(Detect(On({0, 30})).regular);
  EXPECT_EQ(Detect(On({0, 30})).last_day, 30);
  EXPECT_TRUE(Detect(On({0, 30, 60})).regular);
  CycleOptions four;
  four.min_purchases = 4;
  EXPECT_FALSE(Detect(On({0, 30, 60}), four).regular);
  EXPECT_TRUE(Detect(On({0, 30, 60, 90}), four).regular);
}

TEST(PurchaseCyclesTest, ShortIntervalsAreShoppingNotReplenishment) {
  EXPECT_FALSE(Detect(On({0, 3, 6, 9})).regular);  // every 3 days, below min_interval_days 7
  EXPECT_TRUE(Detect(On({0, 7, 14, 21})).regular);
}

TEST(PurchaseCyclesTest, EvenNumberOfIntervalsHasAHalfDayMedian) {
  const Cycle c = Detect(On({0, 30, 61}, 2000));  // intervals 30, 31
  EXPECT_EQ(c.usual_interval_days, 30.5);
  EXPECT_EQ(c.usual_quantity, 2.0);
  const CycleState s = StateOf(c, 61 + 28, CycleOptions{});
  EXPECT_EQ(s.expected_at, 61 * 86400 + 36000 + 30 * 86400 + 43200);
  EXPECT_EQ(s.stage, CycleStage::kDue);                                       // 28 >= 30.5 - 3
  EXPECT_EQ(StateOf(c, 61 + 27, CycleOptions{}).stage, CycleStage::kNotDue);  // 27 < 27.5
}

TEST(PurchaseCyclesTest, OnlyTheMostRecentWindowCounts) {
  // Every 60 days for a long time, then every 30 days: with a window of 3 intervals the rhythm
  // is the new 30 days, without any spread; over all six intervals it is 45.
  const std::vector<ItemPurchase> p = On({0, 60, 120, 180, 210, 240, 270});
  CycleOptions three;
  three.window_intervals = 3;
  const Cycle recent = Detect(p, three);
  EXPECT_TRUE(recent.regular);
  EXPECT_EQ(recent.usual_interval_days, 30);
  EXPECT_EQ(recent.intervals_used, 3);
  EXPECT_EQ(recent.interval_cv, 0);
  const Cycle all = Detect(p);
  EXPECT_EQ(all.intervals_used, 6);
  EXPECT_EQ(all.usual_interval_days, 45);  // median of 30, 30, 30, 60, 60, 60
  EXPECT_NEAR(all.interval_cv, 15.0 / 45, 1e-15);
}

TEST(PurchaseCyclesTest, DueFromLeadDaysBeforeUntilLapsed) {
  const Cycle c = Detect(On({0, 30, 60}));
  const CycleOptions o;  // lead 3 days, lapsed after 1 x 30 days overdue
  EXPECT_EQ(StateOf(c, 60 + 26, o).stage, CycleStage::kNotDue);
  EXPECT_EQ(StateOf(c, 60 + 27, o).stage, CycleStage::kDue);
  EXPECT_EQ(StateOf(c, 60 + 30, o).stage, CycleStage::kDue);
  EXPECT_EQ(StateOf(c, 60 + 60, o).stage, CycleStage::kDue);  // 30 days overdue: not more
  EXPECT_EQ(StateOf(c, 60 + 61, o).stage, CycleStage::kLapsed);
  const CycleState s = StateOf(c, 60 + 45, o);
  EXPECT_EQ(s.days_since_last_purchase, 45);
  EXPECT_EQ(s.days_overdue, 15);
  EXPECT_EQ(s.expected_at, 90 * 86400 + 36000);
  CycleOptions strict;
  strict.max_overdue_factor = 0.5;
  strict.lead_days = 0;
  EXPECT_EQ(StateOf(c, 60 + 29, strict).stage, CycleStage::kNotDue);
  EXPECT_EQ(StateOf(c, 60 + 30, strict).stage, CycleStage::kDue);
  EXPECT_EQ(StateOf(c, 60 + 45, strict).stage, CycleStage::kDue);
  EXPECT_EQ(StateOf(c, 60 + 46, strict).stage, CycleStage::kLapsed);
}

}  // namespace
}  // namespace encore::plugins::replenishment
