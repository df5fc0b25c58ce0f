// The file sink through its real binary: exact file contents, the atomic run folder, re-delivery,
// options and file system errors.
#include <gtest/gtest.h>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/sink_harness.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace encore::plugins::file {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using sdk::testing::LoadedPlugin;
using sdk::testing::MetricRow;
using sdk::testing::MetricsTable;
using sdk::testing::SinkHarness;
using sdk::testing::TableBuilder;

constexpr int64_t kAsOf = 1711929599;     // 2024-03-31T23:59:59Z
constexpr int64_t kStarted = 1711933200;  // 2024-04-01T01:00:00Z

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> Entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

TableBuilder SmallCustomers() {
  TableBuilder t;
  t.str("customer_id", {"c1", "c,2", "c3", "c4"})
      .str("rfm_code", {"333", "211", "", "123"})
      .i64("frequency", {3, 0, -1, 0}, {0, 1, 0, 0})
      .f64("p_alive", {0.1, 0, 2.5e-07, std::nan("")}, {0, 1, 0, 0})
      .str("note", {"plain", "say \"hi\"", "two\nlines", "tab\there \\ back\x01"});
  return t;
}

TableBuilder OneCustomer(const std::string& id) {
  TableBuilder t;
  t.str("customer_id", {id}).i64("frequency", {1});
  return t;
}

class FileSinkTest : public ::testing::Test {
 protected:
  FileSinkTest() : plugin_(ENCORE_FILE_PLUGIN) {
    std::string pattern = (fs::temp_directory_path() / "encore_file_sink_XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~FileSinkTest() override { fs::remove_all(root_); }

  std::unique_ptr<LoadedPlugin::Instance> Create(json config = json::object()) {
    if (!config.contains("path")) config["path"] = (root_ / "out").string();
    return plugin_.Create(config);
  }

  // Opens, writes the customers table and commits a delivery of `run_id`.
  void Deliver(const std::string& run_id, TableBuilder customers) {
    auto sink = Create();
    SinkHarness harness(*sink);
    ASSERT_TRUE(harness.open(run_id, "shop", kAsOf, kStarted).ok());
    ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, customers).ok());
    const auto closed = harness.close(true);
    ASSERT_TRUE(closed.ok()) << closed.message;
  }

  fs::path Run(const std::string& run_id) const { return root_ / "out" / "shop" / run_id; }

  LoadedPlugin plugin_;
  fs::path root_;
};

TEST_F(FileSinkTest, DescribesItselfAsSinkFileWithItsOptions) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "file");
  EXPECT_EQ(d.kind, ENCORE_KIND_SINK);
  ASSERT_EQ(d.option_count, 3u);
  EXPECT_EQ(std::string(d.options[0].name), "path");
  EXPECT_EQ(d.options[0].required, 1);
  EXPECT_EQ(std::string(d.options[1].name), "formats");
  EXPECT_EQ(json::parse(d.options[1].default_json), json::parse(R"(["csv", "jsonl"])"));
  EXPECT_EQ(std::string(d.options[2].name), "metrics");
  EXPECT_EQ(std::string(d.options[2].default_json), "true");
}

TEST_F(FileSinkTest, WritesCustomersAsCsvAndJsonLines) {
  Deliver("run-1", SmallCustomers());
  EXPECT_EQ(Entries(Run("run-1")),
            (std::set<std::string>{"customers.csv", "customers.jsonl", "metrics.json"}));
  EXPECT_EQ(ReadFile(Run("run-1") / "customers.csv"),
            "customer_id,rfm_code,frequency,p_alive,note\n"
            "c1,333,3,0.1,plain\n"
            "\"c,2\",211,,,\"say \"\"hi\"\"\"\n"
            "c3,,-1,2.5e-07,\"two\nlines\"\n"
            "c4,123,0,,tab\there \\ back\x01\n");
  EXPECT_EQ(
      ReadFile(Run("run-1") / "customers.jsonl"),
      R"({"customer_id":"c1","rfm_code":"333","frequency":3,"p_alive":0.1,"note":"plain"})"
      "\n"
      R"({"customer_id":"c,2","rfm_code":"211","frequency":null,"p_alive":null,"note":"say \"hi\""})"
      "\n"
      R"({"customer_id":"c3","rfm_code":"","frequency":-1,"p_alive":2.5e-07,"note":"two\nlines"})"
      "\n"
      R"({"customer_id":"c4","rfm_code":"123","frequency":0,"p_alive":null,"note":"tab\there \\ back\u0001"})"
      "\n");
}

