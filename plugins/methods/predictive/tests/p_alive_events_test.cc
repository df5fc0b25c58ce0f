// p_alive_drop through the real plugin binary, on a shop small enough for the fallback rule
// (P(alive) = exp(-rate x days silent), rate = repeat purchases / days since the first one), so
// every P(alive) is known by hand; and the "valuable" floor directly.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "plugin/p_alive_events.h"

namespace encore::plugins::predictive {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::ParseUtc;
using sdk::testing::TestDataset;

LoadedPlugin& Plugin() {
  static LoadedPlugin plugin(ENCORE_PREDICTIVE_PLUGIN);
  return plugin;
}

OrderLine Line(const std::string& customer, const std::string& date, int64_t amount) {
  return OrderLine{customer + "-" + date, customer, date, "P", 1000, amount, ""};
}

// Five customers, too few for a model fit: the fallback rule scores them.
//   ann   2024-01-05, 02-05, 03-01: P(alive) exp(-2/70 x 14) = 0.670 on 03-15,
//                                   exp(-2/86 x 30) = 0.498 on 03-31: falls below 0.5
//   erin  2024-01-01, 01-15, 02-28 (small orders): exp(-2/74 x 16) = 0.649, exp(-2/90 x 32) = 0.491
//   dave  every 10 days from 01-10: exp(-6/65 x 5) = 0.631, exp(-8/81 x 1) = 0.906
//   frank 2024-01-01, 01-08: exp(-1/74 x 67) = 0.404, exp(-1/90 x 83) = 0.397: below already
//   cat   2024-02-10, then 03-20: the population rate 11/317 on 03-15 (0.307), exp(-11/50) = 0.802
DatasetBuilder Shop() {
  DatasetBuilder b;
  b.add({Line("ann", "2024-01-05", 2000), Line("ann", "2024-02-05", 3000),
         Line("ann", "2024-03-01", 1000)});
  b.add({Line("erin", "2024-01-01", 100), Line("erin", "2024-01-15", 100),
         Line("erin", "2024-02-28", 100)});
  for (const char* day : {"2024-01-10", "2024-01-20", "2024-01-30", "2024-02-09", "2024-02-19",
                          "2024-02-29", "2024-03-10", "2024-03-20", "2024-03-30"}) {
    b.add(Line("dave", day, 1000));
  }
  b.add({Line("frank", "2024-01-01", 500), Line("frank", "2024-01-08", 500)});
  b.add({Line("cat", "2024-02-10", 1500), Line("cat", "2024-03-20", 2500)});
  return b;
}

class PAliveEventsTest : public ::testing::Test {
 protected:
  PAliveEventsTest()
      : previous_(Shop().as_of("2024-03-15").Build()),
        current_(Shop().as_of("2024-03-31").Build()) {}

  static json Config(const json& extra) {
    json config = {{"time_unit", "days"}, {"validation_holdout_days", 0}};
    config.update(extra);
    return config;
  }

  // The run of 2024-03-15, then the run of 2024-03-31 with it as the previous run.
  MethodRun Second(const json& extra, MethodRun* first_out = nullptr) {
    auto instance = Plugin().Create(Config(extra));
    MethodHarness before(previous_->get());
    MethodRun first = before.Run(*instance);
    EXPECT_TRUE(first.ok()) << first.message;
    EXPECT_TRUE(first.events.empty());  // no previous run: no event
    MethodHarness harness(current_->get());
    harness.set_previous(first, previous_->get(), (**previous_).as_of);
    MethodRun second = harness.Run(*instance);
    EXPECT_TRUE(second.ok()) << second.message;
    if (first_out != nullptr) *first_out = std::move(first);
    return second;
  }

  std::vector<std::string> Customers(const MethodRun& run) const {
    std::vector<std::string> out;
    for (const auto& e : run.events) {
      EXPECT_EQ(e.type, "p_alive_drop");
      out.push_back(current_->key(e.customer));
    }
    return out;
  }

