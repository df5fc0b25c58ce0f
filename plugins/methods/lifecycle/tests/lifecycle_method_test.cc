// The lifecycle plugin through its real binary, on hand-built datasets: every alert with its
// negative cases, churn stages, value tiers, customers without a purchase or a visible order,
// threshold sources and their warnings, configuration errors and cancellation.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace encore::plugins::lifecycle {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
// 2024-04-01T00:00:00Z; the datasets' as_of is the end of that day.
constexpr int64_t kAsOfMidnight = 19814 * kDay;

// An order of `customer` placed `days_before` days before the as-of day (at 01:00 UTC).
OrderLine Order(const std::string& order, const std::string& customer, int64_t days_before,
                int64_t amount_minor) {
  return OrderLine{order,        customer, kAsOfMidnight - days_before * kDay + 3600, "P1", 1000,
                   amount_minor, ""};
}

// Orders of `amounts` every `every` days, the last one `last_days_before` days before as-of.
void AddSeries(DatasetBuilder& builder, const std::string& customer, int64_t last_days_before,
               int64_t every, const std::vector<int64_t>& amounts) {
  const int64_t n = static_cast<int64_t>(amounts.size());
  for (int64_t i = 0; i < n; ++i) {
    builder.add(Order(customer + "-" + std::to_string(i), customer,
                      last_days_before + (n - 1 - i) * every, amounts[static_cast<size_t>(i)]));
  }
}

// Thresholds fixed by override, so that small hand-made datasets give exact stages.
json Overrides(int second_order_day = 60, int churn_days = 180) {
  return json{{"second_order_day_override", second_order_day}, {"churn_days_override", churn_days}};
}

class LifecycleMethodTest : public sdk::testing::MethodPluginTest {
 protected:
  LifecycleMethodTest() : MethodPluginTest(ENCORE_LIFECYCLE_PLUGIN) {}
};

TEST_F(LifecycleMethodTest, DescribesItselfWithTheModelDefaults) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "lifecycle");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 22u);
  std::map<std::string, std::string> defaults;
  for (size_t i = 0; i < d.option_count; ++i)
    defaults[d.options[i].name] = d.options[i].default_json;
  EXPECT_EQ(defaults["rhythm_min_purchases"], "4");
  EXPECT_EQ(defaults["rhythm_factor"], "1.5");
  EXPECT_EQ(defaults["rhythm_upper_quantile"], "0.9");
  EXPECT_EQ(defaults["rhythm_window_gaps"], "24");
  EXPECT_EQ(defaults["order_size_min_previous"], "3");
  EXPECT_EQ(defaults["order_size_window"], "12");
  EXPECT_EQ(defaults["order_size_z"], "2.5");
  EXPECT_EQ(defaults["order_size_min_drop"], "0.3");
  EXPECT_EQ(defaults["second_order_quantile"], "0.8");
  EXPECT_EQ(defaults["min_second_order_sample"], "30");
  EXPECT_EQ(defaults["fallback_second_order_day"], "60");
  EXPECT_EQ(defaults["churn_quantile"], "0.95");
  EXPECT_EQ(defaults["min_gap_sample"], "100");
  EXPECT_EQ(defaults["fallback_churn_days"], "180");
  EXPECT_EQ(defaults["churn_lead_days"], "14");
  EXPECT_EQ(defaults["tier_a_share"], "0.8");
  EXPECT_EQ(defaults["tier_b_share"], "0.95");
  EXPECT_EQ(defaults["threads"], "2");
}

