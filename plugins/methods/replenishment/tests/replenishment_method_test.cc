// The replenishment plugin through its real binary on hand-built histories with planted
// cycles: a coffee every 30 days give or take one found with its exact expected date, and the
// pairs that must not be found (irregular, bought twice, lapsed, too frequent, not yet due).
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace encore::plugins::replenishment {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::RecordedEvent;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
constexpr int64_t kAsOfDay = 19814;                 // 2024-04-01
constexpr int64_t kAsOf = kAsOfDay * kDay + 86399;  // the end of that day

// 10:00 UTC, `days_before` days before the as-of day.
int64_t At(int64_t days_before) { return (kAsOfDay - days_before) * kDay + 10 * 3600; }

// One order of one line.
void Buy(DatasetBuilder& b, const std::string& customer, const std::string& product,
         int64_t days_before, int64_t quantity_milli = 1000, const std::string& tag = "") {
  b.add(OrderLine{customer + "-" + product + "-" + std::to_string(days_before) + tag, customer,
                  At(days_before), product, quantity_milli, 500 * quantity_milli / 1000, ""});
}

void BuyOn(DatasetBuilder& b, const std::string& customer, const std::string& product,
           const std::vector<int64_t>& days_before, int64_t quantity_milli = 1000) {
  for (int64_t d : days_before) Buy(b, customer, product, d, quantity_milli);
}

std::unique_ptr<TestDataset> Shop() {
  DatasetBuilder b;
  // Coffee every 30 days give or take one (intervals 30, 31, 29, 30), two packs each time; tea
  // at no rhythm (intervals 50, 5, 60, 5) and a mug once.
  BuyOn(b, "alice", "COFFEE", {148, 118, 87, 58, 28}, 2000);
  BuyOn(b, "alice", "TEA", {125, 75, 70, 10, 5});
  Buy(b, "alice", "MUG", 87, 1000, "-mug");
  BuyOn(b, "bob", "TEA", {125, 75, 70, 10, 5});
  BuyOn(b, "carol", "FILTER", {58, 28});           // twice only
  BuyOn(b, "dan", "COFFEE", {160, 130, 100, 70});  // 40 days late: lapsed
  BuyOn(b, "erin", "COFFEE", {140, 110, 80, 50});  // 20 days late: still due
  BuyOn(b, "fay", "COFFEE", {80, 50, 20});         // 10 days to go: not due yet
  // Soap every 14 days; on one day two orders (1 + 2 packs), and a pack returned since.
  BuyOn(b, "gus", "SOAP", {53, 39, 25, 11});
  Buy(b, "gus", "SOAP", 25, 2000, "-second");
  Buy(b, "gus", "SOAP", 8, -1000, "-return");
  BuyOn(b, "hana", "COFFEE", {70, 40, 10});
  BuyOn(b, "hana", "WATER", {35, 25, 15, 5});
  BuyOn(b, "ivan", "BREAD", {12, 9, 6, 3});  // every 3 days: shopping, not a stock
  b.add(OrderLine{"late", "later", kAsOf + kDay, "COFFEE", 1000, 500, ""});
  return b.as_of("2024-04-01").Build();
}

class ReplenishmentMethodTest : public sdk::testing::MethodPluginTest {
 protected:
  ReplenishmentMethodTest() : MethodPluginTest(ENCORE_REPLENISHMENT_PLUGIN), data_(Shop()) {}

  MethodRun Run(const json& config = json::object()) {
    MethodRun run = MethodPluginTest::Run(config, *data_);
    EXPECT_TRUE(run.ok()) << run.message;
    return run;
  }

  std::string Key(uint32_t c) const { return data_->key(c); }

  std::unique_ptr<TestDataset> data_;
};

TEST_F(ReplenishmentMethodTest, DescribesItselfAndItsOptions) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "replenishment");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  std::map<std::string, std::string> defaults;
  for (size_t i = 0; i < d.option_count; ++i)
    defaults[d.options[i].name] = d.options[i].default_json;
  EXPECT_EQ(defaults, (std::map<std::string, std::string>{{"min_purchases", "3"},
                                                          {"max_cv", "0.5"},
                                                          {"window_intervals", "12"},
                                                          {"min_interval_days", "7"},
                                                          {"lead_days", "3"},
                                                          {"max_overdue_factor", "1.0"},
                                                          {"threads", "2"}}));
}