  std::unique_ptr<TestDataset> previous_, current_;
};

TEST_F(PAliveEventsTest, TheShopIsScoredAsDescribed) {
  MethodRun first;
  const MethodRun second = Second(json::object(), &first);
  auto p = [](const MethodRun& run, const TestDataset& data, const char* id) {
    return run.f64("p_alive", data.customer(id));
  };
  EXPECT_NEAR(p(first, *previous_, "ann"), std::exp(-28.0 / 70), 1e-12);
  EXPECT_NEAR(p(second, *current_, "ann"), std::exp(-60.0 / 86), 1e-12);
  EXPECT_NEAR(p(first, *previous_, "erin"), std::exp(-32.0 / 74), 1e-12);
  EXPECT_NEAR(p(second, *current_, "erin"), std::exp(-64.0 / 90), 1e-12);
  EXPECT_NEAR(p(first, *previous_, "dave"), std::exp(-30.0 / 65), 1e-12);
  EXPECT_NEAR(p(second, *current_, "dave"), std::exp(-8.0 / 81), 1e-12);
  EXPECT_NEAR(p(first, *previous_, "frank"), std::exp(-67.0 / 74), 1e-12);
  EXPECT_NEAR(p(first, *previous_, "cat"), std::exp(-11.0 / 317 * 34), 1e-12);
  EXPECT_NEAR(p(second, *current_, "cat"), std::exp(-11.0 / 50), 1e-12);
  // By CLV on 2024-03-15: dave, ann, cat, frank, erin.
  auto clv = [&](const char* id) { return first.i64("clv_minor", previous_->customer(id)); };
  EXPECT_GT(clv("dave"), clv("ann"));
  EXPECT_GT(clv("ann"), clv("cat"));
  EXPECT_GT(clv("cat"), clv("frank"));
  EXPECT_GT(clv("frank"), clv("erin"));
  EXPECT_GT(clv("erin"), 0);
}

// The default: only the top 20% by CLV (dave, who did not drop) are valuable.
TEST_F(PAliveEventsTest, ByDefaultOnlyTheTopFifthByClvCounts) {
  EXPECT_TRUE(Second(json::object()).events.empty());
}

TEST_F(PAliveEventsTest, AValuableCustomerWhoseP_aliveFellBelowTheThreshold) {
  MethodRun first;
  const MethodRun run = Second({{"alert_top_clv_share", 0.4}}, &first);  // dave and ann
  ASSERT_EQ(Customers(run), std::vector<std::string>({"ann"}));
  const auto& e = run.events[0];
  const uint32_t ann = current_->customer("ann");
  EXPECT_EQ(e.priority, 1);
  EXPECT_EQ(e.due_at, 0);
  EXPECT_EQ(e.subject, "");
  EXPECT_NEAR(e.evidence.at("p_alive_before").get<double>(), std::exp(-28.0 / 70), 1e-12);
  EXPECT_NEAR(e.evidence.at("p_alive").get<double>(), std::exp(-60.0 / 86), 1e-12);
  EXPECT_EQ(e.evidence.at("clv_before_minor"), first.i64("clv_minor", previous_->customer("ann")));
  EXPECT_EQ(e.evidence.at("clv_minor"), run.i64("clv_minor", ann));
  EXPECT_LT(run.i64("clv_minor", ann), first.i64("clv_minor", previous_->customer("ann")));
  EXPECT_EQ(e.evidence.at("expected_purchases"), run.f64("expected_purchases_365d", ann));
  EXPECT_NEAR(e.evidence.at("expected_purchases").get<double>(),
              std::exp(-60.0 / 86) * 2.0 / 86 * 365, 1e-9);
  EXPECT_EQ(e.evidence.at("horizon_days"), 365);
  EXPECT_EQ(e.evidence.at("days_since_last_order"), 30);
  EXPECT_EQ(e.evidence.at("last_order_at"), ParseUtc("2024-03-01"));
  EXPECT_EQ(e.evidence.size(), 8u);
}

TEST_F(PAliveEventsTest, EveryCustomerWithACrossingWhenAllAreValuable) {
  EXPECT_EQ(Customers(Second({{"alert_top_clv_share", 1.0}})),
            std::vector<std::string>({"ann", "erin"}));
  // The minimum CLV leaves the small buyer out.
  MethodRun first;
  Second(json::object(), &first);
  const int64_t erin_clv = first.i64("clv_minor", previous_->customer("erin"));
  EXPECT_EQ(Customers(Second({{"alert_top_clv_share", 1.0}, {"alert_min_clv_minor", erin_clv}})),
            std::vector<std::string>({"ann", "erin"}));
  EXPECT_EQ(
      Customers(Second({{"alert_top_clv_share", 1.0}, {"alert_min_clv_minor", erin_clv + 1}})),
      std::vector<std::string>({"ann"}));
}

TEST_F(PAliveEventsTest, TheThresholdDecidesWhatIsADrop) {
  // 0.45: ann (0.498) and erin (0.491) are still above it.
  EXPECT_TRUE(Second({{"alert_top_clv_share", 1.0}, {"alert_p_alive_below", 0.45}}).events.empty());
  // 0.62: dave was at 0.631 but rose; frank was below already; cat rose.
  EXPECT_EQ(Customers(Second({{"alert_top_clv_share", 1.0}, {"alert_p_alive_below", 0.62}})),
            std::vector<std::string>({"ann", "erin"}));
  // 0.65: erin was at 0.649, below it already.
  EXPECT_EQ(Customers(Second({{"alert_top_clv_share", 1.0}, {"alert_p_alive_below", 0.65}})),
            std::vector<std::string>({"ann"}));
  EXPECT_TRUE(Second({{"alert_top_clv_share", 1.0}, {"alert_p_alive_below", 0.0}}).events.empty());
}

TEST_F(PAliveEventsTest, AlertOptionsAreChecked) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"alert_p_alive_below", 1.5}}, "option 'alert_p_alive_below' must be between 0 and 1"},
      {{{"alert_p_alive_below", -0.1}}, "option 'alert_p_alive_below' must be between 0 and 1"},
      {{{"alert_min_clv_minor", -1}}, "option 'alert_min_clv_minor' must be at least 0"},
      {{{"alert_top_clv_share", 0.0}},
       "option 'alert_top_clv_share' must be above 0 and at most 1"},
      {{{"alert_top_clv_share", 1.01}},
       "option 'alert_top_clv_share' must be above 0 and at most 1"},
  };
  for (const auto& [config, expected] : cases) {
    int32_t status = 0;
    std::string message;
    EXPECT_EQ(Plugin().TryCreate(config, &status, &message), nullptr) << config.dump();
    EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
    EXPECT_EQ(message, expected);
  }
}

