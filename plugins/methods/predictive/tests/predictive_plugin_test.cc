// The predictive plugin through its real binary: the CDNOW anchors end to end (order lines in,
// scores and metrics out), the default validation split, the fallback rule, options, periods,
// returns and cancellation.
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

  // Holdout weeks 40..78: the explicit split validates the scoring fit itself.
  EXPECT_EQ(run.metric("predictive.holdout.actual_transactions"), 1882);
  EXPECT_NEAR(run.metric("predictive.holdout.predicted_transactions"), 1653.4, 0.5);
  EXPECT_NEAR(run.metric("predictive.holdout.relative_error"), (1653.4 - 1882) / 1882, 0.5 / 1882);
  EXPECT_EQ(run.metric("predictive.holdout.customers"), 2357);
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["mode"], "backtest");
  EXPECT_EQ(holdout["model"], "bgnbd");
  EXPECT_FALSE(holdout.contains("fit"));  // the fit is predictive.fit
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
  EXPECT_NEAR(run.i64("expected_order_value_minor", one), 2466, 1);
  EXPECT_GT(run.i64("clv_minor", one), 0);
  // Next order: (alpha + T) / (r + x) weeks after 1997-09-30, rounded to days.
  const double r = run.metric("predictive.bgnbd.r"), alpha = run.metric("predictive.bgnbd.alpha");
  const auto days = std::llround((alpha + 272.0 / 7) / (r + 2) * 7);
  EXPECT_EQ(run.str("next_order_date", one), FormatIsoDate(10134 + static_cast<int32_t>(days)));
  EXPECT_FALSE(run.column("p_alive").is_null(one));
}

// ANCHORS.md section 4 through the default validation (no calibration_end): the scores come
// from the fit on the whole history to the as-of day 1998-06-30, and a 273-day validation holdout
// splits that history at 1997-09-30, the literature's calibration end, so the validation fit is
// the published one and the table is BTYD's.
MethodRun CdnowScoringRun(const json& extra) {
  json config = {{"time_unit", "weeks"}};
  config.update(extra);
  return RunOn(Cdnow(), config);
}

TEST(PredictivePluginTest, CdnowDefaultValidationReproducesTheHoldoutTable) {
  const MethodRun run = CdnowScoringRun({{"validation_holdout_days", 273}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_TRUE(run.warnings.empty()) << run.warnings.front();
  // The scores' fit: all 78 weeks.
  EXPECT_EQ(run.json_metric("predictive.fit")["calibration_end"], "1998-06-30");
  EXPECT_EQ(run.metric("predictive.repeat_customers"), 1139);
  EXPECT_NEAR(run.metric("predictive.bgnbd.r"), 0.2535612, 1e-6);
  EXPECT_NEAR(run.metric("predictive.bgnbd.a"), 0.6073654, 1e-6);

  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["mode"], "validation");
  EXPECT_EQ(holdout["model"], "bgnbd");
  EXPECT_EQ(holdout["calibration_end"], "1997-09-30");
  EXPECT_EQ(holdout["holdout_end"], "1998-06-30");
  EXPECT_EQ(holdout["holdout_days"], 273);
  EXPECT_EQ(holdout["customers"], 2357);
  EXPECT_EQ(holdout["actual_transactions"], 1882);
  // The validation fit is ANCHORS.md section 2's calibration fit (reproduced-here digits).
  const json& fit = holdout["fit"];
  EXPECT_EQ(fit["converged"], true);
  EXPECT_FALSE(fit.contains("identified"));  // no Hessian for the validation fit
  EXPECT_NEAR(fit["parameters"]["r"]["value"].get<double>(), 0.242595, 0.242595 * 1e-5);
  EXPECT_NEAR(fit["parameters"]["alpha"]["value"].get<double>(), 4.413602, 4.413602 * 1e-5);
  EXPECT_NEAR(fit["parameters"]["a"]["value"].get<double>(), 0.792922, 0.792922 * 1e-5);
  EXPECT_NEAR(fit["parameters"]["b"]["value"].get<double>(), 2.425907, 2.425907 * 1e-5);
  EXPECT_NEAR(fit["log_likelihood"].get<double>(), -9582.4292, 1e-4);
  EXPECT_TRUE(fit["parameters"]["r"]["standard_error"].is_null());

  // BTYD's table; predictions at the fitted (not BTYD's printed) parameters agree to 2e-4.
  const double customers[] = {1411, 439, 214, 100, 62, 38, 29, 64};
  const double actual[] = {0.2367116, 0.6970387, 1.392523, 1.560000,
                           2.532258,  2.947368,  3.862069, 6.359375};
  const double predicted[] = {0.2250893, 0.5231364, 1.044126, 1.520256,
                              2.163824,  2.653789,  3.503957, 6.157036};
  const char* labels[] = {"0", "1", "2", "3", "4", "5", "6", "7+"};
  const json& bins = holdout["by_frequency"];
  ASSERT_EQ(bins.size(), 8u);
  for (int x = 0; x < 8; ++x) {
    EXPECT_EQ(bins[x]["x"], labels[x]);
    EXPECT_EQ(bins[x]["customers"], customers[x]) << x;
    EXPECT_NEAR(bins[x]["actual_mean"].get<double>(), actual[x], 5e-7) << x;
    EXPECT_NEAR(bins[x]["predicted_mean"].get<double>(), predicted[x], 2e-4) << x;
  }
  // 1653.39 at BTYD's digits (ANCHORS.md section 4).
  EXPECT_EQ(run.metric("predictive.holdout.actual_transactions"), 1882);
  EXPECT_EQ(run.metric("predictive.holdout.customers"), 2357);
  const double predicted_total = run.metric("predictive.holdout.predicted_transactions");
  EXPECT_NEAR(predicted_total, 1653.41, 0.01);
  EXPECT_EQ(holdout["predicted_transactions"], predicted_total);
  EXPECT_NEAR(run.metric("predictive.holdout.relative_error"), (predicted_total - 1882) / 1882,
              1e-15);
  EXPECT_EQ(holdout["relative_error"], run.metric("predictive.holdout.relative_error"));
}

// Days instead of weeks: the same split, the same table.
TEST(PredictivePluginTest, CdnowDefaultValidationInDays) {
  const MethodRun run = CdnowScoringRun({{"validation_holdout_days", 273}, {"time_unit", "days"}});
  ASSERT_TRUE(run.ok()) << run.message;
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["calibration_end"], "1997-09-30");
  EXPECT_NEAR(holdout["fit"]["parameters"]["alpha"]["value"].get<double>(), 7 * 4.413602,
              7 * 4.413602 * 1e-5);
  EXPECT_NEAR(run.metric("predictive.holdout.predicted_transactions"), 1653.41, 0.01);
  EXPECT_NEAR(holdout["by_frequency"][7]["predicted_mean"].get<double>(), 6.157036, 2e-4);
}