TEST_F(FileSinkTest, JsonLinesParseBackToTheValues) {
  Deliver("run-1", SmallCustomers());
  std::ifstream in(Run("run-1") / "customers.jsonl");
  std::string line;
  std::vector<json> rows;
  while (std::getline(in, line)) rows.push_back(json::parse(line));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1]["customer_id"], "c,2");
  EXPECT_EQ(rows[2]["note"], "two\nlines");
  EXPECT_EQ(rows[2]["p_alive"].get<double>(), 2.5e-07);
  EXPECT_EQ(rows[3]["note"], "tab\there \\ back\x01");
}

TEST_F(FileSinkTest, WritesMetricsJsonWithRunIdentityValuesDocumentsAndUnits) {
  auto sink = Create();
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf, kStarted).ok());
  TableBuilder metrics = MetricsTable({{"rfm.customers", 6, "", ""},
                                       {"rfm.borders", 0, "", R"({"recency":[6,71]})"},
                                       {"arpu", 1234.5, "minor", ""}});
  ASSERT_TRUE(harness.write(ENCORE_TABLE_METRICS, metrics).ok());
  ASSERT_TRUE(harness.close(true).ok());
  EXPECT_EQ(ReadFile(Run("run-1") / "metrics.json"), R"({
  "run_id": "run-1",
  "pipeline": "shop",
  "as_of": "2024-03-31T23:59:59Z",
  "started_at": "2024-04-01T01:00:00Z",
  "metrics": {
    "rfm.customers": 6,
    "rfm.borders": {
      "recency": [
        6,
        71
      ]
    },
    "arpu": 1234.5
  },
  "units": {
    "arpu": "minor"
  }
}
)");
  // No customers table was delivered, so there are no customer files.
  EXPECT_EQ(Entries(Run("run-1")), (std::set<std::string>{"metrics.json"}));
}

TEST_F(FileSinkTest, NothingIsVisibleUntilTheRunCommits) {
  auto sink = Create();
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  TableBuilder customers = SmallCustomers();
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, customers).ok());
  ASSERT_TRUE(harness.flush().ok());
  EXPECT_FALSE(fs::exists(Run("run-1")));
  EXPECT_EQ(Entries(root_ / "out" / "shop"), (std::set<std::string>{".run-1.tmp"}));
  ASSERT_TRUE(harness.close(true).ok());
  EXPECT_EQ(Entries(root_ / "out" / "shop"), (std::set<std::string>{"run-1"}));
}

TEST_F(FileSinkTest, CloseWithoutCommitLeavesNothing) {
  auto sink = Create();
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  TableBuilder customers = SmallCustomers();
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, customers).ok());
  ASSERT_TRUE(harness.close(false).ok());
  EXPECT_TRUE(Entries(root_ / "out" / "shop").empty());
}

TEST_F(FileSinkTest, RedeliveryReplacesTheWholeRunFolder) {
  Deliver("run-1", OneCustomer("first"));
  std::ofstream(Run("run-1") / "stray.txt") << "left by someone";
  Deliver("run-1", OneCustomer("second"));
  EXPECT_EQ(ReadFile(Run("run-1") / "customers.csv"), "customer_id,frequency\nsecond,1\n");
  EXPECT_EQ(Entries(Run("run-1")),
            (std::set<std::string>{"customers.csv", "customers.jsonl", "metrics.json"}));
  EXPECT_EQ(Entries(root_ / "out" / "shop"), (std::set<std::string>{"run-1"}));
}

