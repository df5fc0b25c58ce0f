// Edge cases of the base_metrics plugin beyond the worked example: a dataset without manager
// ids, option checks, cancellation, an empty as-of view, ties in the Pareto list, the 5+ bucket.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace encore::plugins::base_metrics {
namespace {

using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;

MethodRun RunOn(const std::vector<OrderLine>& lines, const char* as_of,
                const nlohmann::json& config = nlohmann::json::object()) {
  LoadedPlugin plugin(ENCORE_BASE_METRICS_PLUGIN);
  auto instance = plugin.Create(config);
  auto data = DatasetBuilder().add(lines).as_of(as_of).Build();
  MethodHarness harness(data->get());
  return harness.Run(*instance);
}

TEST(BaseMetricsMethod, WithoutManagerIdsConversionByManagerIsNotApplicable) {
  const MethodRun run = RunOn(
      {
          {"1", "a", "2024-01-01", "", 1000, 1000, ""},
          {"2", "a", "2024-02-01", "", 1000, 1000, ""},
          {"3", "b", "2024-02-01", "", 1000, 1000, ""},
      },
      "2024-03-01");
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("base_metrics.second_order_conversion_by_manager"),
            nlohmann::json::parse(R"({"not_applicable": "no manager ids"})"));
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0],
            "base_metrics: the dataset has no manager ids; second-order conversion by manager is "
            "not applicable");
  EXPECT_DOUBLE_EQ(run.metric("base_metrics.second_order_conversion"), 0.5);
  EXPECT_EQ(run.json_metric("base_metrics.second_order_conversion_by_cohort"),
            nlohmann::json::parse(R"({"2024-01": {"customers": 1, "converted": 1, "rate": 1.0},
                                      "2024-02": {"customers": 1, "converted": 0, "rate": 0.0}})"));
}

TEST(BaseMetricsMethod, DefaultsAreAYearAndHalfAYear) {
  // As of 2024-03-01: a bought 181 days before (older than 180: stale), b 180 days before (not
  // older), d 364 days before (inside the 365-day windows, stale). c bought 366 and 365 days
  // before: both outside the 365 days 0..364, so c is churned, not active, not new.
  const MethodRun run = RunOn(
      {
          {"1", "a", "2023-09-02", "", 1000, 1000, "M"},
          {"2", "b", "2023-09-03", "", 1000, 1000, "M"},
          {"3", "c", "2023-03-01", "", 1000, 1000, "M"},
          {"4", "c", "2023-03-02", "", 1000, 1000, "M"},
          {"5", "d", "2023-03-03", "", 1000, 1000, "M"},
      },
      "2024-03-01");
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("base_metrics.period_days"), 365);
  EXPECT_EQ(run.metric("base_metrics.active_days"), 365);
  EXPECT_EQ(run.metric("base_metrics.churn_days"), 365);
  EXPECT_EQ(run.metric("base_metrics.stale_days"), 180);
  EXPECT_EQ(run.metric("base_metrics.one_time_customers"), 3);
  EXPECT_EQ(run.metric("base_metrics.one_time_stale_customers"), 2);
  EXPECT_EQ(run.metric("base_metrics.active_customers"), 3);
  EXPECT_EQ(run.metric("base_metrics.churned_customers"), 1);
  EXPECT_EQ(run.metric("base_metrics.new_customers"), 3);
  EXPECT_EQ(run.metric("base_metrics.period_revenue"), 3000);
  EXPECT_EQ(run.metric("base_metrics.revenue"), 5000);
}

TEST(BaseMetricsMethod, WindowBoundaryIsExclusive) {
  const MethodRun run = RunOn(
      {{"1", "a", "2024-01-01", "", 1000, 1000, ""}, {"2", "b", "2024-01-02", "", 1000, 1000, ""}},
      "2024-01-11", {{"active_days", 10}, {"churn_days", 10}});
  ASSERT_TRUE(run.ok()) << run.message;
  // a: 10 days before the as-of day, outside a 10-day window (days 0..9); b: 9 days, inside.
  EXPECT_EQ(run.metric("base_metrics.active_customers"), 1);
  EXPECT_EQ(run.metric("base_metrics.churned_customers"), 1);
  EXPECT_DOUBLE_EQ(run.metric("base_metrics.churn_rate"), 0.5);
}

TEST(BaseMetricsMethod, ParetoTiesDoNotChangeTheCount) {
  // Revenues 30, 30, 30, 10: 80% of 100 is 80; 30 + 30 = 60 < 80, 90 >= 80: three customers,
  // whichever of the equal ones comes first.
  const MethodRun run = RunOn({{"1", "a", "2024-01-01", "", 1000, 30, ""},
                               {"2", "b", "2024-01-01", "", 1000, 30, ""},
                               {"3", "c", "2024-01-01", "", 1000, 30, ""},
                               {"4", "d", "2024-01-01", "", 1000, 10, ""}},
                              "2024-01-31");
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("base_metrics.pareto_customers"), 3);
  EXPECT_DOUBLE_EQ(run.metric("base_metrics.pareto_share"), 0.75);
}