TEST(PredictivePluginTest, CdnowDefaultValidationParetoNbd) {
  const MethodRun run = CdnowScoringRun({{"validation_holdout_days", 273}, {"model", "paretonbd"}});
  ASSERT_TRUE(run.ok()) << run.message;
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["model"], "paretonbd");
  EXPECT_NEAR(holdout["fit"]["parameters"]["s"]["value"].get<double>(), 0.606240, 0.606240 * 1e-5);
  EXPECT_NEAR(holdout["fit"]["log_likelihood"].get<double>(), -9594.9762, 1e-4);
  // BTYD's Pareto/NBD row (printed to 3 decimals) and ANCHORS.md's 1665.69 at FHL05's digits.
  const double predicted[] = {0.138, 0.600, 1.196, 1.714, 2.399, 2.907, 3.819, 6.403};
  for (int x = 0; x < 8; ++x) {
    EXPECT_NEAR(holdout["by_frequency"][x]["predicted_mean"].get<double>(), predicted[x], 1e-3)
        << x;
  }
  EXPECT_NEAR(run.metric("predictive.holdout.predicted_transactions"), 1665.69, 0.5);
}

// The validation fit changes no score: the scores are those of a run without validation.
TEST(PredictivePluginTest, ValidationLeavesTheScoresAlone) {
  const MethodRun validated = CdnowScoringRun(json::object());  // the default, 90 days
  const MethodRun plain = CdnowScoringRun({{"validation_holdout_days", 0}});
  ASSERT_TRUE(validated.ok()) << validated.message;
  ASSERT_TRUE(plain.ok()) << plain.message;
  EXPECT_TRUE(plain.warnings.empty());
  EXPECT_EQ(plain.json_metrics.count("predictive.holdout"), 0u);
  EXPECT_EQ(plain.metrics.count("predictive.holdout.actual_transactions"), 0u);
  // Default: a 90-day holdout from 1998-04-01.
  const json& holdout = validated.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["calibration_end"], "1998-04-01");
  EXPECT_EQ(holdout["holdout_days"], 90);
  EXPECT_EQ(validated.metric("predictive.bgnbd.r"), plain.metric("predictive.bgnbd.r"));
  for (uint32_t c = 0; c < Cdnow().customer_count(); ++c) {
    ASSERT_EQ(validated.f64("p_alive", c), plain.f64("p_alive", c)) << c;
    ASSERT_EQ(validated.f64("expected_purchases_365d", c), plain.f64("expected_purchases_365d", c))
        << c;
    ASSERT_EQ(validated.i64("clv_minor", c), plain.i64("clv_minor", c)) << c;
    ASSERT_EQ(validated.str("next_order_date", c), plain.str("next_order_date", c)) << c;
  }
}