TEST_F(LifecycleMethodTest, RhythmAlertOnlyAfterTheCustomersOwnThreshold) {
  DatasetBuilder builder;
  AddSeries(builder, "monthly46", 46, 30, {1000, 1000, 1000, 1000, 1000});
  AddSeries(builder, "monthly45", 45, 30, {1000, 1000, 1000, 1000, 1000});
  // Every 90 days and silent for 60: within their own rhythm (threshold 135).
  AddSeries(builder, "quarterly60", 60, 90, {1000, 1000, 1000, 1000, 1000});
  // Three purchases are not enough history for a rhythm of their own (min_purchases 4).
  AddSeries(builder, "three", 100, 10, {1000, 1000, 1000});
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(Overrides(60, 365), *data);
  ASSERT_TRUE(run.ok()) << run.message;

  const uint32_t m46 = data->customer("monthly46"), m45 = data->customer("monthly45");
  const uint32_t q60 = data->customer("quarterly60"), three = data->customer("three");
  EXPECT_EQ(run.i64("rhythm_alert", m46), 1);
  EXPECT_EQ(run.i64("days_silent", m46), 46);
  EXPECT_EQ(run.f64("usual_interval_days", m46), 30.0);
  EXPECT_EQ(run.str("alerts", m46), "rhythm");

  EXPECT_EQ(run.i64("rhythm_alert", m45), 0);
  EXPECT_EQ(run.i64("days_silent", m45), 45);
  EXPECT_EQ(run.str("alerts", m45), "");

  EXPECT_EQ(run.i64("rhythm_alert", q60), 0);
  EXPECT_EQ(run.i64("days_silent", q60), 60);
  EXPECT_EQ(run.f64("usual_interval_days", q60), 90.0);
  EXPECT_EQ(run.str("alerts", q60), "");

  EXPECT_EQ(run.i64("rhythm_alert", three), 0);
  EXPECT_TRUE(run.column("usual_interval_days").is_null(three));
  EXPECT_FALSE(run.column("usual_interval_days").is_null(m46));
  EXPECT_EQ(run.i64("days_silent", three), 100);

  for (uint32_t c : {m46, m45, q60, three}) EXPECT_EQ(run.str("churn_stage", c), "active");
  EXPECT_EQ(run.json_metric("lifecycle.alert_counts"),
            json({{"rhythm", 1}, {"smaller_order", 0}, {"no_second_order", 0}, {"last_call", 0}}));
}

TEST_F(LifecycleMethodTest, SmallerOrderAlertIsRelativeToTheCustomersOwnOrders) {
  DatasetBuilder builder;
  AddSeries(builder, "halved", 10, 30, {1000, 1000, 1000, 1000, 500});
  // A wholesale customer whose latest order is ordinary for them.
  AddSeries(builder, "wholesale", 10, 30, {500000, 520000, 480000, 510000, 495000});
  // 37.5% below the median 4000, but normal for a customer whose orders swing this much.
  AddSeries(builder, "variable", 10, 30, {1000, 5000, 2000, 8000, 3000, 6000, 2500});
  // A 5% dip of a customer who always spends the same is not commercially relevant.
  AddSeries(builder, "steady", 10, 30, {1000, 1000, 1000, 1000, 950});
  // Only two previous purchases: no usual size yet (min_previous 3).
  AddSeries(builder, "short", 10, 30, {1000, 1000, 100});
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(Overrides(), *data);
  ASSERT_TRUE(run.ok()) << run.message;

  const uint32_t halved = data->customer("halved"), wholesale = data->customer("wholesale");
  const uint32_t variable = data->customer("variable"), steady = data->customer("steady");
  const uint32_t short_history = data->customer("short");
  EXPECT_EQ(run.i64("smaller_order_alert", halved), 1);
  EXPECT_EQ(run.i64("usual_order_minor", halved), 1000);
  EXPECT_EQ(run.i64("last_order_minor", halved), 500);
  EXPECT_EQ(run.str("alerts", halved), "smaller_order");

  EXPECT_EQ(run.i64("smaller_order_alert", wholesale), 0);
  EXPECT_EQ(run.i64("usual_order_minor", wholesale), 505000);
  EXPECT_EQ(run.i64("last_order_minor", wholesale), 495000);

  EXPECT_EQ(run.i64("smaller_order_alert", variable), 0);
  EXPECT_EQ(run.i64("usual_order_minor", variable), 4000);
  EXPECT_EQ(run.i64("last_order_minor", variable), 2500);

  EXPECT_EQ(run.i64("smaller_order_alert", steady), 0);
  EXPECT_EQ(run.i64("usual_order_minor", steady), 1000);

  EXPECT_EQ(run.i64("smaller_order_alert", short_history), 0);
  EXPECT_EQ(run.i64("usual_order_minor", short_history), 0);
  EXPECT_EQ(run.i64("last_order_minor", short_history), 100);
  for (uint32_t c : {wholesale, variable, steady, short_history}) {
    EXPECT_EQ(run.str("alerts", c), "");
    EXPECT_EQ(run.i64("rhythm_alert", c), 0);
  }
  EXPECT_EQ(run.json_metric("lifecycle.alert_counts")["smaller_order"], 1);
}