TEST(BaseMetricsMethod, ParetoCountMatchesASortedScanOnRandomRevenues) {
  // Sizes around and well above the plugin's small-range cut-off, with many equal revenues and
  // some customers at or below zero, against sorting everything and adding from the top.
  std::mt19937_64 rng(7);
  for (const int customers : {1, 2, 63, 64, 65, 200, 1000}) {
    for (const int64_t percent : {50, 80, 100}) {
      std::vector<OrderLine> lines;
      std::vector<int64_t> revenues;
      for (int c = 0; c < customers; ++c) {
        const int64_t revenue = static_cast<int64_t>(rng() % 40) * 25 - 100;
        const std::string id = std::to_string(c);
        lines.push_back({id, id, "2024-01-01", "", 1000, revenue, ""});
        if (revenue > 0) revenues.push_back(revenue);
      }
      std::sort(revenues.rbegin(), revenues.rend());
      int64_t total = 0, running = 0, expected = 0;
      for (int64_t r : revenues) total += r;
      for (int64_t r : revenues) {
        if (total == 0 || running * 100 >= total * percent) break;
        running += r;
        ++expected;
      }
      const MethodRun run = RunOn(lines, "2024-01-31", {{"pareto_percent", percent}});
      ASSERT_TRUE(run.ok()) << run.message;
      EXPECT_EQ(run.metric("base_metrics.pareto_customers"), expected)
          << customers << " customers, " << percent << "%";
    }
  }
}

TEST(BaseMetricsMethod, ParetoReachesThePercentExactly) {
  const MethodRun run = RunOn(
      {{"1", "a", "2024-01-01", "", 1000, 80, ""}, {"2", "b", "2024-01-01", "", 1000, 20, ""}},
      "2024-01-31");
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("base_metrics.pareto_customers"), 1);
}

TEST(BaseMetricsMethod, FiveOrMoreOrdersShareOneBucket) {
  std::vector<OrderLine> lines;
  for (int i = 1; i <= 7; ++i) {
    lines.push_back(
        {"x" + std::to_string(i), "x", "2024-01-0" + std::to_string(i), "", 1000, 100, ""});
  }
  for (int i = 1; i <= 5; ++i) {
    lines.push_back(
        {"y" + std::to_string(i), "y", "2024-01-0" + std::to_string(i), "", 1000, 100, ""});
  }
  lines.push_back({"z1", "z", "2024-01-01", "", 1000, 100, ""});
  lines.push_back({"z2", "z", "2024-01-02", "", 1000, 0, ""});  // value 0: not a purchase
  const MethodRun run = RunOn(lines, "2024-01-31");
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("base_metrics.customers_by_orders"),
            nlohmann::json::parse(R"({"0": 0, "1": 1, "2": 0, "3": 0, "4": 0, "5+": 2})"));
  EXPECT_EQ(run.metric("base_metrics.repeat_customers"), 2);
  EXPECT_EQ(run.metric("base_metrics.one_time_customers"), 1);
  EXPECT_EQ(run.metric("base_metrics.period_orders"), 13);
}

TEST(BaseMetricsMethod, EmptyAsOfViewGivesZerosAndAWarning) {
  const MethodRun run = RunOn({{"1", "a", "2024-05-01", "", 1000, 100, "M"}}, "2024-01-31");
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("base_metrics.customers"), 0);
  EXPECT_EQ(run.metric("base_metrics.arpu"), 0);
  EXPECT_EQ(run.metric("base_metrics.second_order_conversion"), 0);
  EXPECT_EQ(run.metric("base_metrics.pareto_share"), 0);
  EXPECT_TRUE(run.json_metric("base_metrics.cohort_retention").empty());
  EXPECT_TRUE(run.json_metric("base_metrics.second_order_conversion_by_manager").empty());
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0], "base_metrics: no customer has an order at or before the as-of date");
}

TEST(BaseMetricsMethod, RejectsBadOptions) {
  LoadedPlugin plugin(ENCORE_BASE_METRICS_PLUGIN);
  const std::vector<std::pair<nlohmann::json, std::string>> cases = {
      {{{"period_days", 0}},
       "option 'period_days' must be a number of days from 1 to 36600, got 0"},
      {{{"churn_days", -5}},
       "option 'churn_days' must be a number of days from 1 to 36600, got -5"},
      {{{"pareto_percent", 101}},
       "option 'pareto_percent' must be a whole percent from 1 to 100, got 101"},
      {{{"active_days", "a year"}}, "option 'active_days' has the wrong type"},
  };
  for (const auto& [config, expected] : cases) {
    int32_t status = ENCORE_OK;
    std::string message;
    EXPECT_EQ(plugin.TryCreate(config, &status, &message), nullptr) << config.dump();
    EXPECT_EQ(status, ENCORE_INVALID_CONFIG) << config.dump();
    EXPECT_EQ(message, expected);
  }
}

TEST(BaseMetricsMethod, StopsWhenAsked) {
  LoadedPlugin plugin(ENCORE_BASE_METRICS_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());
  auto data = DatasetBuilder().add({{"1", "a", "2024-01-01", "", 1000, 100, ""}}).Build();
  MethodHarness harness(data->get());
  harness.stop_after_polls(0);
  const MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_TRUE(run.metrics.empty());
}

}  // namespace
}  // namespace encore::plugins::base_metrics
