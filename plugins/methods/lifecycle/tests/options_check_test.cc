#include "model/options_check.h"

#include <gtest/gtest.h>

namespace encore::plugins::lifecycle {
namespace {

TEST(OptionsCheckTest, DefaultsAreValid) {
  EXPECT_EQ(CheckOptions(RhythmOptions{}), "");
  EXPECT_EQ(CheckOptions(OrderSizeOptions{}), "");
  EXPECT_EQ(CheckOptions(PopulationOptions{}), "");
  EXPECT_EQ(CheckOptions(ChurnOptions{}), "");
  EXPECT_EQ(CheckOptions(TierOptions{}), "");
}

TEST(OptionsCheckTest, RhythmMessagesNameTheField) {
  RhythmOptions o;
  o.factor = 0.5;
  EXPECT_EQ(CheckOptions(o), "factor must be at least 1, got 0.5");
  o.min_purchases = 1;  // the first bad field is reported
  EXPECT_EQ(CheckOptions(o), "min_purchases must be at least 2, got 1");
  RhythmOptions w;
  w.window_gaps = 65;
  EXPECT_EQ(CheckOptions(w), "window_gaps must be in 1..64, got 65");
  RhythmOptions q;
  q.upper_quantile = 0;
  EXPECT_EQ(CheckOptions(q), "upper_quantile must be in (0, 1], got 0");
}

TEST(OptionsCheckTest, OrderSizeBounds) {
  OrderSizeOptions o;
  o.min_drop = 1;
  EXPECT_EQ(CheckOptions(o), "min_drop must be in [0, 1), got 1");
  OrderSizeOptions z;
  z.z = -1;
  EXPECT_EQ(CheckOptions(z), "z must be at least 0, got -1");
}

TEST(OptionsCheckTest, PopulationBounds) {
  PopulationOptions o;
  o.churn_quantile = 1.5;
  EXPECT_EQ(CheckOptions(o), "churn_quantile must be in (0, 1], got 1.5");
  PopulationOptions h;
  h.second_order_horizon_days = -1;
  EXPECT_EQ(CheckOptions(h), "second_order_horizon_days must be at least 0, got -1");
  PopulationOptions s;
  s.min_gap_sample = 0;
  EXPECT_EQ(CheckOptions(s), "min_gap_sample must be at least 1, got 0");
}

TEST(OptionsCheckTest, ChurnAndTierBounds) {
  ChurnOptions c;
  c.lead_days = -3;
  EXPECT_EQ(CheckOptions(c), "lead_days must be at least 0, got -3");
  TierOptions t;
  t.b_share = 0.7;
  EXPECT_EQ(CheckOptions(t), "b_share must be in [a_share, 1], got 0.7");
  TierOptions a;
  a.a_share = 0;
  EXPECT_EQ(CheckOptions(a), "a_share must be in (0, 1], got 0");
}

}  // namespace
}  // namespace encore::plugins::lifecycle