TEST_F(FileSinkTest, OtherRunsOfThePipelineAreKept) {
  Deliver("run-1", OneCustomer("first"));
  Deliver("run-2", OneCustomer("second"));
  EXPECT_EQ(Entries(root_ / "out" / "shop"), (std::set<std::string>{"run-1", "run-2"}));
  EXPECT_EQ(ReadFile(Run("run-1") / "customers.csv"), "customer_id,frequency\nfirst,1\n");
}

TEST_F(FileSinkTest, LeftoverTemporaryFolderOfAnInterruptedDeliveryIsReplaced) {
  fs::create_directories(root_ / "out" / "shop" / ".run-1.tmp");
  std::ofstream(root_ / "out" / "shop" / ".run-1.tmp" / "customers.csv") << "half a file";
  Deliver("run-1", OneCustomer("whole"));
  EXPECT_EQ(ReadFile(Run("run-1") / "customers.csv"), "customer_id,frequency\nwhole,1\n");
  EXPECT_EQ(Entries(root_ / "out" / "shop"), (std::set<std::string>{"run-1"}));
}

TEST_F(FileSinkTest, TableDeliveredInPartsIsOneFileWithOneHeader) {
  auto sink = Create({{"formats", {"csv"}}, {"metrics", false}});
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  TableBuilder first = OneCustomer("a"), second = OneCustomer("b");
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, first).ok());
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, second).ok());
  ASSERT_TRUE(harness.close(true).ok());
  EXPECT_EQ(Entries(Run("run-1")), (std::set<std::string>{"customers.csv"}));
  EXPECT_EQ(ReadFile(Run("run-1") / "customers.csv"), "customer_id,frequency\na,1\nb,1\n");
}

TEST_F(FileSinkTest, PartWithOtherColumnsIsRefused) {
  auto sink = Create();
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  TableBuilder first = OneCustomer("a");
  TableBuilder other;
  other.str("customer_id", {"b"}).f64("frequency", {1.0});
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, first).ok());
  const auto refused = harness.write(ENCORE_TABLE_CUSTOMERS, other);
  EXPECT_EQ(refused.status, ENCORE_FATAL);
  EXPECT_EQ(refused.message, "customers table: a later part has other columns than the first part");
}

TEST_F(FileSinkTest, FormatsAndMetricsOptionsChooseTheFiles) {
  auto sink = Create({{"formats", {"jsonl"}}, {"metrics", false}});
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  TableBuilder customers = OneCustomer("a");
  TableBuilder metrics = MetricsTable({{"rfm.customers", 1, "", ""}});
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, customers).ok());
  ASSERT_TRUE(harness.write(ENCORE_TABLE_METRICS, metrics).ok());
  ASSERT_TRUE(harness.close(true).ok());
  EXPECT_EQ(Entries(Run("run-1")), (std::set<std::string>{"customers.jsonl"}));
}

TEST_F(FileSinkTest, UnwritablePathIsAnErrorNamingThePathAndTheReason) {
  std::ofstream(root_ / "a-file") << "not a directory";
  const std::string out = (root_ / "a-file" / "out").string();
  auto sink = Create({{"path", out}});
  SinkHarness harness(*sink);
  const auto check = harness.check();
  EXPECT_EQ(check.status, ENCORE_FATAL);
  EXPECT_EQ(check.message, "cannot create directory '" + out + "': Not a directory");
  const auto open = harness.open("run-1", "shop", kAsOf);
  EXPECT_EQ(open.status, ENCORE_FATAL);
  EXPECT_EQ(open.message, "cannot create directory '" + out + "/shop': Not a directory");
}

TEST_F(FileSinkTest, CheckCreatesTheOutputDirectory) {
  auto sink = Create();
  SinkHarness harness(*sink);
  const auto check = harness.check();
  EXPECT_TRUE(check.ok()) << check.message;
  EXPECT_TRUE(fs::is_directory(root_ / "out"));
  EXPECT_TRUE(Entries(root_ / "out").empty());
}

TEST_F(FileSinkTest, RunIdThatIsNotAFolderNameIsRefused) {
  auto sink = Create();
  SinkHarness harness(*sink);
  const auto open = harness.open("../escape", "shop", kAsOf);
  EXPECT_EQ(open.status, ENCORE_FATAL);
  EXPECT_EQ(open.message,
            "run id '../escape' cannot be a folder name (empty, '/', NUL or a leading '.')");
}