TEST_F(LifecycleMethodTest, OrdersOfOneDayAreOnePurchaseAndReturnsAreNone) {
  DatasetBuilder builder;
  AddSeries(builder, "split", 40, 30, {1000, 1000, 1000, 1000});
  // A basket split into two order numbers on the latest day, and a credit note after it.
  builder.add(Order("split-extra", "split", 40, 300));
  builder.add(Order("split-credit", "split", 5, -200));
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(Overrides(), *data);
  ASSERT_TRUE(run.ok()) << run.message;

  const uint32_t c = data->customer("split");
  EXPECT_EQ(run.i64("last_order_minor", c), 1300);
  EXPECT_EQ(run.i64("usual_order_minor", c), 1000);
  EXPECT_EQ(run.i64("days_silent", c), 40);  // the credit note does not end the silence
  EXPECT_EQ(run.f64("usual_interval_days", c), 30.0);
  EXPECT_EQ(run.i64("rhythm_alert", c), 0);  // 40 is not above 45
}

TEST_F(LifecycleMethodTest, NoSecondOrderBetweenTheSecondOrderDayAndTheChurnThreshold) {
  DatasetBuilder builder;
  builder.add(Order("a", "once60", 60, 1000));
  builder.add(Order("b", "once61", 61, 1000));
  builder.add(Order("c", "once180", 180, 1000));
  builder.add(Order("d", "once181", 181, 1000));
  builder.add(Order("e1", "twice", 100, 1000));
  builder.add(Order("e2", "twice", 90, 1000));
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(Overrides(60, 180), *data);
  ASSERT_TRUE(run.ok()) << run.message;

  auto at = [&](const char* id) { return data->customer(id); };
  EXPECT_EQ(run.i64("no_second_order_alert", at("once60")), 0);
  EXPECT_EQ(run.str("alerts", at("once60")), "");
  EXPECT_EQ(run.i64("no_second_order_alert", at("once61")), 1);
  EXPECT_EQ(run.str("alerts", at("once61")), "no_second_order");
  EXPECT_EQ(run.str("churn_stage", at("once61")), "active");
  // Still within the threshold, and in its last 14 days: both alerts.
  EXPECT_EQ(run.i64("no_second_order_alert", at("once180")), 1);
  EXPECT_EQ(run.str("churn_stage", at("once180")), "last_call");
  EXPECT_EQ(run.str("alerts", at("once180")), "no_second_order,last_call");
  // Past the threshold the customer is churned, no longer a conversion case.
  EXPECT_EQ(run.i64("no_second_order_alert", at("once181")), 0);
  EXPECT_EQ(run.str("churn_stage", at("once181")), "churned");
  EXPECT_EQ(run.str("alerts", at("once181")), "");
  EXPECT_EQ(run.i64("no_second_order_alert", at("twice")), 0);
  for (const char* id : {"once60", "once61", "once180", "once181", "twice"}) {
    EXPECT_TRUE(run.column("usual_interval_days").is_null(at(id))) << id;
  }
  EXPECT_EQ(run.metric("lifecycle.one_time_buyers"), 4.0);
  EXPECT_EQ(run.json_metric("lifecycle.alert_counts"),
            json({{"rhythm", 0}, {"smaller_order", 0}, {"no_second_order", 2}, {"last_call", 1}}));
  EXPECT_EQ(run.json_metric("lifecycle.churn_stages"),
            json({{"active", 3}, {"last_call", 1}, {"churned", 1}, {"none", 0}}));
}

TEST_F(LifecycleMethodTest, ChurnStagesAroundTheThresholdWithLeadDaysOrLeadShare) {
  DatasetBuilder builder;
  for (int silent : {134, 135, 165, 166, 180, 181}) {
    const std::string id = "silent" + std::to_string(silent);
    builder.add(Order(id + "-1", id, silent + 20, 1000));
    builder.add(Order(id + "-2", id, silent, 1000));
  }
  auto data = builder.as_of("2024-04-01").Build();
  auto stage = [&](const MethodRun& run, int silent) {
    return run.str("churn_stage", data->customer("silent" + std::to_string(silent)));
  };

  const MethodRun lead_days = Run(Overrides(60, 180), *data);  // lead 14: last call from 166
  ASSERT_TRUE(lead_days.ok()) << lead_days.message;
  EXPECT_EQ(stage(lead_days, 135), "active");
  EXPECT_EQ(stage(lead_days, 165), "active");
  EXPECT_EQ(stage(lead_days, 166), "last_call");
  EXPECT_EQ(stage(lead_days, 180), "last_call");
  EXPECT_EQ(stage(lead_days, 181), "churned");
  EXPECT_EQ(lead_days.str("alerts", data->customer("silent166")), "last_call");
  EXPECT_EQ(lead_days.metric("lifecycle.churn_threshold_days"), 180.0);

  json config = Overrides(60, 180);
  config["churn_lead_share"] = 0.25;  // lead max(14, 45) = 45: last call from 135
  const MethodRun lead_share = Run(config, *data);
  ASSERT_TRUE(lead_share.ok()) << lead_share.message;
  EXPECT_EQ(stage(lead_share, 134), "active");
  EXPECT_EQ(stage(lead_share, 135), "last_call");
  EXPECT_EQ(stage(lead_share, 181), "churned");
}

