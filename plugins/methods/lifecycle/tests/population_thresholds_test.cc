#include "model/population_thresholds.h"

#include <gtest/gtest.h>

#include <vector>

#include "history_fixture.h"

namespace encore::plugins::lifecycle {
namespace {

using testing::History;

// Owns a population of hand-built histories and the views LearnPopulation reads.
class Population {
 public:
  void Add(History h) { histories_.push_back(std::move(h)); }
  std::vector<CustomerHistory> views() const {
    std::vector<CustomerHistory> v;
    for (const History& h : histories_) v.push_back(h.view());
    return v;
  }
  PopulationStats Learn(int32_t as_of_day, const PopulationOptions& options = {}) const {
    const auto v = views();
    return LearnPopulation(v.data(), v.size(), as_of_day, options);
  }

 private:
  std::vector<History> histories_;
};

// 100 customers first buying on day 0 with second purchases 1..100 days later, 50 one-time
// buyers of day 0, 20 late newcomers (first purchase day 300, second day 301) and one customer
// whose second purchase came after the horizon (day 250). As of day 400 the horizon is 200 days.
Population SecondOrderPopulation() {
  Population p;
  for (int32_t gap = 1; gap <= 100; ++gap) p.Add(History::OnDays({0, gap}));
  for (int i = 0; i < 50; ++i) p.Add(History::OnDays({0}));
  for (int i = 0; i < 20; ++i) p.Add(History::OnDays({300, 301}));
  p.Add(History::OnDays({0, 250}));
  return p;
}

TEST(LearnPopulationTest, SecondOrderDayIsQuantileOfObservedCohort) {
  const PopulationStats s = SecondOrderPopulation().Learn(400);
  EXPECT_EQ(s.customers, 171);
  EXPECT_EQ(s.one_time_buyers, 50);
  EXPECT_EQ(s.repeat_buyers, 121);
  EXPECT_EQ(s.second_order_horizon_days, 200);
  EXPECT_EQ(s.second_order_cohort, 151);  // newcomers of day 300 are not observed long enough
  EXPECT_EQ(s.second_order_sample, 100);  // the day-250 second purchase is past the horizon
  EXPECT_DOUBLE_EQ(s.second_order_conversion, 100.0 / 151.0);
  EXPECT_EQ(s.second_order_day, 80);  // rank ceil(0.8 * 100) of 1..100
  EXPECT_EQ(s.second_order_source, ThresholdSource::kLearned);
}

TEST(LearnPopulationTest, SecondOrderQuantileAndHorizonAreConfigurable) {
  PopulationOptions o;
  o.second_order_quantile = 0.5;
  o.second_order_horizon_days = 60;
  const PopulationStats s = SecondOrderPopulation().Learn(400, o);
  EXPECT_EQ(s.second_order_horizon_days, 60);
  EXPECT_EQ(s.second_order_cohort, 171);  // everybody first bought 100+ days before day 400
  EXPECT_EQ(s.second_order_sample, 80);   // gaps 1..60 and the 20 newcomers' gaps of 1
  EXPECT_EQ(s.second_order_day, 20);      // rank 40 of: 21 ones, then 2..60
}

TEST(LearnPopulationTest, HorizonBoundariesAreInclusive) {
  PopulationOptions o;
  o.second_order_horizon_days = 100;
  o.min_second_order_sample = 1;
  Population p;
  p.Add(History::OnDays({300, 400}));  // first purchase exactly 100 days before: in the cohort
  p.Add(History::OnDays({301}));       // 99 days: not yet observed for the whole horizon
  p.Add(History::OnDays({0, 100}));    // second purchase exactly at the horizon: counted
  p.Add(History::OnDays({0, 101}));    // one day later: not counted
  const PopulationStats s = p.Learn(400, o);
  EXPECT_EQ(s.second_order_cohort, 3);
  EXPECT_EQ(s.second_order_sample, 2);
  EXPECT_EQ(s.second_order_day, 100);
}

TEST(LearnPopulationTest, SecondOrderFallbackBelowMinimumSample) {
  Population p;
  for (int32_t gap = 1; gap <= 29; ++gap) p.Add(History::OnDays({0, gap}));
  const PopulationStats few = p.Learn(400);
  EXPECT_EQ(few.second_order_sample, 29);
  EXPECT_EQ(few.second_order_day, 60);
  EXPECT_EQ(few.second_order_source, ThresholdSource::kFallback);

  p.Add(History::OnDays({0, 30}));
  const PopulationStats enough = p.Learn(400);
  EXPECT_EQ(enough.second_order_sample, 30);
  EXPECT_EQ(enough.second_order_day, 24);  // rank ceil(0.8 * 30) = 24
  EXPECT_EQ(enough.second_order_source, ThresholdSource::kLearned);
}

TEST(LearnPopulationTest, OverridesReplaceLearnedValues) {
  PopulationOptions o;
  o.second_order_day_override = 45;
  o.churn_days_override = 365;
  const PopulationStats s = SecondOrderPopulation().Learn(400, o);
  EXPECT_EQ(s.second_order_day, 45);
  EXPECT_EQ(s.second_order_source, ThresholdSource::kOverride);
  EXPECT_EQ(s.churn_threshold_days, 365);
  EXPECT_EQ(s.churn_source, ThresholdSource::kOverride);
  EXPECT_EQ(s.second_order_sample, 100);  // still reported
}

// 200 customers with one gap each of 1..200 days.
Population GapPopulation(int32_t max_gap) {
  Population p;
  for (int32_t gap = 1; gap <= max_gap; ++gap) p.Add(History::OnDays({0, gap}));
  return p;
}

TEST(LearnPopulationTest, ChurnThresholdIsQuantileOfAllGaps) {
  const PopulationStats s = GapPopulation(200).Learn(1000);
  EXPECT_EQ(s.gap_sample, 200);
  EXPECT_EQ(s.churn_threshold_days, 190);
  EXPECT_EQ(s.churn_source, ThresholdSource::kLearned);

  PopulationOptions o;
  o.churn_quantile = 0.9;
  EXPECT_EQ(GapPopulation(200).Learn(1000, o).churn_threshold_days, 180);
}

TEST(LearnPopulationTest, ChurnThresholdCountsEveryGapOfEveryCustomer) {
  Population p;
  // One customer with 100 gaps of 5 days, one with 20 gaps of 50 days: 120 gaps.
  p.Add(History::Every(0, 5, 101));
  p.Add(History::Every(0, 50, 21));
  const PopulationStats s = p.Learn(2000);
  EXPECT_EQ(s.gap_sample, 120);
  EXPECT_EQ(s.churn_threshold_days, 50);  // rank 114 > 100 lies among the 50-day gaps
  PopulationOptions o;
  o.churn_quantile = 0.8;
  EXPECT_EQ(p.Learn(2000, o).churn_threshold_days, 5);  // rank 96
}

TEST(LearnPopulationTest, ChurnFallbackBelowMinimumSample) {
  const PopulationStats few = GapPopulation(99).Learn(1000);
  EXPECT_EQ(few.gap_sample, 99);
  EXPECT_EQ(few.churn_threshold_days, 180);
  EXPECT_EQ(few.churn_source, ThresholdSource::kFallback);
  const PopulationStats enough = GapPopulation(100).Learn(1000);
  EXPECT_EQ(enough.churn_threshold_days, 95);
  EXPECT_EQ(enough.churn_source, ThresholdSource::kLearned);
}

TEST(LearnPopulationTest, EmptyPopulationFallsBack) {
  const PopulationStats s = LearnPopulation(nullptr, 0, 100);
  EXPECT_EQ(s.customers, 0);
  EXPECT_EQ(s.second_order_horizon_days, 0);
  EXPECT_EQ(s.second_order_cohort, 0);
  EXPECT_DOUBLE_EQ(s.second_order_conversion, 0);
  EXPECT_EQ(s.second_order_day, 60);
  EXPECT_EQ(s.churn_threshold_days, 180);
  EXPECT_EQ(s.second_order_source, ThresholdSource::kFallback);
  EXPECT_EQ(s.churn_source, ThresholdSource::kFallback);
}

PopulationStats Thresholds(int32_t second_order_day, int32_t churn_days) {
  PopulationStats s;
  s.second_order_day = second_order_day;
  s.churn_threshold_days = churn_days;
  return s;
}

TEST(SecondOrderSignalTest, OneTimeBuyerBetweenSecondOrderDayAndChurnIsAlerted) {
  const History once = History::OnDays({100});
  const PopulationStats s = Thresholds(80, 190);
  EXPECT_FALSE(EvaluateSecondOrder(once.view(), 180, s).alert);  // 80 days: not later than usual
  const SecondOrderSignal a = EvaluateSecondOrder(once.view(), 181, s);
  EXPECT_TRUE(a.alert);
  EXPECT_EQ(a.days_since_first, 81);
  EXPECT_EQ(a.first_purchase_day, 100);
  EXPECT_EQ(a.second_order_day, 80);
  EXPECT_EQ(a.churn_threshold_days, 190);
  EXPECT_TRUE(EvaluateSecondOrder(once.view(), 290, s).alert);   // 190 days: still in reach
  EXPECT_FALSE(EvaluateSecondOrder(once.view(), 291, s).alert);  // past the churn threshold
}

TEST(SecondOrderSignalTest, RepeatBuyersAndCustomersWithoutPurchaseAreNotAlerted) {
  const PopulationStats s = Thresholds(80, 190);
  EXPECT_FALSE(EvaluateSecondOrder(History::OnDays({0, 10}).view(), 100, s).alert);
  const SecondOrderSignal none = EvaluateSecondOrder(History().view(), 100, s);
  EXPECT_FALSE(none.alert);
  EXPECT_EQ(none.days_since_first, 0);
}

TEST(ChurnSignalTest, StagesAroundThreshold) {
  const PopulationStats s = Thresholds(80, 100);
  const History h = History::OnDays({0, 50});
  const ChurnSignal active = EvaluateChurn(h.view(), 135, s);  // 85 days silent
  EXPECT_EQ(active.stage, ChurnStage::kActive);
  EXPECT_EQ(active.days_silent, 85);
  EXPECT_EQ(active.days_to_threshold, 15);
  EXPECT_EQ(active.lead_days, 14);
  EXPECT_EQ(active.threshold_days, 100);
  EXPECT_EQ(active.last_purchase_day, 50);

  EXPECT_EQ(EvaluateChurn(h.view(), 136, s).stage, ChurnStage::kLastCall);  // 86 = 100 - 14
  const ChurnSignal last = EvaluateChurn(h.view(), 150, s);                 // 100
  EXPECT_EQ(last.stage, ChurnStage::kLastCall);
  EXPECT_EQ(last.days_to_threshold, 0);
  const ChurnSignal churned = EvaluateChurn(h.view(), 151, s);  // 101
  EXPECT_EQ(churned.stage, ChurnStage::kChurned);
  EXPECT_EQ(churned.days_to_threshold, -1);
}

TEST(ChurnSignalTest, LeadShareWidensLastCall) {
  const PopulationStats s = Thresholds(80, 100);
  ChurnOptions o;
  o.lead_share = 0.2;
  const History h = History::OnDays({0});
  const ChurnSignal at80 = EvaluateChurn(h.view(), 80, s, o);
  EXPECT_EQ(at80.lead_days, 20);
  EXPECT_EQ(at80.stage, ChurnStage::kLastCall);
  EXPECT_EQ(EvaluateChurn(h.view(), 79, s, o).stage, ChurnStage::kActive);
  o.lead_share = 0.05;  // 5 days < 14: the fixed lead wins
  EXPECT_EQ(EvaluateChurn(h.view(), 80, s, o).lead_days, 14);
}

TEST(ChurnSignalTest, NoPurchaseHasNoStage) {
  EXPECT_EQ(EvaluateChurn(History().view(), 100, Thresholds(80, 100)).stage, ChurnStage::kNone);
  EXPECT_STREQ(ToString(ChurnStage::kLastCall), "last_call");
  EXPECT_STREQ(ToString(ThresholdSource::kFallback), "fallback");
}

}  // namespace
}  // namespace encore::plugins::lifecycle
