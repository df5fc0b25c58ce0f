#include "model/rhythm_alert.h"

#include <gtest/gtest.h>

#include "history_fixture.h"

namespace encore::plugins::lifecycle {
namespace {

using testing::History;

TEST(RhythmAlertTest, QuarterlyBuyerSilentSixtyDaysIsNotAlerted) {
  const History h = History::Every(0, 90, 5);  // days 0, 90, 180, 270, 360
  const RhythmAlert a = EvaluateRhythm(h.view(), 420);
  EXPECT_TRUE(a.eligible);
  EXPECT_FALSE(a.alert);
  EXPECT_EQ(a.purchases, 5);
  EXPECT_EQ(a.gaps_used, 4);
  EXPECT_DOUBLE_EQ(a.median_gap_days, 90);
  EXPECT_DOUBLE_EQ(a.upper_gap_days, 90);
  EXPECT_DOUBLE_EQ(a.threshold_days, 135);
  EXPECT_EQ(a.days_silent, 60);
  EXPECT_DOUBLE_EQ(a.ratio, 60.0 / 90.0);
  EXPECT_EQ(a.last_purchase_day, 360);
}

TEST(RhythmAlertTest, MonthlyBuyerSilentPastOneAndAHalfIntervalsIsAlerted) {
  const History h = History::Every(0, 30, 5);  // last purchase on day 120
  const RhythmAlert a = EvaluateRhythm(h.view(), 166);
  EXPECT_TRUE(a.eligible);
  EXPECT_TRUE(a.alert);
  EXPECT_DOUBLE_EQ(a.median_gap_days, 30);
  EXPECT_DOUBLE_EQ(a.threshold_days, 45);
  EXPECT_EQ(a.days_silent, 46);
  EXPECT_DOUBLE_EQ(a.ratio, 46.0 / 30.0);
  EXPECT_EQ(a.last_purchase_day, 120);
}

TEST(RhythmAlertTest, SilenceExactlyAtThresholdIsNotAlerted) {
  const History h = History::Every(0, 30, 5);
  const RhythmAlert a = EvaluateRhythm(h.view(), 165);
  EXPECT_EQ(a.days_silent, 45);
  EXPECT_DOUBLE_EQ(a.threshold_days, 45);
  EXPECT_FALSE(a.alert);
}

TEST(RhythmAlertTest, OwnLongestUsualGapRaisesTheThreshold) {
  // Gaps 10, 10, 10, 40: median 10 (threshold 15 by factor), but the 0.9 gap (rank 4) is 40.
  const History h = History::OnDays({0, 10, 20, 30, 70});
  EXPECT_DOUBLE_EQ(EvaluateRhythm(h.view(), 110).threshold_days, 40);
  EXPECT_FALSE(EvaluateRhythm(h.view(), 110).alert);  // 40 days silent
  EXPECT_TRUE(EvaluateRhythm(h.view(), 111).alert);   // 41 days silent
  EXPECT_DOUBLE_EQ(EvaluateRhythm(h.view(), 111).upper_gap_days, 40);
  EXPECT_DOUBLE_EQ(EvaluateRhythm(h.view(), 111).median_gap_days, 10);
}

TEST(RhythmAlertTest, EvenNumberOfGapsUsesMeanOfMiddleGaps) {
  const History h = History::OnDays({0, 10, 30, 60, 100});  // gaps 10 20 30 40
  const RhythmAlert a = EvaluateRhythm(h.view(), 140);
  EXPECT_DOUBLE_EQ(a.median_gap_days, 25);
  EXPECT_DOUBLE_EQ(a.upper_gap_days, 40);
  EXPECT_DOUBLE_EQ(a.threshold_days, 40);
  EXPECT_FALSE(a.alert);
}

TEST(RhythmAlertTest, TooFewPurchasesAreNotEligible) {
  const History h = History::OnDays({0, 10, 20});  // 2 gaps < 3
  const RhythmAlert a = EvaluateRhythm(h.view(), 500);
  EXPECT_FALSE(a.eligible);
  EXPECT_FALSE(a.alert);
  EXPECT_EQ(a.purchases, 3);
  EXPECT_EQ(a.days_silent, 480);
  EXPECT_EQ(a.last_purchase_day, 20);

  RhythmOptions three;
  three.min_purchases = 3;
  const RhythmAlert b = EvaluateRhythm(h.view(), 500, three);
  EXPECT_TRUE(b.eligible);
  EXPECT_TRUE(b.alert);
  EXPECT_DOUBLE_EQ(b.median_gap_days, 10);
}

TEST(RhythmAlertTest, OneOrNoPurchaseIsNotEligible) {
  const History one = History::OnDays({5});
  const RhythmAlert a = EvaluateRhythm(one.view(), 100);
  EXPECT_FALSE(a.eligible);
  EXPECT_FALSE(a.alert);
  EXPECT_EQ(a.days_silent, 95);

  RhythmOptions any;
  any.min_purchases = 0;
  EXPECT_FALSE(EvaluateRhythm(one.view(), 100, any).eligible);  // one purchase has no gap

  const History none;
  const RhythmAlert b = EvaluateRhythm(none.view(), 100);
  EXPECT_FALSE(b.eligible);
  EXPECT_EQ(b.purchases, 0);
  EXPECT_EQ(b.days_silent, 0);
}

TEST(RhythmAlertTest, ZeroGapsFromUnmergedHistoryUseOneDayFloor) {
  const History h = History::OnDays({5, 5, 5, 5});
  const RhythmAlert a = EvaluateRhythm(h.view(), 6);
  EXPECT_TRUE(a.eligible);
  EXPECT_DOUBLE_EQ(a.median_gap_days, 0);
  EXPECT_DOUBLE_EQ(a.threshold_days, 1.5);
  EXPECT_FALSE(a.alert);  // 1 day silent
  EXPECT_DOUBLE_EQ(a.ratio, 1);
  EXPECT_TRUE(EvaluateRhythm(h.view(), 7).alert);  // 2 days silent
}

TEST(RhythmAlertTest, WindowKeepsOnlyRecentGaps) {
  // Quarterly for a year, then every 10 days.
  const History h = History::OnDays({0, 100, 200, 300, 310, 320, 330});
  const RhythmAlert all = EvaluateRhythm(h.view(), 360);  // 6 gaps: 100 100 100 10 10 10
  EXPECT_EQ(all.gaps_used, 6);
  EXPECT_DOUBLE_EQ(all.median_gap_days, 55);
  EXPECT_FALSE(all.alert);

  RhythmOptions recent;
  recent.window_gaps = 3;
  const RhythmAlert last3 = EvaluateRhythm(h.view(), 360, recent);
  EXPECT_EQ(last3.gaps_used, 3);
  EXPECT_DOUBLE_EQ(last3.median_gap_days, 10);
  EXPECT_DOUBLE_EQ(last3.threshold_days, 15);
  EXPECT_TRUE(last3.alert);  // 30 days silent
}

TEST(RhythmAlertTest, FactorIsConfigurable) {
  const History h = History::Every(0, 30, 5);
  RhythmOptions strict;
  strict.factor = 2.0;
  EXPECT_FALSE(EvaluateRhythm(h.view(), 180, strict).alert);  // 60 days = 2 * 30
  EXPECT_TRUE(EvaluateRhythm(h.view(), 181, strict).alert);
}

TEST(RhythmAlertTest, WindowLongerThanMaximumIsClamped) {
  const History h = History::Every(0, 1, 100);  // 99 gaps of 1 day
  RhythmOptions wide;
  wide.window_gaps = 1000;
  const RhythmAlert a = EvaluateRhythm(h.view(), 99, wide);
  EXPECT_EQ(a.gaps_used, kMaxWindow);
  EXPECT_DOUBLE_EQ(a.median_gap_days, 1);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