TEST_F(LifecycleMethodTest, ValueTiersWithTheTieAtTheBorderAndCustomersWithoutAPurchase) {
  // Revenues 500, 200, 100, 100, 50, 30, 20, 0, -10 (ALERTS.md, "Value tiers").
  DatasetBuilder builder;
  const std::vector<std::pair<std::string, int64_t>> revenues = {
      {"r500", 500}, {"r200", 200}, {"r100a", 100}, {"r100b", 100}, {"r50", 50},
      {"r30", 30},   {"r20", 20},   {"zero", 0},    {"credit", -10}};
  for (const auto& [id, revenue] : revenues) builder.add(Order(id, id, 30, revenue));
  builder.add(Order("late", "future", -1, 1000));  // after as-of: not visible
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(Overrides(), *data);
  ASSERT_TRUE(run.ok()) << run.message;

  const std::vector<std::string> expected = {"A", "A", "A", "A", "B", "C", "C", "C", "C"};
  for (size_t i = 0; i < revenues.size(); ++i) {
    EXPECT_EQ(run.str("value_tier", data->customer(revenues[i].first)), expected[i])
        << revenues[i].first;
  }
  EXPECT_EQ(run.json_metric("lifecycle.tier_sizes"), json({{"A", 4}, {"B", 1}, {"C", 4}}));
  EXPECT_DOUBLE_EQ(run.metric("lifecycle.pareto_share"), 4.0 / 9.0);
  EXPECT_DOUBLE_EQ(run.metric("lifecycle.a_revenue_share"), 0.9);
  EXPECT_EQ(run.metric("lifecycle.customers"), 9.0);

  // Orders but no purchase: silent since the last order, no stage, no alert, no order sizes.
  const uint32_t credit = data->customer("credit");
  EXPECT_EQ(run.str("churn_stage", credit), "none");
  EXPECT_EQ(run.i64("days_silent", credit), 30);
  EXPECT_EQ(run.i64("last_order_minor", credit), 0);
  EXPECT_EQ(run.str("alerts", credit), "");
  EXPECT_EQ(run.json_metric("lifecycle.churn_stages"),
            json({{"active", 7}, {"last_call", 0}, {"churned", 0}, {"none", 2}}));

  // No visible order: no scores at all (the daemon drops the row).
  const uint32_t future = data->customer("future");
  EXPECT_EQ(run.str("value_tier", future), "");
  EXPECT_EQ(run.str("churn_stage", future), "");
  EXPECT_EQ(run.str("alerts", future), "");
  EXPECT_EQ(run.i64("days_silent", future), 0);
  EXPECT_EQ(run.i64("last_order_minor", future), 0);
  EXPECT_TRUE(run.column("usual_interval_days").is_null(future));
}

TEST_F(LifecycleMethodTest, SmallSamplesUseTheFallbacksWithAWarning) {
  DatasetBuilder builder;
  AddSeries(builder, "a", 10, 30, {1000, 1000, 1000, 1000});
  builder.add(Order("b", "b", 90, 1000));
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;

  EXPECT_EQ(run.metric("lifecycle.second_order_day"), 60.0);
  EXPECT_EQ(run.metric("lifecycle.churn_threshold_days"), 180.0);
  const json& t = run.json_metric("lifecycle.thresholds");
  EXPECT_EQ(t["second_order_day"]["source"], "fallback");
  EXPECT_EQ(t["second_order_day"]["horizon_days"], 50);  // (as-of - day 100 before) / 2
  EXPECT_EQ(t["second_order_day"]["cohort"], 2);
  EXPECT_EQ(t["second_order_day"]["sample"], 1);
  EXPECT_EQ(t["churn_threshold_days"]["source"], "fallback");
  EXPECT_EQ(t["churn_threshold_days"]["sample"], 3);
  EXPECT_EQ(run.warnings,
            std::vector<std::string>(
                {"lifecycle: only 1 second purchases within 50 days of the first "
                 "(min_second_order_sample: 30); the second-order day is the fallback 60 days",
                 "lifecycle: only 3 gaps between purchases (min_gap_sample: 100); the churn "
                 "threshold is the fallback 180 days"}));
  // One-time buyer 90 days after the first purchase: past 60, within 180.
  EXPECT_EQ(run.str("alerts", data->customer("b")), "no_second_order");
  EXPECT_DOUBLE_EQ(run.metric("lifecycle.second_order_conversion"), 0.5);

  const MethodRun overridden = Run(Overrides(45, 120), *data);
  ASSERT_TRUE(overridden.ok()) << overridden.message;
  EXPECT_TRUE(overridden.warnings.empty());
  EXPECT_EQ(overridden.json_metric("lifecycle.thresholds")["second_order_day"]["source"],
            "override");
  EXPECT_EQ(overridden.json_metric("lifecycle.thresholds")["churn_threshold_days"]["days"], 120);
}