TEST_F(ReplenishmentMethodTest, CoffeeEveryThirtyDaysIsFoundWithItsExactDate) {
  const MethodRun run = Run();
  const uint32_t alice = data_->customer("alice");
  const int64_t expected_at = At(28) + 30 * kDay;  // 2024-04-03T10:00:00Z
  EXPECT_EQ(expected_at, sdk::testing::ParseUtc("2024-04-03T10:00:00"));
  EXPECT_EQ(run.i64("replenishment_items", alice), 1);  // not the tea, not the mug
  EXPECT_FALSE(run.column("next_replenishment_at").is_null(alice));
  EXPECT_EQ(run.i64("next_replenishment_at", alice), expected_at);
  EXPECT_EQ(run.str("next_replenishment_product", alice), "COFFEE");

  const auto due = run.events_of("item_due");
  const auto it = std::find_if(due.begin(), due.end(),
                               [&](const RecordedEvent& e) { return e.customer == alice; });
  ASSERT_NE(it, due.end());
  EXPECT_EQ(it->subject, "COFFEE");
  EXPECT_EQ(it->priority, 2);
  EXPECT_EQ(it->due_at, expected_at);
  EXPECT_NEAR(it->evidence.at("interval_cv").get<double>(), std::sqrt(0.5) / 30, 1e-15);
  json evidence = it->evidence;
  evidence.erase("interval_cv");
  EXPECT_EQ(evidence, json({{"product_id", "COFFEE"},
                            {"usual_interval_days", 30},
                            {"days_since_last_purchase", 28},
                            {"last_purchase_at", At(28)},
                            {"expected_at", expected_at},
                            {"purchases", 5},
                            {"usual_quantity", 2}}));
}

TEST_F(ReplenishmentMethodTest, IrregularTwiceBoughtLapsedAndTooFrequentAreNotFound) {
  const MethodRun run = Run();
  for (const char* id : {"bob", "carol", "dan", "ivan"}) {
    const uint32_t c = data_->customer(id);
    EXPECT_EQ(run.i64("replenishment_items", c), 0) << id;
    EXPECT_TRUE(run.column("next_replenishment_at").is_null(c)) << id;
    EXPECT_EQ(run.str("next_replenishment_product", c), "") << id;
  }
  for (const RecordedEvent& e : run.events) {
    EXPECT_TRUE(e.customer != data_->customer("bob") && e.customer != data_->customer("carol") &&
                e.customer != data_->customer("dan") && e.customer != data_->customer("ivan"))
        << Key(e.customer);
  }
  // Not visible at the as-of date: no scores.
  const uint32_t later = data_->customer("later");
  EXPECT_EQ(run.i64("replenishment_items", later), 0);
  EXPECT_TRUE(run.column("next_replenishment_at").is_null(later));
}