// 546 days of history (1997-01-01 .. 1998-06-30) hold two 273-day halves but not two 274-day
// ones. The run succeeds, with its scores, and says why there is no table.
TEST(PredictivePluginTest, TooShortHistorySkipsTheValidationWithAWarning) {
  const MethodRun run = CdnowScoringRun({{"validation_holdout_days", 274}});
  ASSERT_TRUE(run.ok()) << run.message;
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0],
            "validation skipped: the history from 1997-01-01 to 1998-06-30 is 546 days, shorter "
            "than twice validation_holdout_days (274); set validation_holdout_days to at most "
            "273, or to 0 to turn it off");
  EXPECT_EQ(run.json_metrics.count("predictive.holdout"), 0u);
  EXPECT_EQ(run.metrics.count("predictive.holdout.relative_error"), 0u);
  EXPECT_EQ(run.metric("predictive.fallback"), 0);
  EXPECT_NEAR(run.metric("predictive.bgnbd.r"), 0.2535612, 1e-6);
}

// 1,139 repeat customers over the whole history fit the model; the split's calibration part has
// only 946 (ANCHORS.md section 1).
TEST(PredictivePluginTest, TooFewRepeatCustomersInTheSplitSkipTheValidation) {
  const MethodRun run =
      CdnowScoringRun({{"validation_holdout_days", 273}, {"min_repeat_customers", 1000}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("predictive.fallback"), 0);
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0],
            "validation skipped: 946 customers with a repeat purchase up to 1997-09-30 (the "
            "calibration part of the split), fewer than min_repeat_customers (1000)");
  EXPECT_EQ(run.json_metrics.count("predictive.holdout"), 0u);
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
  ASSERT_EQ(run.warnings.size(), 4u);
  EXPECT_EQ(run.warnings[0],
            "1 customers have only orders of negative value (returns): they are not scored");
  EXPECT_EQ(run.warnings[1],
            "bgnbd not fitted: 2 customers with a repeat purchase, fewer than "
            "min_repeat_customers (100); scores use the fallback rule (per-customer purchase "
            "rate)");
  EXPECT_NE(run.warnings[2].find("gamma_gamma not fitted"), std::string::npos);
  // The default 90-day validation needs 180 days of history.
  EXPECT_EQ(run.warnings[3],
            "validation skipped: the history from 2024-01-05 to 2024-03-31 is 87 days, shorter "
            "than twice validation_holdout_days (90); set validation_holdout_days to at most 43, "
            "or to 0 to turn it off");
  EXPECT_FALSE(run.json_metric("predictive.fit").contains("fit"));

  // ann: purchases on days 0, 31, 56 after 2024-01-05, T = 86 days (as-of 2024-03-31).
  // Rate 2 / 86 per day; quiet for 30 days.
  const uint32_t ann = data->customer("ann");
  const double rate = 2.0 / 86;
  EXPECT_NEAR(run.f64("p_alive", ann), std::exp(-rate * 30), 1e-12);
  EXPECT_NEAR(run.f64("expected_purchases_365d", ann), std::exp(-rate * 30) * rate * 365, 1e-9);
  EXPECT_EQ(run.i64("expected_order_value_minor", ann), 2000);  // mean of 3000 and 1000
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
  EXPECT_EQ(run.i64("clv_minor", dan), 0);
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
  EXPECT_EQ(run.i64("expected_order_value_minor", eve), 0);
  EXPECT_EQ(run.str("next_order_date", eve), "");
  EXPECT_EQ(run.metric("predictive.customers"), 3);
  // Holdout 2024-03-16 .. 2024-03-31: cat's purchase on 2024-03-20.
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["holdout_days"], 16);
  EXPECT_EQ(holdout["actual_transactions"], 1);
}