TEST_F(LifecycleMethodTest, LearnsThresholdsFromALargeEnoughSample) {
  // 40 customers who bought twice, 10 + i days apart (i = 0..39), the first purchase 300 days
  // before as-of; horizon 150, so all 40 gaps are the sample: 80% quantile = rank 32 -> 41 days.
  // The gap sample has only 40 values (< 100): the churn threshold is the fallback.
  DatasetBuilder builder;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "c" + std::to_string(i);
    builder.add(Order(id + "-1", id, 300, 1000));
    builder.add(Order(id + "-2", id, 300 - (10 + i), 1000));
  }
  auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("lifecycle.second_order_day"), 41.0);
  const json& t = run.json_metric("lifecycle.thresholds");
  EXPECT_EQ(t["second_order_day"]["source"], "learned");
  EXPECT_EQ(t["second_order_day"]["sample"], 40);
  EXPECT_EQ(t["churn_threshold_days"]["source"], "fallback");
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0].rfind("lifecycle: only 40 gaps between purchases", 0), 0u);
}

TEST_F(LifecycleMethodTest, ConfigurationErrorsNameTheOption) {
  EXPECT_EQ(CreateError({{"rhythm_factor", 0.5}}),
            "option 'rhythm_factor' must be at least 1, got 0.5");
  EXPECT_EQ(CreateError({{"rhythm_window_gaps", 65}}),
            "option 'rhythm_window_gaps' must be in 1..64, got 65");
  EXPECT_EQ(CreateError({{"rhythm_min_purchases", 1}}),
            "option 'rhythm_min_purchases' must be at least 2, got 1");
  EXPECT_EQ(CreateError({{"order_size_min_drop", 1.0}}),
            "option 'order_size_min_drop' must be in [0, 1), got 1");
  EXPECT_EQ(CreateError({{"order_size_window", 0}}),
            "option 'order_size_window' must be in 1..64, got 0");
  EXPECT_EQ(CreateError({{"churn_quantile", 0.0}}),
            "option 'churn_quantile' must be in (0, 1], got 0");
  EXPECT_EQ(CreateError({{"min_gap_sample", 0}}),
            "option 'min_gap_sample' must be at least 1, got 0");
  EXPECT_EQ(CreateError({{"churn_lead_days", -1}}),
            "option 'churn_lead_days' must be at least 0, got -1");
  EXPECT_EQ(CreateError({{"churn_lead_share", 1.0}}),
            "option 'churn_lead_share' must be in [0, 1), got 1");
  EXPECT_EQ(CreateError({{"tier_b_share", 0.5}}),
            "option 'tier_b_share' must be in [tier_a_share, 1], got 0.5");
  EXPECT_EQ(CreateError({{"rhythm_window_gaps", int64_t{1} << 40}}),
            "option 'rhythm_window_gaps' is out of range, got 1099511627776");
  EXPECT_EQ(CreateError({{"rhythm_factor", "fast"}}), "option 'rhythm_factor' has the wrong type");
  EXPECT_EQ(CreateError({{"threads", 0}}), "option 'threads' must be in 1..64, got 0");
}

TEST_F(LifecycleMethodTest, StopsWhenCancelled) {
  DatasetBuilder builder;
  AddSeries(builder, "a", 10, 30, {1000, 1000, 1000, 1000});
  auto data = builder.as_of("2024-04-01").Build();
  auto instance = plugin_.Create(Overrides());
  MethodHarness harness(data->get());
  harness.stop_after_polls(0);
  const MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_TRUE(run.scores.empty());
}

}  // namespace
}  // namespace encore::plugins::lifecycle
