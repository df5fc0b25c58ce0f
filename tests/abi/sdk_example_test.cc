// The SDK example sink, built out of tree with clang++ against the installed EncoreSDK package,
// loaded by the daemon's (g++-built) PluginHost next to the in-tree plugins and used as the sink
// of a real run: csv source on the CDNOW sample, rfm method, example_jsonl sink.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_host.h"
#include "daemon/pipeline/run_executor.h"

namespace encore {
namespace {

namespace fs = std::filesystem;

const std::string kExamplePlugin =
    std::string(ENCORE_EXAMPLE_PLUGIN_DIR) + "/encore_example_jsonl.so";
const std::string kOrders = std::string(ENCORE_DATA_DIR) + "/cdnow_sample_orders.csv";

class SdkExampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.LoadDirectory(ENCORE_PLUGIN_DIR);
    host_.LoadDirectory(ENCORE_EXAMPLE_PLUGIN_DIR);
    out_dir_ = fs::temp_directory_path() / ("encore_sdk_example_" + std::to_string(getpid()));
    fs::remove_all(out_dir_);
    fs::create_directories(out_dir_);
  }
  void TearDown() override { fs::remove_all(out_dir_); }

  PluginHost host_;
  fs::path out_dir_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_F(SdkExampleTest, ClangBuiltPluginIsListedNextToTheInTreePlugins) {
  for (const auto& r : host_.rejected()) ADD_FAILURE() << r.reason;

  auto info = host_.Find("example_jsonl");
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->kind, PluginKind::kSink);
  EXPECT_EQ(info->version, "1.0.0");
  EXPECT_EQ(info->path, kExamplePlugin);
  ASSERT_EQ(info->options.size(), 2u);
  EXPECT_EQ(info->options[0].name, "path");
  EXPECT_TRUE(info->options[0].required);
  EXPECT_EQ(info->options[1].name, "columns");
  EXPECT_EQ(info->options[1].default_json, "[]");

  EXPECT_TRUE(host_.Find("csv").ok());
  EXPECT_TRUE(host_.Find("rfm").ok());

  // The compiler leaves its name in .comment: this really is the clang build.
  EXPECT_NE(ReadFile(kExamplePlugin).find("clang version"), std::string::npos);
}

// Orders per customer id, counted straight from the CSV (one row is one order in this file).
std::map<std::string, int64_t> OrdersPerCustomer(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::map<std::string, int64_t> orders;
  while (std::getline(in, line)) {
    const size_t first = line.find(',');
    const size_t second = line.find(',', first + 1);
    ++orders[line.substr(first + 1, second - first - 1)];
  }
  return orders;
}

TEST_F(SdkExampleTest, WritesOneJsonLinePerCustomerInARun) {
  const std::string out = (out_dir_ / "customers.jsonl").string();
  PipelineSpec spec;
  spec.name = "sdk-example";
  spec.sources = {{"orders", "csv", {{"path", kOrders}}}};
  spec.methods = {{"rfm", "rfm", nlohmann::json::object()}};
  spec.sinks = {{"customers", "example_jsonl", {{"path", out}}}};
  ASSERT_TRUE(ValidatePipelineSpec(spec, host_).ok())
      << ValidatePipelineSpec(spec, host_).message();

  std::atomic<bool> cancel{false};
  RunControl control;
  control.run_id = "sdk-example-1";
  control.started_at = 1700000000;
  control.cancel = &cancel;
  control.lanes = 2;
  auto outcome = ExecuteRun(spec, host_, control);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->customers, 2357);

  EXPECT_FALSE(fs::exists(out + ".partial"));
  std::ifstream in(out);
  ASSERT_TRUE(in.good()) << out << " was not written";
  const std::set<std::string> expected_keys = {"customer_id",      "rfm_code",       "r_score",
                                               "f_score",          "m_score",        "recency_days",
                                               "frequency",        "monetary_minor", "orders",
                                               "first_order_date", "last_order_date"};
  const std::map<std::string, int64_t> orders = OrdersPerCustomer(kOrders);
  ASSERT_EQ(orders.size(), 2357u);

  std::set<std::string> customers;
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    const auto row = nlohmann::json::parse(line);
    std::set<std::string> keys;
    for (const auto& item : row.items()) keys.insert(item.key());
    ASSERT_EQ(keys, expected_keys) << "line " << lines;
    const std::string id = row.at("customer_id").get<std::string>();
    customers.insert(id);
    ASSERT_EQ(orders.count(id), 1u) << "unknown customer " << id;
    EXPECT_EQ(row.at("orders").get<int64_t>(), orders.at(id)) << "customer " << id;
    EXPECT_EQ(row.at("rfm_code").get<std::string>().size(), 3u) << "customer " << id;
  }
  EXPECT_EQ(lines, 2357u);
  EXPECT_EQ(customers.size(), 2357u);
}

}  // namespace
}  // namespace encore