// With the scores on the fallback rule, the validation checks that rule. A 40-day holdout splits
// SmallShop at 2024-02-20: ann (days 0 and 31, T = 46), bob (T = 31) and cat (T = 10) are in the
// calibration part; ann buys again on 2024-03-01 and cat on 2024-03-20.
TEST(PredictivePluginTest, ValidationOfTheFallbackRule) {
  const auto data = SmallShop();
  const MethodRun run = RunOn(
      *data, {{"time_unit", "days"}, {"min_repeat_customers", 1}, {"validation_holdout_days", 40}});
  ASSERT_TRUE(run.ok()) << run.message;
  ASSERT_EQ(run.metric("predictive.fallback"), 1);
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["mode"], "validation");
  EXPECT_EQ(holdout["model"], "fallback");
  EXPECT_FALSE(holdout.contains("fit"));
  EXPECT_EQ(holdout["calibration_end"], "2024-02-20");
  EXPECT_EQ(holdout["customers"], 3);
  EXPECT_EQ(holdout["actual_transactions"], 2);
  // Population rate 1 / (46 + 31 + 10) per day; ann's own rate 1 / 46, quiet for 15 days.
  const double population = 1.0 / 87;
  const double ann = std::exp(-15.0 / 46) * 40 / 46;
  const double bob = std::exp(-31 * population) * 40 * population;
  const double cat = std::exp(-10 * population) * 40 * population;
  const json& bins = holdout["by_frequency"];
  EXPECT_EQ(bins[0]["customers"], 2);
  EXPECT_EQ(bins[0]["actual_mean"], 0.5);
  EXPECT_NEAR(bins[0]["predicted_mean"].get<double>(), (bob + cat) / 2, 1e-12);
  EXPECT_EQ(bins[1]["customers"], 1);
  EXPECT_EQ(bins[1]["actual_mean"], 1);
  EXPECT_NEAR(bins[1]["predicted_mean"].get<double>(), ann, 1e-12);
  EXPECT_EQ(bins[7]["customers"], 0);
  EXPECT_EQ(bins[7]["predicted_mean"], 0);
  EXPECT_NEAR(run.metric("predictive.holdout.predicted_transactions"), ann + bob + cat, 1e-12);
  EXPECT_NEAR(run.metric("predictive.holdout.relative_error"), (ann + bob + cat - 2) / 2, 1e-12);
}

// Nobody buys in the last 5 days: the relative error is undefined and is left out, not NaN.
TEST(PredictivePluginTest, NoPurchaseInTheHoldoutGivesNoRelativeError) {
  const auto data = SmallShop();
  const MethodRun run = RunOn(*data, {{"min_repeat_customers", 1}, {"validation_holdout_days", 5}});
  ASSERT_TRUE(run.ok()) << run.message;
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["actual_transactions"], 0);
  EXPECT_TRUE(holdout["relative_error"].is_null());
  EXPECT_EQ(run.metric("predictive.holdout.actual_transactions"), 0);
  EXPECT_GT(run.metric("predictive.holdout.predicted_transactions"), 0);
  EXPECT_EQ(run.metrics.count("predictive.holdout.relative_error"), 0u);
  for (const auto& [name, metric] : run.metrics) EXPECT_TRUE(std::isfinite(metric.value)) << name;
}

// An explicit calibration_end is the validation: validation_holdout_days does not apply.
TEST(PredictivePluginTest, ExplicitCalibrationEndIsTheValidation) {
  const MethodRun run = CdnowRun({{"validation_holdout_days", 30}});
  ASSERT_TRUE(run.ok()) << run.message;
  const json& holdout = run.json_metric("predictive.holdout");
  EXPECT_EQ(holdout["mode"], "backtest");
  EXPECT_EQ(holdout["calibration_end"], "1997-09-30");
  EXPECT_EQ(holdout["holdout_days"], 273);
  EXPECT_TRUE(run.warnings.empty());
}

TEST(PredictivePluginTest, NoHoldoutWhenCalibrationEndsOnTheAsOfDay) {
  const auto data = SmallShop();
  const MethodRun run = RunOn(*data, {{"validation_holdout_days", 0}});
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
      {{{"validation_holdout_days", -1}},
       "option 'validation_holdout_days' must be between 0 and 36525"},
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
  ASSERT_EQ(d.option_count, 13u);
  EXPECT_EQ(std::string(d.options[0].name), "model");
  EXPECT_EQ(std::string(d.options[0].default_json), "\"bgnbd\"");
  EXPECT_EQ(std::string(d.options[0].allowed), "bgnbd|paretonbd");
  EXPECT_EQ(std::string(d.options[4].name), "validation_holdout_days");
  EXPECT_EQ(std::string(d.options[4].default_json), "90");
}

}  // namespace
}  // namespace encore::plugins::predictive
