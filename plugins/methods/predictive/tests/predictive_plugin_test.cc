// The predictive plugin through its real binary: the CDNOW anchors end to end (order lines in,
// scores and metrics out), the fallback rule, options, periods, returns and cancellation.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "cdnow_data.h"
#include "model/civil_date.h"

namespace encore::plugins::predictive {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::TestDataset;

LoadedPlugin& Plugin() {
  static LoadedPlugin plugin(ENCORE_PREDICTIVE_PLUGIN);
  return plugin;
}

const TestDataset& Cdnow() {
  static const std::unique_ptr<TestDataset> data = [] {
    DatasetBuilder builder;
    for (const testing::OrderRow& row : testing::ReadCdnowOrders()) {
      const auto amount = std::llround(row.quantity * row.unit_price * 100);
      builder.add(OrderLine{row.order_id, row.customer_id, row.date, "",
                            std::llround(row.quantity * 1000), amount, ""});
    }
    return builder.as_of("1998-06-30").Build();
  }();
  return *data;
}

MethodRun RunOn(const TestDataset& data, const json& config) {
  auto instance = Plugin().Create(config);
  MethodHarness harness(data.get());
  return harness.Run(*instance);
}

MethodRun CdnowRun(const json& extra = json::object()) {
  json config = {{"time_unit", "weeks"}, {"calibration_end", "1997-09-30"}};
  config.update(extra);
  return RunOn(Cdnow(), config);
}

// ANCHORS.md sections 2-4 through the plugin: calibration to 1997-09-30 in weeks, holdout to the
// as-of day 1998-06-30.
TEST(PredictivePluginTest, CdnowBgNbdEndToEnd) {
  const MethodRun run = CdnowRun({{"horizon_days", 273}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_TRUE(run.warnings.empty()) << run.warnings.front();
  EXPECT_EQ(run.metric("predictive.customers"), 2357);
  EXPECT_EQ(run.metric("predictive.repeat_customers"), 946);
  EXPECT_EQ(run.metric("predictive.fallback"), 0);
  EXPECT_NEAR(run.metric("predictive.bgnbd.r"), 0.242595, 0.242595 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.bgnbd.alpha"), 4.413602, 4.413602 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.bgnbd.a"), 0.792922, 0.792922 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.bgnbd.b"), 2.425907, 2.425907 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.bgnbd.log_likelihood"), -9582.4292, 1e-4);
  EXPECT_EQ(run.metric("predictive.bgnbd.converged"), 1);
  EXPECT_GT(run.metric("predictive.bgnbd.b.standard_error"), 0);
  // Money is in cents here, so gamma is 100 times the dollar estimate; p and q do not change.
  EXPECT_NEAR(run.metric("predictive.gamma_gamma.p"), 6.249573, 6.249573 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.gamma_gamma.q"), 3.744224, 3.744224 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.gamma_gamma.gamma"), 1544.3517, 1544.3517 * 1e-5);

  const json& fit = run.json_metric("predictive.fit");
  EXPECT_EQ(fit["model"], "bgnbd");
  EXPECT_EQ(fit["calibration_end"], "1997-09-30");
  EXPECT_EQ(fit["fit"]["identified"], true);
  EXPECT_EQ(fit["fit"]["parameters"]["alpha"]["value"], run.metric("predictive.bgnbd.alpha"));

  // Holdout weeks 40..78.
  EXPECT_EQ(run.metric("predictive.holdout.actual_transactions"), 1882);
  EXPECT_NEAR(run.metric("predictive.holdout.predicted_transactions"), 1653.4, 0.5);
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["holdout_days"], 273);
  EXPECT_EQ(holdout["holdout_end"], "1998-06-30");
  ASSERT_EQ(holdout["by_frequency"].size(), 8u);
  EXPECT_EQ(holdout["by_frequency"][0]["x"], "0");
  EXPECT_EQ(holdout["by_frequency"][0]["customers"], 1411);
  EXPECT_NEAR(holdout["by_frequency"][0]["actual_mean"].get<double>(), 0.2367116, 5e-7);
  EXPECT_NEAR(holdout["by_frequency"][0]["predicted_mean"].get<double>(), 0.2250893, 1e-4);
  EXPECT_EQ(holdout["by_frequency"][7]["x"], "7+");
  EXPECT_NEAR(holdout["by_frequency"][7]["actual_mean"].get<double>(), 6.359375, 5e-7);

  // Customer "1" (2, 30.43, 38.86) and "1516" (26, 30.86, 31.0), ANCHORS.md section 3.
  const uint32_t one = Cdnow().customer("1"), c1516 = Cdnow().customer("1516");
  EXPECT_NEAR(run.f64("p_alive", one), 0.7266, 5e-4);
  EXPECT_NEAR(run.f64("expected_purchases_273d", one), 1.226, 1e-3);
  EXPECT_NEAR(run.f64("p_alive", c1516), 0.9689, 1e-4);
  // E[Z] of customer 1 at the fitted Gamma-Gamma: 24.66 dollars.
  EXPECT_NEAR(run.i64("expected_order_value", one), 2466, 1);
  EXPECT_GT(run.i64("clv", one), 0);
  // Next order: (alpha + T) / (r + x) weeks after 1997-09-30, rounded to days.
  const double r = run.metric("predictive.bgnbd.r"), alpha = run.metric("predictive.bgnbd.alpha");
  const auto days = std::llround((alpha + 272.0 / 7) / (r + 2) * 7);
  EXPECT_EQ(run.str("next_order_date", one), FormatIsoDate(10134 + static_cast<int32_t>(days)));
  EXPECT_FALSE(run.column("p_alive").is_null(one));
}