TEST(ValuableClvFloorTest, NearestRankOfThePositiveValuesWithTies) {
  DropAlertOptions o;
  o.top_clv_share = 0.4;  // 0.4 x 5 is rank 2, not 3
  EXPECT_EQ(ValuableClvFloor({500, 0, 100, 300, -5, 200, 400}, o), 400);
  o.top_clv_share = 0.2;
  EXPECT_EQ(ValuableClvFloor({500, 100, 300, 200, 400}, o), 500);
  o.top_clv_share = 0.5;  // rank 3 of 5: 300
  EXPECT_EQ(ValuableClvFloor({500, 100, 300, 200, 400}, o), 300);
  o.top_clv_share = 1;
  EXPECT_EQ(ValuableClvFloor({500, 100, 300, 200, 400}, o), 100);
  o.min_clv_minor = 250;  // the minimum raises the floor
  EXPECT_EQ(ValuableClvFloor({500, 100, 300, 200, 400}, o), 250);
  o.min_clv_minor = 0;
  o.top_clv_share = 0.2;  // ties at the floor: every 700 is valuable
  EXPECT_EQ(ValuableClvFloor({700, 700, 700, 100, 50}, o), 700);
  // Nobody with a CLV: the floor is 1, nobody qualifies.
  EXPECT_EQ(ValuableClvFloor({0, -3}, o), 1);
  EXPECT_EQ(ValuableClvFloor({}, o), 1);
}

}  // namespace
}  // namespace encore::plugins::predictive
