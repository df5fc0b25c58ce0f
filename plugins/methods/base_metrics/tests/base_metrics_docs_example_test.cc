// Every number of the worked example in docs/metrics.md, "Base metrics", from the real plugin.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <string>

#include "plugins/methods/base_metrics/tests/docs_example.h"

namespace encore::plugins::base_metrics {
namespace {

using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;

class BaseMetricsDocsExample : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = DatasetBuilder().add(DocsExampleLines()).as_of(kDocsExampleAsOf).Build();
    auto instance = plugin_.Create(DocsExampleConfig());
    MethodHarness harness(data_->get());
    run_ = harness.Run(*instance);
    ASSERT_TRUE(run_.ok()) << run_.message;
  }

  void ExpectMetric(const std::string& name, double value, const std::string& unit) {
    ASSERT_EQ(run_.metrics.count(name), 1u) << name;
    EXPECT_DOUBLE_EQ(run_.metrics.at(name).value, value) << name;
    EXPECT_EQ(run_.metrics.at(name).unit, unit) << name;
  }

  LoadedPlugin plugin_{ENCORE_BASE_METRICS_PLUGIN};
  std::unique_ptr<sdk::testing::TestDataset> data_;
  MethodRun run_;
};

TEST_F(BaseMetricsDocsExample, CustomerCounts) {
  ExpectMetric("base_metrics.customers", 7, "customers");
  ExpectMetric("base_metrics.buyers", 6, "customers");
  ExpectMetric("base_metrics.active_customers", 5, "customers");
  ExpectMetric("base_metrics.new_customers", 3, "customers");
  ExpectMetric("base_metrics.repeat_customers", 4, "customers");
  ExpectMetric("base_metrics.one_time_customers", 2, "customers");
  ExpectMetric("base_metrics.churned_customers", 3, "customers");
  ExpectMetric("base_metrics.period_customers", 4, "customers");
  ExpectMetric("base_metrics.period_days", 90, "days");
  ExpectMetric("base_metrics.active_days", 180, "days");
  ExpectMetric("base_metrics.churn_days", 120, "days");
}

TEST_F(BaseMetricsDocsExample, RevenueArpuAndOrderValue) {
  ExpectMetric("base_metrics.revenue", 134000, "minor");
  ExpectMetric("base_metrics.period_revenue", 42000, "minor");
  ExpectMetric("base_metrics.period_orders", 7, "orders");
  ExpectMetric("base_metrics.arpu", 10500, "minor");
  ExpectMetric("base_metrics.arpu_active", 8400, "minor");
  ExpectMetric("base_metrics.average_order_value", 6000, "minor");
}

TEST_F(BaseMetricsDocsExample, RatesAndPareto) {
  ExpectMetric("base_metrics.repeat_purchase_rate", 4.0 / 7, "share");
  ExpectMetric("base_metrics.churn_rate", 3.0 / 7, "share");
  ExpectMetric("base_metrics.second_order_conversion", 4.0 / 6, "share");
  ExpectMetric("base_metrics.pareto_customers", 3, "customers");
  ExpectMetric("base_metrics.pareto_share", 3.0 / 7, "share");
}

TEST_F(BaseMetricsDocsExample, RepeatSalesReport) {
  ExpectMetric("base_metrics.stale_days", 100, "days");
  ExpectMetric("base_metrics.one_time_stale_customers", 1, "customers");
  ExpectMetric("base_metrics.one_time_stale_share", 0.5, "share");
  ExpectMetric("base_metrics.one_time_stale_share_of_customers", 1.0 / 7, "share");
  EXPECT_EQ(run_.json_metric("base_metrics.customers_by_orders"),
            nlohmann::json::parse(R"({"0": 1, "1": 2, "2": 3, "3": 1, "4": 0, "5+": 0})"));
}

TEST_F(BaseMetricsDocsExample, SecondOrderConversionByCohort) {
  const nlohmann::json& by_cohort =
      run_.json_metric("base_metrics.second_order_conversion_by_cohort");
  EXPECT_EQ(by_cohort, nlohmann::json::parse(R"({
    "2023-06": {"customers": 1, "converted": 1, "rate": 1.0},
    "2023-11": {"customers": 1, "converted": 1, "rate": 1.0},
    "2023-12": {"customers": 1, "converted": 0, "rate": 0.0},
    "2024-01": {"customers": 2, "converted": 2, "rate": 1.0},
    "2024-03": {"customers": 1, "converted": 0, "rate": 0.0}})"));
}

TEST_F(BaseMetricsDocsExample, SecondOrderConversionByManager) {
  const nlohmann::json& by_manager =
      run_.json_metric("base_metrics.second_order_conversion_by_manager");
  ASSERT_EQ(by_manager.size(), 3u) << by_manager.dump();
  EXPECT_EQ(by_manager["M1"]["customers"], 3);
  EXPECT_EQ(by_manager["M1"]["converted"], 2);
  EXPECT_DOUBLE_EQ(by_manager["M1"]["rate"].get<double>(), 2.0 / 3);
  EXPECT_EQ(by_manager["M2"],
            nlohmann::json::parse(R"({"customers": 2, "converted": 1, "rate": 0.5})"));
  EXPECT_EQ(by_manager["(none)"],
            nlohmann::json::parse(R"({"customers": 1, "converted": 1, "rate": 1.0})"));
  EXPECT_TRUE(run_.warnings.empty());
}

TEST_F(BaseMetricsDocsExample, CohortRetentionTriangle) {
  EXPECT_EQ(run_.json_metric("base_metrics.cohort_retention"), nlohmann::json::parse(R"({
    "2023-06": [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    "2023-11": [1.0, 0.0, 0.0, 1.0, 0.0],
    "2023-12": [1.0, 0.0, 0.0, 0.0],
    "2024-01": [1.0, 0.5, 0.5],
    "2024-03": [1.0]})"));
}

TEST_F(BaseMetricsDocsExample, PutsNoScores) { EXPECT_TRUE(run_.scores.empty()); }

}  // namespace
}  // namespace encore::plugins::base_metrics
