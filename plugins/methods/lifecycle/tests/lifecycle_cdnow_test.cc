// The lifecycle plugin on the full CDNOW cohort (23,570 customers, 1997-01-01 .. 1998-06-30),
// as of 1998-06-30 with the defaults: the population figures the model's CdnowCheckTest pins,
// reached here through the dataset the daemon hands to the method.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace encore::plugins::lifecycle {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::TestDataset;

// "11.77" -> 1177; CDNOW prices always have two decimals.
int64_t Cents(const std::string& price) {
  const size_t dot = price.find('.');
  return std::stoll(price.substr(0, dot)) * 100 + std::stoll(price.substr(dot + 1));
}

// cdnow_orders.csv: order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id.
std::unique_ptr<TestDataset> LoadCdnow(const char* as_of = "1998-06-30") {
  std::ifstream in(std::string(ENCORE_SHARED_DATA_DIR) + "/cdnow_orders.csv");
  if (!in) throw std::runtime_error("cdnow_orders.csv not found in " ENCORE_SHARED_DATA_DIR);
  DatasetBuilder builder;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) f.push_back(field);
    const int64_t quantity = std::stoll(f[4]);
    builder.add(OrderLine{f[0], f[1], f[2], "", quantity * 1000, quantity * Cents(f[5]), ""});
  }
  return builder.as_of(as_of).Build();
}

int64_t Sum(const std::vector<int64_t>& values) {
  int64_t sum = 0;
  for (int64_t v : values) sum += v;
  return sum;
}

TEST(LifecycleCdnowTest, PopulationFiguresOfTheFullCohort) {
  const std::unique_ptr<TestDataset> data = LoadCdnow();
  ASSERT_EQ(data->customer_count(), 23570u);
  LoadedPlugin plugin(ENCORE_LIFECYCLE_PLUGIN);
  auto instance = plugin.Create(json::object());
  MethodHarness harness(data->get());
  const MethodRun run = harness.Run(*instance);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_TRUE(run.warnings.empty());

  EXPECT_EQ(run.metric("lifecycle.customers"), 23570.0);
  EXPECT_EQ(run.json_metric("lifecycle.tier_sizes"), json({{"A", 7695}, {"B", 8067}, {"C", 7808}}));
  EXPECT_DOUBLE_EQ(run.metric("lifecycle.pareto_share"), 7695.0 / 23570.0);
  EXPECT_EQ(run.metric("lifecycle.second_order_day"), 138.0);
  EXPECT_EQ(run.metric("lifecycle.churn_threshold_days"), 283.0);
  EXPECT_EQ(run.metric("lifecycle.one_time_buyers"), 11989.0);
  EXPECT_DOUBLE_EQ(run.metric("lifecycle.second_order_conversion"), 10013.0 / 23500.0);
  EXPECT_EQ(
      run.json_metric("lifecycle.thresholds"),
      json({{"second_order_day",
             {{"days", 138},
              {"source", "learned"},
              {"quantile", 0.8},
              {"horizon_days", 272},
              {"cohort", 23500},
              {"sample", 10013}}},
            {"churn_threshold_days",
             {{"days", 283}, {"source", "learned"}, {"quantile", 0.95}, {"sample", 44009}}}}));

  // Recomputed independently from the same file by a plain script of the ALERTS.md definitions.
  // Nearly everybody started in the first quarter of 1997, more than 283 days before as-of, so
  // one-time buyers are churned rather than second-order cases.
  const json& alerts = run.json_metric("lifecycle.alert_counts");
  EXPECT_EQ(
      alerts,
      json({{"rhythm", 1716}, {"smaller_order", 309}, {"no_second_order", 1}, {"last_call", 206}}));
  EXPECT_EQ(run.json_metric("lifecycle.churn_stages"),
            json({{"active", 7003}, {"last_call", 206}, {"churned", 16293}, {"none", 68}}));
  // The counts are the sums of the score columns, and the stages cover every customer.
  EXPECT_EQ(alerts["rhythm"], Sum(run.column("rhythm_alert").i64));
  EXPECT_EQ(alerts["smaller_order"], Sum(run.column("smaller_order_alert").i64));
  EXPECT_EQ(alerts["no_second_order"], Sum(run.column("no_second_order_alert").i64));
  const json& stages = run.json_metric("lifecycle.churn_stages");
  EXPECT_EQ(stages["none"], 68);  // customers whose orders are all of value 0
  EXPECT_EQ(stages["active"].get<int64_t>() + stages["last_call"].get<int64_t>() +
                stages["churned"].get<int64_t>(),
            23502);
  int64_t last_call = 0;
  for (const std::string& stage : run.column("churn_stage").str) last_call += stage == "last_call";
  EXPECT_EQ(alerts["last_call"], last_call);
  EXPECT_EQ(stages["last_call"], last_call);
}

