// ExecuteRun with the real csv, rfm and file plugins on the worked example of docs/metrics.md.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/pipeline/run_executor.h"
#include "tests/unit/pipeline/test_run.h"

namespace encore {
namespace {

class RealPluginsTest : public testing::RunTest {};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(RealPluginsTest, MetricsWorkedExample) {
  PipelineSpec spec;
  spec.name = "example";
  spec.time_zone = "UTC";
  spec.currency = "USD";
  spec.as_of = "2024-03-31";
  spec.sources.push_back(
      {"orders", "csv", {{"path", std::string(PIPELINE_TESTDATA_DIR) + "/metrics_example.csv"}}});
  spec.methods.push_back({"rfm", "rfm", {{"k", 3}, {"scoring", "quantile"}}});
  spec.sinks.push_back({"files", "file", {{"path", (dir_ / "out").string()}}});
  RunControl control;
  control.run_id = "run-1";
  control.started_at = 1711929600;
  control.lanes = 2;

  auto outcome = ExecuteRun(spec, host(), control);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  const RunOutcome& r = *outcome;
  EXPECT_EQ(r.as_of, 1711929599);  // 2024-03-31T23:59:59Z
  EXPECT_EQ(r.lines_loaded, 15);
  EXPECT_EQ(r.orders, 11);  // E2 and G1 are after as_of
  EXPECT_EQ(r.customers, 6);
  EXPECT_EQ(r.row_error_count, 0);
  EXPECT_EQ(r.results.customer_ids,
            (std::vector<std::string>{"alice", "bob", "carol", "dan", "erin", "frank"}));
  const ScoreColumn* code = r.results.find("rfm_code");
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->str, (StringColumn{"333", "222", "123", "211", "311", "112"}));
  const ScoreColumn* recency = r.results.find("recency_days");
  ASSERT_NE(recency, nullptr);
  EXPECT_EQ(recency->i64, (std::vector<int64_t>{1, 46, 198, 71, 6, 121}));
  const ScoreColumn* monetary = r.results.find("monetary_minor");
  ASSERT_NE(monetary, nullptr);
  EXPECT_EQ(monetary->i64, (std::vector<int64_t>{13500, 6000, 80000, -1500, 4500, 12000}));
  bool found_customers_metric = false;
  for (const Metric& metric : r.metrics) {
    if (metric.name == "rfm.customers") {
      found_customers_metric = true;
      EXPECT_EQ(metric.value, 6);
    }
  }
  EXPECT_TRUE(found_customers_metric);

  EXPECT_EQ(ReadFile(dir_ / "out" / "example" / "run-1" / "customers.csv"),
            "customer_id,rfm_code,r_score,f_score,m_score,recency_days,frequency,monetary_minor,"
            "orders,first_order_date,last_order_date\n"
            "alice,333,3,3,3,1,3,13500,3,2024-01-10,2024-03-30\n"
            "bob,222,2,2,2,46,2,6000,3,2023-11-02,2024-02-14\n"
            "carol,123,1,2,3,198,2,80000,2,2023-06-01,2023-09-15\n"
            "dan,211,2,1,1,71,0,-1500,1,2024-01-20,2024-01-20\n"
            "erin,311,3,1,1,6,1,4500,1,2024-03-25,2024-03-25\n"
            "frank,112,1,1,2,121,1,12000,1,2023-12-01,2023-12-01\n");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "out" / "example" / "run-1" / "metrics.json"));
}

}  // namespace
}  // namespace encore