TEST_F(ReplenishmentMethodTest, DueEventsAndTheDueTable) {
  const MethodRun run = Run();
  std::vector<std::pair<std::string, std::string>> due;
  for (const RecordedEvent& e : run.events) {
    EXPECT_EQ(e.type, "item_due");
    due.emplace_back(Key(e.customer), e.subject);
  }
  std::sort(due.begin(), due.end());
  EXPECT_EQ(due, (std::vector<std::pair<std::string, std::string>>{
                     {"alice", "COFFEE"}, {"erin", "COFFEE"}, {"gus", "SOAP"}}));

  // erin is 20 days late: due now, with the date she was expected.
  for (const RecordedEvent& e : run.events) {
    if (Key(e.customer) == "erin") {
      EXPECT_EQ(e.due_at, kAsOf);
      EXPECT_EQ(e.evidence.at("expected_at"), At(50) + 30 * kDay);
      EXPECT_EQ(e.evidence.at("days_since_last_purchase"), 50);
    }
    // gus: four soap days 14 apart (the second order of a day adds to it, the return does not
    // count); packs 1, 1, 3, 1.
    if (Key(e.customer) == "gus") {
      EXPECT_EQ(e.evidence.at("purchases"), 4);
      EXPECT_EQ(e.evidence.at("usual_interval_days"), 14);
      EXPECT_EQ(e.evidence.at("interval_cv"), 0);
      EXPECT_EQ(e.evidence.at("days_since_last_purchase"), 11);
      EXPECT_EQ(e.evidence.at("usual_quantity"), 1);
      EXPECT_EQ(e.due_at, At(11) + 14 * kDay);
    }
  }

  const auto& table = run.tables.at("replenishment.due");
  ASSERT_EQ(table.row_count, 3u);
  EXPECT_EQ(table.column_order,
            (std::vector<std::string>{"customer_id", "product_id", "expected_at",
                                      "usual_interval_days", "days_since_last_purchase"}));
  // By expected date: erin (20 days ago), alice (in 2 days), gus (in 3 days).
  EXPECT_EQ(table.column("customer_id").str, (std::vector<std::string>{"erin", "alice", "gus"}));
  EXPECT_EQ(table.column("product_id").str, (std::vector<std::string>{"COFFEE", "COFFEE", "SOAP"}));
  EXPECT_EQ(table.column("expected_at").i64, (std::vector<int64_t>{At(20), At(-2), At(-3)}));
  EXPECT_EQ(table.column("usual_interval_days").f64, (std::vector<double>{30, 30, 14}));
  EXPECT_EQ(table.column("days_since_last_purchase").i64, (std::vector<int64_t>{50, 28, 11}));

  EXPECT_EQ(run.metric("replenishment.customers"), 5);  // alice, erin, fay, gus, hana
  EXPECT_EQ(run.metric("replenishment.regular_items"), 7);
  EXPECT_EQ(run.metric("replenishment.due_items"), 3);
  EXPECT_EQ(run.metric("replenishment.lapsed_items"), 1);  // dan's coffee
  EXPECT_TRUE(run.warnings.empty());
}

TEST_F(ReplenishmentMethodTest, NotYetDueAndTheEarliestOfTwoProducts) {
  const MethodRun run = Run();
  const uint32_t fay = data_->customer("fay");
  EXPECT_EQ(run.i64("replenishment_items", fay), 1);
  EXPECT_EQ(run.i64("next_replenishment_at", fay), At(20) + 30 * kDay);
  // hana: water every 10 days (5 to go) before coffee every 30 (20 to go).
  const uint32_t hana = data_->customer("hana");
  EXPECT_EQ(run.i64("replenishment_items", hana), 2);
  EXPECT_EQ(run.i64("next_replenishment_at", hana), At(5) + 10 * kDay);
  EXPECT_EQ(run.str("next_replenishment_product", hana), "WATER");
}

TEST_F(ReplenishmentMethodTest, OptionsMoveTheWindowAndTheTest) {
  // Lead 0: alice (2 days to go) and gus (3 days) are not due yet.
  std::vector<std::string> due;
  for (const RecordedEvent& e : Run({{"lead_days", 0}}).events) due.push_back(Key(e.customer));
  EXPECT_EQ(due, std::vector<std::string>({"erin"}));
  // Lapsed after half an interval: erin (20 of 30 days late) too.
  const MethodRun strict = Run({{"max_overdue_factor", 0.5}});
  EXPECT_EQ(strict.metric("replenishment.lapsed_items"), 2);
  EXPECT_EQ(strict.i64("replenishment_items", data_->customer("erin")), 0);
  // Four purchases needed: fay and hana's coffee (three each) drop out.
  const MethodRun four = Run({{"min_purchases", 4}});
  EXPECT_EQ(four.i64("replenishment_items", data_->customer("fay")), 0);
  EXPECT_EQ(four.i64("replenishment_items", data_->customer("hana")), 1);
  // Every 3 days counts with min_interval_days 3.
  EXPECT_EQ(Run({{"min_interval_days", 3}}).i64("replenishment_items", data_->customer("ivan")), 1);
}

