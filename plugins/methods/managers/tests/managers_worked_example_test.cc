// The worked example of docs/metrics.md, "Managers", through the real plugin: every number of
// the league table and of the metrics as the document states it. M2 has the harder customers:
// a lower raw conversion than M1 (0.5 against 0.75) but the better adjusted one.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <string>
#include <vector>

#include "plugins/methods/managers/tests/worked_example.h"

namespace encore::plugins::managers {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::RecordedTable;

class ManagersWorkedExampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadedPlugin plugin(ENCORE_MANAGERS_PLUGIN);
    auto instance = plugin.Create(WorkedExampleConfig());
    auto data = DatasetBuilder().add(WorkedExampleLines()).as_of(kWorkedExampleAsOf).Build();
    MethodHarness harness(data->get());
    run_ = harness.Run(*instance);
    ASSERT_TRUE(run_.ok()) << run_.message;
    ASSERT_EQ(run_.tables.count("managers.league"), 1u);
  }

  const RecordedTable& league() const { return run_.tables.at("managers.league"); }
  int64_t i64(const char* column, size_t row) const { return league().column(column).i64.at(row); }
  double f64(const char* column, size_t row) const { return league().column(column).f64.at(row); }

  MethodRun run_;
};

TEST_F(ManagersWorkedExampleTest, LeagueRanksTheManagerWithHardCustomersFirst) {
  ASSERT_EQ(league().row_count, 2u);
  EXPECT_EQ(league().column("manager").str, (std::vector<std::string>{"M2", "M1"}));
  EXPECT_EQ(league().column("rank").i64, (std::vector<int64_t>{1, 2}));
  // Means of the three adjusted rates.
  EXPECT_DOUBLE_EQ(f64("adjusted_score", 0), (0.125 + 1.0 / 9 + 0.1875) / 3);
  EXPECT_DOUBLE_EQ(f64("adjusted_score", 1), (0.0625 - 1.0 / 9 - 0.25) / 3);
}

TEST_F(ManagersWorkedExampleTest, ConversionAgainstTheFirstOrderValueMix) {
  // Company: value tier 1 (first order 10.00) 2 of 6, tier 2 (50.00) 2 of 4, tier 3 (200.00)
  // 3 of 4. M1 has three tier-3 newcomers and one tier-2, M2 three tier-1 and one tier-2.
  constexpr size_t kM2 = 0, kM1 = 1;
  EXPECT_EQ(i64("conversion_base", kM1), 4);
  EXPECT_EQ(i64("conversion_converted", kM1), 3);
  EXPECT_DOUBLE_EQ(f64("conversion_rate", kM1), 0.75);
  EXPECT_DOUBLE_EQ(f64("conversion_expected_rate", kM1), (3 * 0.75 + 0.5) / 4);
  EXPECT_DOUBLE_EQ(f64("conversion_adjusted", kM1), 0.0625);
  EXPECT_DOUBLE_EQ(f64("conversion_ratio", kM1), 3 / 2.75);

  EXPECT_EQ(i64("conversion_base", kM2), 4);
  EXPECT_EQ(i64("conversion_converted", kM2), 2);
  EXPECT_DOUBLE_EQ(f64("conversion_rate", kM2), 0.5);
  EXPECT_DOUBLE_EQ(f64("conversion_expected_rate", kM2), (3.0 / 3 + 0.5) / 4);
  EXPECT_DOUBLE_EQ(f64("conversion_adjusted", kM2), 0.125);
  EXPECT_DOUBLE_EQ(f64("conversion_ratio", kM2), 2 / 1.5);

  // The hard portfolio: lower raw rate, better adjusted one.
  EXPECT_LT(f64("conversion_rate", kM2), f64("conversion_rate", kM1));
  EXPECT_GT(f64("conversion_adjusted", kM2), f64("conversion_adjusted", kM1));
}

