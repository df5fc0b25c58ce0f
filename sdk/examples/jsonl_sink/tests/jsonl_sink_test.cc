// Tests the built example_jsonl plugin binary through the SDK's test helpers: LoadedPlugin loads
// the .so as the daemon does, SinkHarness drives check/open/write/flush/close.
#include <gtest/gtest.h>
#include <unistd.h>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/sink_harness.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using encore::sdk::testing::LoadedPlugin;
using encore::sdk::testing::SinkHarness;
using encore::sdk::testing::TableBuilder;

std::vector<std::string> Lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class JsonlSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jsonl_sink_test_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    customers_.str("customer_id", {"a", "b"})
        .i64("orders", {3, 1})
        .f64("p_alive", {0.5, 0.25}, {0, 1})
        .str("rfm_code", {"333", "111"});
  }
  void TearDown() override { fs::remove_all(dir_); }

  LoadedPlugin plugin_{EXAMPLE_JSONL_PLUGIN};
  fs::path dir_;
  TableBuilder customers_;
};

TEST_F(JsonlSinkTest, WritesOneLinePerCustomerWhenTheRunCommits) {
  const fs::path out = dir_ / "customers.jsonl";
  auto instance = plugin_.Create({{"path", out.string()}});
  SinkHarness sink(*instance);
  ASSERT_TRUE(sink.check().ok());
  ASSERT_TRUE(sink.open("run-1", "shop", 0).ok());
  ASSERT_TRUE(sink.write(ENCORE_TABLE_CUSTOMERS, customers_).ok());
  ASSERT_TRUE(sink.flush().ok());
  EXPECT_FALSE(fs::exists(out));  // nothing visible before the run commits
  ASSERT_TRUE(sink.close(true).ok());

  EXPECT_EQ(Lines(out), (std::vector<std::string>{
                            R"({"customer_id":"a","orders":3,"p_alive":0.5,"rfm_code":"333"})",
                            R"({"customer_id":"b","orders":1,"p_alive":null,"rfm_code":"111"})"}));
  EXPECT_FALSE(fs::exists(dir_ / "customers.jsonl.partial"));
}

TEST_F(JsonlSinkTest, WritesOnlyTheChosenColumns) {
  const fs::path out = dir_ / "codes.jsonl";
  auto instance = plugin_.Create({{"path", out.string()}, {"columns", {"rfm_code"}}});
  SinkHarness sink(*instance);
  ASSERT_TRUE(sink.open("run-1", "shop", 0).ok());
  ASSERT_TRUE(sink.write(ENCORE_TABLE_CUSTOMERS, customers_).ok());
  ASSERT_TRUE(sink.close(true).ok());
  EXPECT_EQ(Lines(out), (std::vector<std::string>{R"({"customer_id":"a","rfm_code":"333"})",
                                                  R"({"customer_id":"b","rfm_code":"111"})"}));
}

TEST_F(JsonlSinkTest, AFailedRunLeavesThePreviousFileAlone) {
  const fs::path out = dir_ / "customers.jsonl";
  std::ofstream(out) << "previous\n";
  auto instance = plugin_.Create({{"path", out.string()}});
  SinkHarness sink(*instance);
  ASSERT_TRUE(sink.open("run-2", "shop", 0).ok());
  ASSERT_TRUE(sink.write(ENCORE_TABLE_CUSTOMERS, customers_).ok());
  ASSERT_TRUE(sink.close(false).ok());
  EXPECT_EQ(Lines(out), (std::vector<std::string>{"previous"}));
  EXPECT_FALSE(fs::exists(dir_ / "customers.jsonl.partial"));
}

TEST_F(JsonlSinkTest, CheckFailsWhenTheDirectoryIsMissing) {
  const fs::path missing = dir_ / "nope";
  auto instance = plugin_.Create({{"path", (missing / "c.jsonl").string()}});
  SinkHarness sink(*instance);
  auto call = sink.check();
  EXPECT_EQ(call.status, ENCORE_FATAL);
  EXPECT_EQ(call.message, "directory " + missing.string() + " does not exist");
}

TEST_F(JsonlSinkTest, AnEmptyPathIsRefusedAtCreate) {
  int32_t status = 0;
  std::string message;
  EXPECT_EQ(plugin_.TryCreate({{"path", ""}}, &status, &message), nullptr);
  EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
  EXPECT_EQ(message, "option 'path' must not be empty");
}

}  // namespace