TEST_F(FileSinkTest, WriteBeforeOpenIsRefused) {
  auto sink = Create();
  SinkHarness harness(*sink);
  TableBuilder customers = OneCustomer("a");
  const auto write = harness.write(ENCORE_TABLE_CUSTOMERS, customers);
  EXPECT_EQ(write.status, ENCORE_FATAL);
  EXPECT_EQ(write.message, "write() without open()");
}

TEST_F(FileSinkTest, ConfigWithoutPathOrWithAnUnknownFormatIsRefused) {
  int32_t status = ENCORE_OK;
  std::string message;
  EXPECT_EQ(plugin_.TryCreate(json::object(), &status, &message), nullptr);
  EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
  EXPECT_EQ(message, "option 'path' is missing");
  EXPECT_EQ(
      plugin_.TryCreate({{"path", root_.string()}, {"formats", {"csv", "xml"}}}, &status, &message),
      nullptr);
  EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
  EXPECT_EQ(message, "option 'formats': unknown format 'xml' (allowed: csv, jsonl)");
}

}  // namespace
}  // namespace encore::plugins::file

namespace encore::plugins::file {
namespace {

TEST_F(FileSinkTest, WritesEventsTasksAndReportTablesToTheirOwnFiles) {
  auto sink = Create({{"formats", {"csv"}}, {"metrics", false}});
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  TableBuilder customers = OneCustomer("a");
  TableBuilder events;
  events.str("customer_id", {"a"})
      .str("type", {"rhythm_slowdown"})
      .i64("priority", {2})
      .str("evidence_json", {R"({"days_since_last_order":61})"});
  TableBuilder tasks;
  tasks.str("task_id", {"shop-1"}).str("status", {"open"}).str("title", {"Call a"});
  TableBuilder rules;
  rules.name("basket.rules")
      .str("antecedent", {"tea"})
      .str("consequent", {"mug"})
      .f64("lift", {3.5});
  ASSERT_TRUE(harness.write(ENCORE_TABLE_CUSTOMERS, customers).ok());
  ASSERT_TRUE(harness.write(ENCORE_TABLE_EVENTS, events).ok());
  ASSERT_TRUE(harness.write(ENCORE_TABLE_TASKS, tasks).ok());
  ASSERT_TRUE(harness.write(ENCORE_TABLE_REPORT, rules).ok());
  ASSERT_TRUE(harness.close(true).ok());
  EXPECT_EQ(Entries(Run("run-1")), (std::set<std::string>{"customers.csv", "events.csv",
                                                          "tasks.csv", "basket.rules.csv"}));
  EXPECT_EQ(ReadFile(Run("run-1") / "events.csv"),
            "customer_id,type,priority,evidence_json\n"
            "a,rhythm_slowdown,2,\"{\"\"days_since_last_order\"\":61}\"\n");
  EXPECT_EQ(ReadFile(Run("run-1") / "tasks.csv"), "task_id,status,title\nshop-1,open,Call a\n");
  EXPECT_EQ(ReadFile(Run("run-1") / "basket.rules.csv"),
            "antecedent,consequent,lift\ntea,mug,3.5\n");
}

TEST_F(FileSinkTest, ReportNameThatIsNotAFileNameIsRefused) {
  auto sink = Create();
  SinkHarness harness(*sink);
  ASSERT_TRUE(harness.open("run-1", "shop", kAsOf).ok());
  for (const char* bad : {"../x", "", ".hidden", "customers", "Rules"}) {
    TableBuilder report;
    report.name(bad).i64("n", {1});
    const auto write = harness.write(ENCORE_TABLE_REPORT, report);
    EXPECT_EQ(write.status, ENCORE_FATAL) << bad;
    EXPECT_EQ(write.message, "report table name '" + std::string(bad) +
                                 "' cannot be a file name (use a-z, 0-9, '.', '_', '-')");
  }
}

}  // namespace
}  // namespace encore::plugins::file