std::map<std::string, int64_t> CountByType(const MethodRun& run) {
  std::map<std::string, int64_t> counts;
  for (const auto& e : run.events) ++counts[e.type];
  return counts;
}

// The events of a month of CDNOW: the run of 1998-05-31 (a first run), then the run of
// 1998-06-30 with it as the previous run. The counts follow from the score columns by the
// storm rules (README.md, "Events"), counted here from the scores themselves.
TEST(LifecycleCdnowTest, EventsOfAMonthFollowTheScores) {
  const std::unique_ptr<TestDataset> may = LoadCdnow("1998-05-31");
  const std::unique_ptr<TestDataset> june = LoadCdnow();
  LoadedPlugin plugin(ENCORE_LIFECYCLE_PLUGIN);
  auto instance = plugin.Create(json::object());
  MethodHarness first_harness(may->get());
  const MethodRun first = first_harness.Run(*instance);
  ASSERT_TRUE(first.ok()) << first.message;
  MethodHarness harness(june->get());
  harness.set_previous(first, may->get(), (**may).as_of);
  const MethodRun run = harness.Run(*instance);
  ASSERT_TRUE(run.ok()) << run.message;

  // Expected from the scores: one silence event, the most advanced; churned only on crossing.
  std::map<std::string, int64_t> expected;
  for (size_t c = 0; c < june->customer_count(); ++c) {
    const std::string& stage = run.str("churn_stage", c);
    const std::string& before = first.str("churn_stage", c);
    if (stage == "churned") {
      if (!before.empty() && before != "churned") ++expected["churned"];
    } else if (stage == "last_call") {
      ++expected["last_call"];
    } else if (run.i64("rhythm_alert", c) == 1) {
      ++expected["rhythm_slowdown"];
    } else if (run.i64("no_second_order_alert", c) == 1) {
      ++expected["no_second_order"];
    }
    if (stage != "churned" && run.i64("smaller_order_alert", c) == 1) ++expected["smaller_orders"];
    const std::string& tier = run.str("value_tier", c);
    const std::string& tier_before = first.str("value_tier", c);
    if (!tier_before.empty() && tier != tier_before) {
      ++expected[tier < tier_before ? "value_tier_up" : "value_tier_down"];
    }
  }
  EXPECT_EQ(CountByType(run), expected);
  EXPECT_EQ(expected, (std::map<std::string, int64_t>{{"churned", 258},
                                                      {"last_call", 206},
                                                      {"no_second_order", 1},
                                                      {"rhythm_slowdown", 938},
                                                      {"smaller_orders", 249},
                                                      {"value_tier_down", 420},
                                                      {"value_tier_up", 197}}));
  // The first run has no previous run: no churned and no tier events.
  const auto first_counts = CountByType(first);
  EXPECT_EQ(first_counts.count("churned"), 0u);
  EXPECT_EQ(first_counts.count("value_tier_up") + first_counts.count("value_tier_down"), 0u);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
