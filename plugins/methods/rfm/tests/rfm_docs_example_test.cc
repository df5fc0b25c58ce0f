// docs/metrics.md, "Worked example": every value in its tables, computed by the real plugin.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <string>
#include <vector>

#include "plugins/methods/rfm/tests/docs_example.h"

namespace encore::plugins::rfm {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodRun;

struct ExpectedRow {
  std::string customer;
  int64_t orders, frequency, monetary_minor, recency_days;
  std::string first_order_date, last_order_date;
  int64_t r, f, m;
  std::string code;
};

// The "Per customer" table of the worked example.
const std::vector<ExpectedRow> kQuantileRows = {
    {"alice", 3, 3, 13500, 1, "2024-01-10", "2024-03-30", 3, 3, 3, "333"},
    {"bob", 3, 2, 6000, 46, "2023-11-02", "2024-02-14", 2, 2, 2, "222"},
    {"carol", 2, 2, 80000, 198, "2023-06-01", "2023-09-15", 1, 2, 3, "123"},
    {"dan", 1, 0, -1500, 71, "2024-01-20", "2024-01-20", 2, 1, 1, "211"},
    {"erin", 1, 1, 4500, 6, "2024-03-25", "2024-03-25", 3, 1, 1, "311"},
    {"frank", 1, 1, 12000, 121, "2023-12-01", "2023-12-01", 1, 1, 2, "112"},
};

class DocsExampleTest : public sdk::testing::MethodPluginTest {
 protected:
  DocsExampleTest()
      : MethodPluginTest(ENCORE_RFM_PLUGIN),
        data_(DatasetBuilder().add(DocsExampleLines()).as_of(kDocsExampleAsOf).Build()) {}

  MethodRun Run(const json& config) { return MethodPluginTest::Run(config, *data_); }

  std::unique_ptr<sdk::testing::TestDataset> data_;
};

TEST_F(DocsExampleTest, QuantileValuesScoresAndCodesMatchTheDocument) {
  const MethodRun run = Run({{"k", 3}, {"scoring", "quantile"}});
  ASSERT_TRUE(run.ok()) << run.message;
  for (const ExpectedRow& row : kQuantileRows) {
    SCOPED_TRACE(row.customer);
    const uint32_t c = data_->customer(row.customer);
    ASSERT_NE(c, UINT32_MAX);
    EXPECT_EQ(run.i64("orders", c), row.orders);
    EXPECT_EQ(run.i64("frequency", c), row.frequency);
    EXPECT_EQ(run.i64("monetary_minor", c), row.monetary_minor);
    EXPECT_EQ(run.i64("recency_days", c), row.recency_days);
    EXPECT_EQ(run.str("first_order_date", c), row.first_order_date);
    EXPECT_EQ(run.str("last_order_date", c), row.last_order_date);
    EXPECT_EQ(run.i64("r_score", c), row.r);
    EXPECT_EQ(run.i64("f_score", c), row.f);
    EXPECT_EQ(run.i64("m_score", c), row.m);
    EXPECT_EQ(run.str("rfm_code", c), row.code);
  }
}

TEST_F(DocsExampleTest, CustomerWhoseOnlyOrderIsAfterAsOfIsNotScored) {
  const MethodRun run = Run({{"k", 3}});
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t gina = data_->customer("gina");
  EXPECT_FALSE(data_->visible(gina));
  EXPECT_EQ(run.str("rfm_code", gina), "");
  EXPECT_EQ(run.i64("r_score", gina), 0);
  EXPECT_EQ(run.i64("orders", gina), 0);
  EXPECT_EQ(run.metric("rfm.customers"), 6);
}

TEST_F(DocsExampleTest, QuantileMetricsMatchTheDocument) {
  const MethodRun run = Run({{"k", 3}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("rfm.k"), 3);
  EXPECT_EQ(run.json_metric("rfm.borders"),
            json::parse(R"({"recency": [6, 71], "frequency": [1, 2], "monetary": [4500, 12000]})"));
  EXPECT_EQ(run.json_metric("rfm.score_sizes"), json::parse(R"({
    "recency": {"1": 2, "2": 2, "3": 2},
    "frequency": {"1": 3, "2": 2, "3": 1},
    "monetary": {"1": 2, "2": 2, "3": 2}})"));
  const json& cells = run.json_metric("rfm.cell_sizes");
  ASSERT_EQ(cells.size(), 27u);
  for (const auto& [code, size] : cells.items()) {
    const bool occupied = code == "333" || code == "222" || code == "123" || code == "211" ||
                          code == "311" || code == "112";
    EXPECT_EQ(size.get<int64_t>(), occupied ? 1 : 0) << code;
  }
  EXPECT_TRUE(run.warnings.empty());
}

TEST_F(DocsExampleTest, FixedBordersMatchTheDocument) {
  const json borders =
      json::parse(R"({"recency": [30, 90], "frequency": [1, 3], "monetary": [5000, 50000]})");
  const MethodRun run = Run({{"k", 3}, {"scoring", "fixed"}, {"borders", borders}});
  ASSERT_TRUE(run.ok()) << run.message;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"alice", "322"}, {"bob", "222"},  {"carol", "123"},
      {"dan", "211"},   {"erin", "311"}, {"frank", "112"}};
  for (const auto& [customer, code] : expected) {
    EXPECT_EQ(run.str("rfm_code", data_->customer(customer)), code) << customer;
  }
  EXPECT_EQ(run.json_metric("rfm.borders"), borders);
}

}  // namespace
}  // namespace encore::plugins::rfm