TEST(PredictivePluginTest, CdnowParetoNbd) {
  const MethodRun run = CdnowRun({{"model", "paretonbd"}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_NEAR(run.metric("predictive.paretonbd.r"), 0.553277, 0.553277 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.paretonbd.alpha"), 10.577683, 10.577683 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.paretonbd.s"), 0.606240, 0.606240 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.paretonbd.beta"), 11.668733, 1e-3);
  EXPECT_NEAR(run.metric("predictive.paretonbd.log_likelihood"), -9594.9762, 1e-4);
  EXPECT_EQ(run.json_metric("predictive.fit")["model"], "paretonbd");
  EXPECT_NEAR(run.f64("p_alive", Cdnow().customer("1")), 0.8692, 5e-4);
}

TEST(PredictivePluginTest, DaysAndWeeksGiveTheSameScores) {
  const MethodRun weeks = CdnowRun();
  const MethodRun days = CdnowRun({{"time_unit", "days"}});
  ASSERT_TRUE(days.ok()) << days.message;
  EXPECT_NEAR(days.metric("predictive.bgnbd.alpha"), 7 * weeks.metric("predictive.bgnbd.alpha"),
              1e-3);
  for (uint32_t c = 0; c < Cdnow().customer_count(); c += 37) {
    EXPECT_NEAR(days.f64("p_alive", c), weeks.f64("p_alive", c), 1e-6) << c;
    EXPECT_NEAR(days.f64("expected_purchases_365d", c), weeks.f64("expected_purchases_365d", c),
                1e-5)
        << c;
  }
}

// Order lines for hand-written histories: one order per (customer, day), amount in cents.
OrderLine Line(const std::string& order, const std::string& customer, const std::string& date,
               int64_t amount) {
  return OrderLine{order, customer, date, "P", amount < 0 ? -1000 : 1000, amount, ""};
}

std::unique_ptr<TestDataset> SmallShop() {
  return DatasetBuilder()
      .add({Line("1", "ann", "2024-01-05", 2000), Line("2", "ann", "2024-02-05", 3000),
            Line("3", "ann", "2024-03-01", 1000), Line("4", "bob", "2024-01-20", 5000),
            Line("5", "cat", "2024-02-10", 1500), Line("6", "cat", "2024-03-20", 2500),
            Line("7", "dan", "2024-02-01", -700), Line("8", "eve", "2024-03-25", 4000)})
      .as_of("2024-03-31")
      .Build();
}

TEST(PredictivePluginTest, TooFewRepeatCustomersFallBackWithWarnings) {
  const auto data = SmallShop();
  const MethodRun run = RunOn(*data, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("predictive.fallback"), 1);
  EXPECT_EQ(run.metric("predictive.spend_fallback"), 1);
  ASSERT_EQ(run.warnings.size(), 3u);
  EXPECT_EQ(run.warnings[0],
            "1 customers have only orders of negative value (returns): they are not scored");
  EXPECT_EQ(run.warnings[1],
            "bgnbd not fitted: 2 customers with a repeat purchase, fewer than "
            "min_repeat_customers (100); scores use the fallback rule (per-customer purchase "
            "rate)");
  EXPECT_NE(run.warnings[2].find("gamma_gamma not fitted"), std::string::npos);
  EXPECT_FALSE(run.json_metric("predictive.fit").contains("fit"));

  // ann: purchases on days 0, 31, 56 after 2024-01-05, T = 86 days (as-of 2024-03-31).
  // Rate 2 / 86 per day; quiet for 30 days.
  const uint32_t ann = data->customer("ann");
  const double rate = 2.0 / 86;
  EXPECT_NEAR(run.f64("p_alive", ann), std::exp(-rate * 30), 1e-12);
  EXPECT_NEAR(run.f64("expected_purchases_365d", ann), std::exp(-rate * 30) * rate * 365, 1e-9);
  EXPECT_EQ(run.i64("expected_order_value", ann), 2000);  // mean of 3000 and 1000
  // P(alive) 0.498 is below the default threshold 0.5: no next order date.
  EXPECT_EQ(run.str("next_order_date", ann), "");
  // cat: 2024-02-10 and 2024-03-20, T = 50 days, rate 1 / 50, P(alive) exp(-11 / 50) = 0.80:
  // the next order is expected 50 days after the as-of day.
  const uint32_t cat = data->customer("cat");
  EXPECT_NEAR(run.f64("p_alive", cat), std::exp(-11.0 / 50), 1e-12);
  EXPECT_EQ(run.str("next_order_date", cat), "2024-05-20");
  // dan only returned goods: not scored.
  const uint32_t dan = data->customer("dan");
  EXPECT_TRUE(run.column("p_alive").is_null(dan));
  EXPECT_EQ(run.i64("clv", dan), 0);
  EXPECT_EQ(run.str("next_order_date", dan), "");
  // Every scored value is finite.
  for (uint32_t c = 0; c < data->customer_count(); ++c) {
    EXPECT_TRUE(std::isfinite(run.f64("p_alive", c)));
    EXPECT_TRUE(std::isfinite(run.f64("expected_purchases_365d", c)));
  }
}

TEST(PredictivePluginTest, CustomersWhoStartAfterTheCalibrationAreNotScored) {
  const auto data = SmallShop();
  const MethodRun run =
      RunOn(*data, {{"calibration_end", "2024-03-15"}, {"min_repeat_customers", 1}});
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t eve = data->customer("eve");  // first purchase 2024-03-25
  EXPECT_TRUE(run.column("p_alive").is_null(eve));
  EXPECT_EQ(run.i64("expected_order_value", eve), 0);
  EXPECT_EQ(run.str("next_order_date", eve), "");
  EXPECT_EQ(run.metric("predictive.customers"), 3);
  // Holdout 2024-03-16 .. 2024-03-31: cat's purchase on 2024-03-20.
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["holdout_days"], 16);
  EXPECT_EQ(holdout["actual_transactions"], 1);
}

TEST(PredictivePluginTest, NoHoldoutWhenCalibrationEndsOnTheAsOfDay) {
  const auto data = SmallShop();
  const MethodRun run = RunOn(*data, json::object());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run.json_metrics.count("predictive.holdout"), 0u);
  EXPECT_EQ(run.json_metric("predictive.fit")["calibration_end"], "2024-03-31");
}