TEST_F(ManagersWorkedExampleTest, RetentionAgainstTheFrequencyMix) {
  // Company: f3_r1 3 of 3, f1_r1 1 of 3. l3 belongs to M2, the manager of its last order before
  // June, though its first two orders were M1's.
  constexpr size_t kM2 = 0, kM1 = 1;
  EXPECT_EQ(i64("retention_base", kM1), 3);
  EXPECT_EQ(i64("retention_retained", kM1), 2);
  EXPECT_DOUBLE_EQ(f64("retention_rate", kM1), 2.0 / 3);
  EXPECT_DOUBLE_EQ(f64("retention_expected_rate", kM1), (2 + 1.0 / 3) / 3);
  EXPECT_DOUBLE_EQ(f64("retention_adjusted", kM1), 2.0 / 3 - (2 + 1.0 / 3) / 3);
  EXPECT_DOUBLE_EQ(f64("retention_ratio", kM1), 2 / (2 + 1.0 / 3));
  EXPECT_EQ(i64("retention_base", kM2), 3);
  EXPECT_EQ(i64("retention_retained", kM2), 2);
  EXPECT_DOUBLE_EQ(f64("retention_expected_rate", kM2), (2.0 / 3 + 1) / 3);
  EXPECT_DOUBLE_EQ(f64("retention_adjusted", kM2), 2.0 / 3 - (2.0 / 3 + 1) / 3);
  EXPECT_DOUBLE_EQ(f64("retention_ratio", kM2), 2 / (2.0 / 3 + 1));
}

TEST_F(ManagersWorkedExampleTest, WinBackAgainstTheHistoryMix) {
  // Company: f2_r2 1 of 1, f2_r3 1 of 2, f1_r4 1 of 4.
  constexpr size_t kM2 = 0, kM1 = 1;
  EXPECT_EQ(i64("winback_base", kM1), 2);
  EXPECT_EQ(i64("winback_won", kM1), 1);
  EXPECT_DOUBLE_EQ(f64("winback_rate", kM1), 0.5);
  EXPECT_DOUBLE_EQ(f64("winback_expected_rate", kM1), 0.75);
  EXPECT_DOUBLE_EQ(f64("winback_adjusted", kM1), -0.25);
  EXPECT_DOUBLE_EQ(f64("winback_ratio", kM1), 1 / 1.5);
  EXPECT_EQ(i64("winback_base", kM2), 4);
  EXPECT_EQ(i64("winback_won", kM2), 2);
  EXPECT_DOUBLE_EQ(f64("winback_rate", kM2), 0.5);
  EXPECT_DOUBLE_EQ(f64("winback_expected_rate", kM2), 0.3125);
  EXPECT_DOUBLE_EQ(f64("winback_adjusted", kM2), 0.1875);
  EXPECT_DOUBLE_EQ(f64("winback_ratio", kM2), 1.6);
}

TEST_F(ManagersWorkedExampleTest, MoneyOrdersCustomersAndPortfolios) {
  constexpr size_t kM2 = 0, kM1 = 1;
  // M1 in June: n01 30.00, n02 40.00, n04 20.00, n15 25.00, l1 120.00 and a credit note
  // of -20.00, l2 110.00, w1 50.00. In May: l1 100.00, l2 100.00, r1 60.00.
  EXPECT_EQ(i64("customers", kM1), 7);
  EXPECT_EQ(i64("orders", kM1), 7);
  EXPECT_EQ(i64("revenue", kM1), 37500);
  EXPECT_EQ(i64("previous_revenue", kM1), 26000);
  EXPECT_DOUBLE_EQ(f64("revenue_growth", kM1), 11500.0 / 26000);
  EXPECT_DOUBLE_EQ(f64("average_order_value", kM1), 37500.0 / 7);
  EXPECT_EQ(i64("portfolio", kM1), 10);
  // M2 in June: n05 15.00, n06 10.00, r2 45.00, l3 100.00, w3 70.00, w7 60.00. In May: r2 40.00,
  // r3 30.00, l3 100.00.
  EXPECT_EQ(i64("customers", kM2), 6);
  EXPECT_EQ(i64("orders", kM2), 6);
  EXPECT_EQ(i64("revenue", kM2), 30000);
  EXPECT_EQ(i64("previous_revenue", kM2), 17000);
  EXPECT_DOUBLE_EQ(f64("revenue_growth", kM2), 13000.0 / 17000);
  EXPECT_DOUBLE_EQ(f64("average_order_value", kM2), 5000.0);
  EXPECT_EQ(i64("portfolio", kM2), 11);
}

