// The lifecycle plugin's events through its real binary: every event type with its exact
// evidence, the storm rules (one silence event a customer, churned only when crossing, nothing
// after churn) and value tier moves against a previous run played by the harness.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace encore::plugins::lifecycle {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::RecordedEvent;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
constexpr int32_t kAsOfDay = 19814;  // 2024-04-01; the datasets' as_of is the end of that day
constexpr int64_t kAsOfMidnight = kAsOfDay * kDay;

// UTC seconds of an order placed `days_before` days before the as-of day, at 01:00.
int64_t At(int64_t days_before) { return kAsOfMidnight - days_before * kDay + 3600; }

OrderLine Order(const std::string& order, const std::string& customer, int64_t days_before,
                int64_t amount_minor) {
  return OrderLine{order, customer, At(days_before), "P1", 1000, amount_minor, ""};
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

// Second-order day 60, churn threshold 180 (last call from 166 days of silence).
json Overrides() { return {{"second_order_day_override", 60}, {"churn_days_override", 180}}; }

class LifecycleEventsTest : public sdk::testing::MethodPluginTest {
 protected:
  LifecycleEventsTest() : MethodPluginTest(ENCORE_LIFECYCLE_PLUGIN) {}

  MethodRun Run(const TestDataset& data, const json& config = Overrides()) {
    MethodRun run = MethodPluginTest::Run(config, data);
    EXPECT_TRUE(run.ok()) << run.message;
    return run;
  }

  // The run over `data` after `earlier` (a run over `earlier_data`) as the previous one.
  MethodRun RunAfter(const MethodRun& earlier, const TestDataset& earlier_data,
                     const TestDataset& data) {
    MethodRun run =
        sdk::testing::RunAfterPrevious(plugin_, Overrides(), earlier, earlier_data, data);
    EXPECT_TRUE(run.ok()) << run.message;
    return run;
  }

  // Events keyed by (customer id, type); fails on a duplicate.
  static std::map<std::pair<std::string, std::string>, RecordedEvent> Keyed(
      const MethodRun& run, const TestDataset& dataset) {
    std::map<std::pair<std::string, std::string>, RecordedEvent> out;
    for (const RecordedEvent& e : run.events) {
      const auto key = std::make_pair(dataset.key(e.customer), e.type);
      EXPECT_EQ(out.count(key), 0u) << key.first << " " << key.second << " twice";
      out[key] = e;
    }
    return out;
  }
};

TEST_F(LifecycleEventsTest, FirstRunEventsWithTheirEvidence) {
  DatasetBuilder builder;
  AddSeries(builder, "monthly46", 46, 30, {1000, 1000, 1000, 1000, 1000});
  AddSeries(builder, "monthly45", 45, 30, {1000, 1000, 1000, 1000, 1000});  // within rhythm
  AddSeries(builder, "halved", 10, 30, {1000, 1000, 1000, 1000, 500});
  builder.add(Order("o61", "once61", 61, 1000));
  // No second order and in the last call window: the last call speaks for both.
  builder.add(Order("o170", "once170", 170, 1000));
  // A rhythm slowdown in the last call window: the last call speaks for both.
  AddSeries(builder, "monthly170", 170, 30, {1000, 1000, 1000, 1000, 1000});
  // Churned, slowed down and with a smaller last order: nothing on a first run.
  AddSeries(builder, "gone", 300, 30, {1000, 1000, 1000, 1000, 200});
  const auto data = builder.as_of("2024-04-01").Build();
  const MethodRun run = Run(*data);

  // Tiers: revenues 5000 x 3, 4500, 4200 are A (smallest 4200), 1000 x 2 are B.
  const auto events = Keyed(run, *data);
  ASSERT_EQ(events.size(), 5u);

  const RecordedEvent& rhythm = events.at({"monthly46", "rhythm_slowdown"});
  EXPECT_EQ(rhythm.priority, 2);
  EXPECT_EQ(rhythm.due_at, 0);
  EXPECT_EQ(rhythm.subject, "");
  EXPECT_EQ(rhythm.evidence, json({{"days_since_last_order", 46},
                                   {"usual_gap_days", 30},
                                   {"long_gap_days", 30},
                                   {"threshold_days", 45},
                                   {"purchases", 5},
                                   {"last_order_minor", 1000},
                                   {"last_order_at", At(46)}}));

  const RecordedEvent& smaller = events.at({"halved", "smaller_orders"});
  EXPECT_EQ(smaller.priority, 2);
  EXPECT_EQ(smaller.due_at, 0);
  EXPECT_EQ(smaller.evidence, json({{"last_order_minor", 500},
                                    {"usual_order_minor", 1000},
                                    {"drop_share", 0.5},
                                    {"previous_orders", 4},
                                    {"last_order_at", At(10)}}));

  // Churned from day 181 of silence: the first day after 61 + ... = as-of day - 61 + 181.
  const int64_t once61_churn_at = (kAsOfDay - 61 + 181) * kDay;
  const RecordedEvent& second = events.at({"once61", "no_second_order"});
  EXPECT_EQ(second.priority, 2);
  EXPECT_EQ(second.due_at, once61_churn_at);
  EXPECT_EQ(second.evidence, json({{"days_since_first_order", 61},
                                   {"usual_second_order_days", 60},
                                   {"churn_threshold_days", 180},
                                   {"churn_at", once61_churn_at},
                                   {"first_order_minor", 1000},
                                   {"first_order_at", At(61)}}));

  const int64_t once170_churn_at = (kAsOfDay + 11) * kDay;  // 181 days after the order
  const RecordedEvent& last_call = events.at({"once170", "last_call"});
  EXPECT_EQ(last_call.priority, 1);
  EXPECT_EQ(last_call.due_at, once170_churn_at);
  EXPECT_EQ(last_call.evidence, json({{"days_since_last_order", 170},
                                      {"churn_threshold_days", 180},
                                      {"days_to_threshold", 10},
                                      {"lead_days", 14},
                                      {"churn_at", once170_churn_at},
                                      {"purchases", 1},
                                      {"last_order_minor", 1000},
                                      {"last_order_at", At(170)},
                                      {"value_tier", "B"},
                                      {"revenue_minor", 1000}}));

  const RecordedEvent& regular_last_call = events.at({"monthly170", "last_call"});
  EXPECT_EQ(regular_last_call.evidence.at("usual_gap_days"), 30);
  EXPECT_EQ(regular_last_call.evidence.at("purchases"), 5);
  EXPECT_EQ(regular_last_call.evidence.at("value_tier"), "A");
  EXPECT_EQ(regular_last_call.evidence.at("revenue_minor"), 5000);

  // The scores still show every alert; the storm rules apply to events only.
  EXPECT_EQ(run.str("alerts", data->customer("once170")), "no_second_order,last_call");
  EXPECT_EQ(run.str("alerts", data->customer("monthly170")), "rhythm,last_call");
  EXPECT_EQ(run.str("alerts", data->customer("gone")), "rhythm,smaller_order");
  EXPECT_EQ(run.str("churn_stage", data->customer("gone")), "churned");
  EXPECT_EQ(run.i64("revenue_minor", data->customer("gone")), 4200);
}

TEST_F(LifecycleEventsTest, OneThreadMakesTheSameEvents) {
  DatasetBuilder builder;
  for (int i = 0; i < 30; ++i) {
    AddSeries(builder, "m" + std::to_string(i), 40 + 5 * i, 30, {1000, 1000, 1000, 1000, 900});
  }
  const auto data = builder.as_of("2024-04-01").Build();
  json one = Overrides();
  one["threads"] = 1;
  auto sorted = [](const MethodRun& run) {
    std::vector<std::tuple<uint32_t, std::string, std::string>> out;
    for (const RecordedEvent& e : run.events)
      out.emplace_back(e.customer, e.type, e.evidence.dump());
    std::sort(out.begin(), out.end());
    return out;
  };
  const MethodRun parallel = Run(*data);
  const MethodRun serial = Run(*data, one);
  // Silence 45 + 5i: rhythm slowdown from i = 1 (46 days), last call from i = 25 (165 + 1).
  EXPECT_EQ(parallel.events_of("rhythm_slowdown").size(), 24u);
  EXPECT_EQ(parallel.events_of("last_call").size(), 3u);
  EXPECT_EQ(sorted(parallel), sorted(serial));
}

TEST_F(LifecycleEventsTest, ChurnedOnlyOnTheRunThatCrossesTheThreshold) {
  DatasetBuilder builder;
  AddSeries(builder, "crossing", 183, 30, {1000, 1000});  // 178 days silent 5 days earlier
  AddSeries(builder, "long_gone", 300, 30, {1000, 1000, 1000, 1000, 1000});
  builder.add(Order("b1", "back", 250, 1000));
  builder.add(Order("b2", "back", 200, 1000));
  builder.add(Order("b3", "back", 2, 1000));  // after the previous run: active again
  const auto previous = DatasetBuilder(builder).as_of("2024-03-27").Build();
  const auto current = builder.as_of("2024-04-01").Build();

  const MethodRun first = Run(*previous);
  ASSERT_EQ(first.events.size(), 1u);  // nothing about churned customers on a first run
  EXPECT_EQ(first.events[0].type, "last_call");
  EXPECT_EQ(first.events[0].evidence.at("days_since_last_order"), 178);
  EXPECT_EQ(first.str("churn_stage", previous->customer("back")), "churned");

  const MethodRun second = RunAfter(first, *previous, *current);
  const auto events = Keyed(second, *current);
  // Tiers moved too: revenues 2000, 2000, 5000 were all A; now back's 3000 and long_gone's 5000
  // close 80% and crossing is B.
  ASSERT_EQ(events.size(), 2u);
  const RecordedEvent& churned = events.at({"crossing", "churned"});
  EXPECT_EQ(churned.priority, 2);
  EXPECT_EQ(churned.due_at, 0);
  EXPECT_EQ(churned.evidence, json({{"from_stage", "last_call"},
                                    {"days_since_last_order", 183},
                                    {"churn_threshold_days", 180},
                                    {"purchases", 2},
                                    {"last_order_minor", 1000},
                                    {"last_order_at", At(183)},
                                    {"value_tier", "B"},
                                    {"revenue_minor", 2000}}));
  EXPECT_EQ(events.at({"crossing", "value_tier_down"}).priority, 1);
  EXPECT_EQ(second.str("churn_stage", current->customer("back")), "active");
  EXPECT_EQ(second.str("alerts", current->customer("long_gone")), "rhythm");

  // The run after: crossing is still churned, which is no news.
  const MethodRun third = RunAfter(second, *current, *current);
  EXPECT_TRUE(third.events.empty());
}

TEST_F(LifecycleEventsTest, ValueTierMovesAgainstThePreviousRun) {
  // Revenues 500, 200, 100, 100, 50, 30, 20 (ALERTS.md): A = 500, 200, 100, 100; B = 50.
  DatasetBuilder builder;
  const std::vector<std::pair<std::string, int64_t>> revenues = {
      {"r500", 500}, {"r200", 200}, {"r100a", 100}, {"r100b", 100},
      {"r50", 50},   {"r30", 30},   {"r20", 20}};
  for (const auto& [id, revenue] : revenues) builder.add(Order(id, id, 30, revenue));
  // After the previous run r20 spends 600: 620, 500, 200 close 80% of 1600 (A), 100 and 100
  // close 95% (B), 50 and 30 are C.
  builder.add(Order("r20-big", "r20", 5, 600));
  const auto previous = DatasetBuilder(builder).as_of("2024-03-20").Build();
  const auto current = builder.as_of("2024-04-01").Build();

  const MethodRun first = Run(*previous);
  EXPECT_TRUE(first.events.empty());
  const MethodRun second = RunAfter(first, *previous, *current);
  const auto events = Keyed(second, *current);
  ASSERT_EQ(events.size(), 4u);

  const RecordedEvent& up = events.at({"r20", "value_tier_up"});
  EXPECT_EQ(up.priority, 3);
  EXPECT_EQ(up.evidence, json({{"from_tier", "C"},
                               {"to_tier", "A"},
                               {"revenue_minor", 620},
                               {"previous_revenue_minor", 20},
                               {"tier_a_floor_minor", 200},
                               {"tier_b_floor_minor", 100}}));
  for (const char* id : {"r100a", "r100b"}) {
    const RecordedEvent& down = events.at({id, "value_tier_down"});
    EXPECT_EQ(down.priority, 1) << id;  // out of A
    EXPECT_EQ(down.evidence.at("from_tier"), "A");
    EXPECT_EQ(down.evidence.at("to_tier"), "B");
    EXPECT_EQ(down.evidence.at("revenue_minor"), 100);
    EXPECT_EQ(down.evidence.at("previous_revenue_minor"), 100);
  }
  const RecordedEvent& b_to_c = events.at({"r50", "value_tier_down"});
  EXPECT_EQ(b_to_c.priority, 2);
  EXPECT_EQ(b_to_c.evidence.at("from_tier"), "B");
  EXPECT_EQ(b_to_c.evidence.at("to_tier"), "C");
}

}  // namespace
}  // namespace encore::plugins::lifecycle