TEST(PredictivePluginTest, PeriodsBeyondTheAsOfDayFailTheRun) {
  const auto data = SmallShop();
  const MethodRun late = RunOn(*data, {{"calibration_end", "2024-04-02"}});
  EXPECT_EQ(late.status, ENCORE_FATAL);
  EXPECT_NE(late.message.find("calibration_end 2024-04-02 is after the as-of day 2024-03-31"),
            std::string::npos)
      << late.message;
  const MethodRun holdout = RunOn(*data, {{"holdout_end", "2024-05-01"}});
  EXPECT_EQ(holdout.status, ENCORE_FATAL);
  EXPECT_NE(holdout.message.find("holdout_end 2024-05-01"), std::string::npos);
  // A holdout needs a calibration_end before it; by default calibration ends on the as-of day.
  const MethodRun empty_holdout = RunOn(*data, {{"holdout_end", "2024-03-20"}});
  EXPECT_EQ(empty_holdout.status, ENCORE_FATAL);
  EXPECT_NE(
      empty_holdout.message.find("holdout_end 2024-03-20 is not after calibration_end 2024-03-31"),
      std::string::npos)
      << empty_holdout.message;
}

TEST(PredictivePluginTest, InvalidOptionsAreRefusedAtCreate) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"calibration_end", "2024-13-01"}}, "option 'calibration_end' must be a date"},
      {{{"calibration_end", "2024-03-01T00:00:00"}}, "option 'calibration_end' must be a date"},
      {{{"calibration_end", "2024-03-10"}, {"holdout_end", "2024-03-10"}},
       "option 'holdout_end' must be after 'calibration_end'"},
      {{{"horizon_days", 0}}, "option 'horizon_days' must be between 1 and 36525"},
      {{{"discount_rate", -0.1}}, "option 'discount_rate' must be between 0 and 1"},
      {{{"p_alive_threshold", 1.5}}, "option 'p_alive_threshold' must be between 0 and 1"},
      {{{"min_repeat_customers", 0}}, "option 'min_repeat_customers' must be at least 1"},
      {{{"threads", 0}}, "option 'threads' must be between 1 and 64"},
      {{{"model", "tree"}}, "option 'model' must be bgnbd or paretonbd"},
  };
  for (const auto& [config, expected] : cases) {
    int32_t status = 0;
    std::string message;
    EXPECT_EQ(Plugin().TryCreate(config, &status, &message), nullptr) << config.dump();
    EXPECT_EQ(status, ENCORE_INVALID_CONFIG) << config.dump();
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

TEST(PredictivePluginTest, StopsWhenAsked) {
  auto instance = Plugin().Create(json::object());
  MethodHarness harness(Cdnow().get());
  harness.stop_after_polls(0);
  const MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
}

TEST(PredictivePluginTest, DeclaresItsOptions) {
  const encore_plugin_v1& d = Plugin().descriptor();
  EXPECT_EQ(std::string(d.name), "predictive");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 9u);
  EXPECT_EQ(std::string(d.options[0].name), "model");
  EXPECT_EQ(std::string(d.options[0].default_json), "\"bgnbd\"");
  EXPECT_EQ(std::string(d.options[0].allowed), "bgnbd|paretonbd");
}

}  // namespace
}  // namespace encore::plugins::predictive