TEST_F(ManagersWorkedExampleTest, TheColumnsInOrderWithoutMigration) {
  EXPECT_EQ(league().column_order, (std::vector<std::string>{"rank",
                                                             "manager",
                                                             "adjusted_score",
                                                             "customers",
                                                             "orders",
                                                             "revenue",
                                                             "previous_revenue",
                                                             "revenue_growth",
                                                             "average_order_value",
                                                             "conversion_base",
                                                             "conversion_converted",
                                                             "conversion_rate",
                                                             "conversion_expected_rate",
                                                             "conversion_adjusted",
                                                             "conversion_ratio",
                                                             "retention_base",
                                                             "retention_retained",
                                                             "retention_rate",
                                                             "retention_expected_rate",
                                                             "retention_adjusted",
                                                             "retention_ratio",
                                                             "winback_base",
                                                             "winback_won",
                                                             "winback_rate",
                                                             "winback_expected_rate",
                                                             "winback_adjusted",
                                                             "winback_ratio",
                                                             "portfolio"}));
}

TEST_F(ManagersWorkedExampleTest, Metrics) {
  EXPECT_EQ(run_.json_metric("managers.status"), "ok");
  EXPECT_EQ(run_.metric("managers.managers"), 2);
  EXPECT_EQ(run_.metric("managers.period_days"), 30);
  EXPECT_EQ(run_.metric("managers.conversion_days"), 60);
  EXPECT_EQ(run_.metric("managers.winback_factor"), 2.0);
  EXPECT_DOUBLE_EQ(run_.metric("managers.conversion_rate"), 7.0 / 14);
  EXPECT_DOUBLE_EQ(run_.metric("managers.retention_rate"), 4.0 / 6);
  EXPECT_DOUBLE_EQ(run_.metric("managers.winback_rate"), 3.0 / 7);
  // Gaps before June: 45 (nine times: l1, l2, l3), 20 (five times: w1, w2, w7) and 15 (w7).
  EXPECT_EQ(run_.metric("managers.median_gap_days"), 45);
  // n09 8.00, n12 25.00 and n14 90.00 in June without a manager.
  EXPECT_EQ(run_.metric("managers.unassigned_revenue"), 12300);
  EXPECT_EQ(run_.metric("managers.unassigned_customers"), 3);
  EXPECT_EQ(run_.json_metric("managers.strata"), json::parse(R"({
    "conversion": {
      "value_tier_1": {"base": 6, "successes": 2, "rate": 0.3333333333333333},
      "value_tier_2": {"base": 4, "successes": 2, "rate": 0.5},
      "value_tier_3": {"base": 4, "successes": 3, "rate": 0.75}},
    "conversion_value_borders": [1000, 5000],
    "retention": {
      "f1_r1": {"base": 3, "successes": 1, "rate": 0.3333333333333333},
      "f3_r1": {"base": 3, "successes": 3, "rate": 1.0}},
    "winback": {
      "f1_r4": {"base": 4, "successes": 1, "rate": 0.25},
      "f2_r2": {"base": 1, "successes": 1, "rate": 1.0},
      "f2_r3": {"base": 2, "successes": 1, "rate": 0.5}}})"));
  EXPECT_EQ(run_.json_metric("managers.segments"),
            "not available: no 'segment' score in this run (run a segments method before "
            "managers)");
  EXPECT_EQ(run_.json_metric("managers.migration"),
            "not available: no 'segment_rank' score in this run");
  EXPECT_EQ(run_.tables.count("managers.segments"), 0u);
  EXPECT_TRUE(run_.warnings.empty());
}

}  // namespace
}  // namespace encore::plugins::managers