TEST_F(ReplenishmentMethodTest, OneThreadGivesTheSameResults) {
  const MethodRun two = Run();
  const MethodRun one = Run({{"threads", 1}});
  for (const char* score : {"replenishment_items", "next_replenishment_at"}) {
    EXPECT_EQ(one.column(score).i64, two.column(score).i64) << score;
  }
  EXPECT_EQ(one.column("next_replenishment_at").null_mask,
            two.column("next_replenishment_at").null_mask);
  EXPECT_EQ(one.column("next_replenishment_product").str,
            two.column("next_replenishment_product").str);
  auto sorted = [](const MethodRun& run) {
    std::vector<std::tuple<uint32_t, std::string, std::string>> out;
    for (const RecordedEvent& e : run.events)
      out.emplace_back(e.customer, e.subject, e.evidence.dump());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(sorted(one), sorted(two));
  EXPECT_EQ(one.tables.at("replenishment.due").column("customer_id").str,
            two.tables.at("replenishment.due").column("customer_id").str);
}

// More than 64 lines: the customer's lines are sorted by product instead of counted.
TEST_F(ReplenishmentMethodTest, ALargeCustomerIsReadTheSameWay) {
  DatasetBuilder b;
  for (int64_t d : {148, 118, 88, 58, 28}) {
    for (int p = 15; p >= 0; --p) {  // 16 products an order, 80 lines
      const std::string product = "A" + std::to_string(100 + p);
      b.add(OrderLine{"big-" + std::to_string(d), "big", At(d), product, 1000, 500, ""});
    }
  }
  BuyOn(b, "big", "ONCE", {10});
  const auto data = b.as_of("2024-04-01").Build();
  auto instance = plugin_.Create(json::object());
  MethodHarness harness(data->get());
  const MethodRun run = harness.Run(*instance);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.i64("replenishment_items", 0), 16);
  EXPECT_EQ(run.i64("next_replenishment_at", 0), At(28) + 30 * kDay);
  // All 16 are expected at the same time: the tie goes to the first product id interned.
  EXPECT_EQ(run.str("next_replenishment_product", 0), "A115");
  EXPECT_EQ(run.events.size(), 16u);
  EXPECT_EQ(run.tables.at("replenishment.due").column("product_id").str.front(), "A100");
}

TEST_F(ReplenishmentMethodTest, DataWithoutProductIdsIsNotApplicable) {
  DatasetBuilder b;
  for (int64_t d : {90, 60, 30}) {
    b.add(OrderLine{"o" + std::to_string(d), "alice", At(d), "", 1000, 500, ""});
  }
  const auto data = b.as_of("2024-04-01").Build();
  auto instance = plugin_.Create(json::object());
  MethodHarness harness(data->get());
  const MethodRun run = harness.Run(*instance);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.warnings, std::vector<std::string>({"not applicable: no product ids"}));
  EXPECT_TRUE(run.events.empty());
  EXPECT_EQ(run.i64("replenishment_items", 0), 0);
  EXPECT_TRUE(run.column("next_replenishment_at").is_null(0));
  EXPECT_EQ(run.tables.at("replenishment.due").row_count, 0u);
  EXPECT_EQ(run.metric("replenishment.customers"), 0);
}

TEST_F(ReplenishmentMethodTest, ConfigurationErrorsNameTheOption) {
  EXPECT_EQ(CreateError({{"min_purchases", 2}}),
            "option 'min_purchases' must be in 3..1000000, got 2");
  EXPECT_EQ(CreateError({{"max_cv", -0.1}}),
            "option 'max_cv' must be a number >= 0, got -0.100000");
  EXPECT_EQ(CreateError({{"window_intervals", 65}}),
            "option 'window_intervals' must be in 2..64, got 65");
  EXPECT_EQ(CreateError({{"min_interval_days", 0}}),
            "option 'min_interval_days' must be in 1..36525, got 0");
  EXPECT_EQ(CreateError({{"lead_days", -1}}), "option 'lead_days' must be in 0..36525, got -1");
  EXPECT_EQ(CreateError({{"max_overdue_factor", -1.0}}),
            "option 'max_overdue_factor' must be a number >= 0, got -1.000000");
  EXPECT_EQ(CreateError({{"threads", 0}}), "option 'threads' must be in 1..64, got 0");
  EXPECT_EQ(CreateError({{"lead_days", "soon"}}), "option 'lead_days' has the wrong type");
}

TEST_F(ReplenishmentMethodTest, StopsWhenCancelled) {
  auto instance = plugin_.Create(json::object());
  MethodHarness harness(data_->get());
  harness.stop_after_polls(0);
  const MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_TRUE(run.events.empty());
}

}  // namespace
}  // namespace encore::plugins::replenishment
