// StateStore: committing a run's results and cursors, paging customers, segment sizes and
// customer history.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "daemon/state/state_store.h"
#include "tests/unit/state/score_columns_for_tests.h"
#include "tests/unit/state/store_test_support.h"

namespace encore {
namespace {

// `count` customers "c0000".."c<count-1>" in a shuffled row order; segment "A", "B" or "C" by
// index % 3 in column rfm_code, and the index in column n.
ResultsTable MakeResults(int count) {
  std::vector<int> index(count);
  for (int i = 0; i < count; ++i) index[i] = i;
  std::shuffle(index.begin(), index.end(), std::mt19937(7));
  ResultsTable table;
  std::vector<int64_t> n;
  std::vector<std::string> codes;
  for (int i : index) {
    char id[16];
    std::snprintf(id, sizeof(id), "c%04d", i);
    table.customer_ids.push_back(id);
    n.push_back(i);
    codes.push_back(std::string(1, static_cast<char>('A' + i % 3)));
  }
  table.columns.push_back(testing::IntScores("n", n));
  table.columns.push_back(testing::TextScores("rfm_code", codes));
  return table;
}

std::string Id(int i) {
  char id[16];
  std::snprintf(id, sizeof(id), "c%04d", i);
  return id;
}

class StateStoreResultsTest : public testing::StoreTest {
 protected:
  // Commits `results` as run `run_id` of `pipeline`, inserted first as running.
  void Commit(const std::string& run_id, const std::string& pipeline, int64_t as_of,
              int64_t created_at, const ResultsTable& results,
              const std::map<std::string, std::string>& cursors = {}) {
    RunRecord run = testing::RunningRun(run_id, pipeline, as_of, created_at);
    ASSERT_TRUE(store_->InsertRun(run).ok());
    run.customers = static_cast<int64_t>(results.row_count());
    run.finished_at = created_at + 1;
    const Status status = store_->CommitRun(run, results, "rfm_code", cursors);
    ASSERT_TRUE(status.ok()) << status.message();
  }

  // Every customer id of a run, page by page; checks the total on every page.
  std::vector<std::string> AllPages(const std::string& run_id, const std::string& segment,
                                    int page_size, int64_t expected_total, int* pages) {
    std::vector<std::string> ids;
    std::string token;
    *pages = 0;
    do {
      Result<CustomerPage> page = store_->ListCustomers(run_id, segment, page_size, token);
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (!page.ok()) break;
      EXPECT_EQ(page->total, expected_total);
      EXPECT_LE(page->customers.size(), static_cast<size_t>(page_size));
      for (const CustomerResult& c : page->customers) {
        EXPECT_EQ(c.run_id, run_id);
        ids.push_back(c.customer_id);
      }
      token = page->next_page_token;
      ++*pages;
    } while (!token.empty() && *pages < 10000);
    return ids;
  }
};

TEST_F(StateStoreResultsTest, CommitStoresTheRunAsSucceeded) {
  RunRecord run = testing::RunningRun("r1", "daily", 500, 100);
  ASSERT_TRUE(store_->InsertRun(run).ok());
  run.state = RunState::kRunning;  // CommitRun records success whatever the caller passes
  run.finished_at = 120;
  run.customers = 250;
  run.details = {{"timings", {{"load", 1.5}}}};
  ASSERT_TRUE(store_->CommitRun(run, MakeResults(250), "rfm_code", {}).ok());
  Result<RunRecord> stored = store_->GetRun("r1");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, RunState::kSucceeded);
  EXPECT_EQ(stored->finished_at, 120);
  EXPECT_EQ(stored->as_of, 500);
  EXPECT_EQ(stored->customers, 250);
  EXPECT_EQ(stored->details, run.details);
}

TEST_F(StateStoreResultsTest, CommitWithoutInsertRunCreatesTheRun) {
  RunRecord run = testing::RunningRun("r1", "daily", 500, 100);
  ASSERT_TRUE(store_->CommitRun(run, MakeResults(3), "rfm_code", {}).ok());
  EXPECT_EQ(store_->GetRun("r1")->state, RunState::kSucceeded);
  EXPECT_EQ(store_->ListCustomers("r1", "", 0, "")->total, 3);
}

TEST_F(StateStoreResultsTest, CommittingAFinishedRunAgainIsRefused) {
  Commit("r1", "daily", 500, 100, MakeResults(3));
  const Status again = store_->CommitRun(testing::RunningRun("r1", "daily", 500, 100),
                                         MakeResults(3), "rfm_code", {});
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(), "run 'r1' is already succeeded");
}

TEST_F(StateStoreResultsTest, FailedCommitWritesNothing) {
  Commit("r1", "daily", 500, 100, MakeResults(3), {{"orders", "offset=10"}});
  RunRecord run = testing::RunningRun("r2", "daily", 600, 200);
  ASSERT_TRUE(store_->InsertRun(run).ok());
  ResultsTable duplicated = MakeResults(3);
  duplicated.customer_ids[1] = duplicated.customer_ids[0];
  const Status status = store_->CommitRun(run, duplicated, "rfm_code", {{"orders", "offset=20"}});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "commit run 'r2': customer '" + duplicated.customer_ids[0] +
                                  "' has two rows of results");
  EXPECT_EQ(store_->GetRun("r2")->state, RunState::kRunning);
  EXPECT_EQ(store_->ListCustomers("r2", "", 0, "")->total, 0);
  EXPECT_TRUE(store_->SegmentSizes("r2").empty());
  EXPECT_EQ(store_->Cursors("daily"),
            (std::map<std::string, std::string>{{"orders", "offset=10"}}));
}

TEST_F(StateStoreResultsTest, CursorsAreCommittedWithTheRun) {
  EXPECT_TRUE(store_->Cursors("daily").empty());
  Commit("r1", "daily", 500, 100, MakeResults(3), {{"orders", "offset=10"}, {"crm", "t=5"}});
  Commit("r2", "daily", 600, 200, MakeResults(3), {{"orders", "offset=20"}});
  Commit("r3", "weekly", 600, 200, MakeResults(3), {{"orders", "other"}});
  EXPECT_EQ(store_->Cursors("daily"),
            (std::map<std::string, std::string>{{"crm", "t=5"}, {"orders", "offset=20"}}));
  EXPECT_EQ(store_->Cursors("weekly"), (std::map<std::string, std::string>{{"orders", "other"}}));
}

TEST_F(StateStoreResultsTest, PagesThroughEveryCustomerInIdOrder) {
  Commit("r1", "daily", 500, 100, MakeResults(250));
  std::vector<std::string> expected;
  for (int i = 0; i < 250; ++i) expected.push_back(Id(i));

  int pages = 0;
  EXPECT_EQ(AllPages("r1", "", 7, 250, &pages), expected);
  EXPECT_EQ(pages, 36);  // 35 full pages of 7 and one of 5
  EXPECT_EQ(AllPages("r1", "", 250, 250, &pages), expected);
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(AllPages("r1", "", 125, 250, &pages), expected);
  EXPECT_EQ(pages, 2);  // an exact multiple ends without an empty extra page
}

TEST_F(StateStoreResultsTest, PagesThroughOneSegment) {
  Commit("r1", "daily", 500, 100, MakeResults(250));
  std::vector<std::string> expected;
  for (int i = 1; i < 250; i += 3) expected.push_back(Id(i));  // segment "B"
  int pages = 0;
  EXPECT_EQ(AllPages("r1", "B", 10, 83, &pages), expected);
  EXPECT_EQ(pages, 9);
  EXPECT_EQ(AllPages("r1", "nope", 10, 0, &pages), std::vector<std::string>{});
  EXPECT_EQ(pages, 1);
}

TEST_F(StateStoreResultsTest, PageContentsAndAsOf) {
  Commit("r1", "daily", 500, 100, MakeResults(5));
  Result<CustomerPage> page = store_->ListCustomers("r1", "", 2, "");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->customers.size(), 2u);
  const CustomerResult& first = page->customers[0];
  EXPECT_EQ(first.run_id, "r1");
  EXPECT_EQ(first.as_of, 500);
  EXPECT_EQ(first.customer_id, "c0000");
  EXPECT_EQ(first.segment, "A");
  EXPECT_EQ(first.scores, nlohmann::json::parse(R"({"n":0,"rfm_code":"A"})"));
  EXPECT_EQ(page->customers[1].scores, nlohmann::json::parse(R"({"n":1,"rfm_code":"B"})"));
  EXPECT_FALSE(page->next_page_token.empty());
}

TEST_F(StateStoreResultsTest, PageSizeLimits) {
  Commit("r1", "daily", 500, 100, MakeResults(1200));
  EXPECT_EQ(store_->ListCustomers("r1", "", 0, "")->customers.size(), 100u);
  EXPECT_EQ(store_->ListCustomers("r1", "", 1, "")->customers.size(), 1u);
  EXPECT_EQ(store_->ListCustomers("r1", "", 1000, "")->customers.size(), 1000u);
  EXPECT_EQ(store_->ListCustomers("r1", "", 5000, "")->customers.size(), 1000u);
  Result<CustomerPage> negative = store_->ListCustomers("r1", "", -1, "");
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message(), "page_size must be 0..1000, got -1");
}

TEST_F(StateStoreResultsTest, BadTokensAndUnknownRuns) {
  Commit("r1", "daily", 500, 100, MakeResults(5));
  for (const char* token : {"abc", "zz", "C0FFEE"}) {
    Result<CustomerPage> page = store_->ListCustomers("r1", "", 10, token);
    EXPECT_EQ(page.status().code(), StatusCode::kInvalidArgument) << token;
    EXPECT_EQ(page.status().message(), "page_token: not a token this list returned") << token;
  }
  Result<CustomerPage> missing = store_->ListCustomers("nope", "", 10, "");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "run 'nope' not found");
}

TEST_F(StateStoreResultsTest, SegmentSizes) {
  Commit("r1", "daily", 500, 100, MakeResults(250));
  EXPECT_EQ(store_->SegmentSizes("r1"),
            (std::map<std::string, int64_t>{{"A", 84}, {"B", 83}, {"C", 83}}));
  EXPECT_TRUE(store_->SegmentSizes("nope").empty());
}

TEST_F(StateStoreResultsTest, SegmentFromNumericNullAndMissingScores) {
  ResultsTable table;
  table.customer_ids = {"a", "b", "c", "d"};
  table.columns.push_back(testing::IntScores("tier", {3, -1, 3, 0}));
  ScoreColumn p_alive;
  p_alive.name = "p_alive";
  p_alive.type = ENCORE_VALUE_F64;
  p_alive.f64 = {0.5, 2.0, std::nan(""), 0.5};
  p_alive.null_mask = {0, 0, 0, 1};
  table.columns.push_back(p_alive);

  RunRecord by_tier = testing::RunningRun("tier", "daily", 1, 1);
  ASSERT_TRUE(store_->CommitRun(by_tier, table, "tier", {}).ok());
  EXPECT_EQ(store_->SegmentSizes("tier"),
            (std::map<std::string, int64_t>{{"-1", 1}, {"0", 1}, {"3", 2}}));

  RunRecord by_p = testing::RunningRun("p", "daily", 1, 2);
  ASSERT_TRUE(store_->CommitRun(by_p, table, "p_alive", {}).ok());
  // NaN and masked values have no segment.
  EXPECT_EQ(store_->SegmentSizes("p"),
            (std::map<std::string, int64_t>{{"", 2}, {"0.5", 1}, {"2.0", 1}}));

  RunRecord missing = testing::RunningRun("missing", "daily", 1, 3);
  ASSERT_TRUE(store_->CommitRun(missing, table, "rfm_code", {}).ok());
  EXPECT_EQ(store_->SegmentSizes("missing"), (std::map<std::string, int64_t>{{"", 4}}));
  int pages = 0;
  EXPECT_EQ(AllPages("missing", "", 10, 4, &pages), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST_F(StateStoreResultsTest, ScoresKeepEveryType) {
  ResultsTable table;
  table.customer_ids = {"b", "a"};
  table.columns.push_back(testing::IntScores(
      "i64", {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}));
  ScoreColumn f64;
  f64.name = "f64";
  f64.type = ENCORE_VALUE_F64;
  f64.f64 = {2.0, 0.1};
  table.columns.push_back(f64);
  ScoreColumn tiny = f64;
  tiny.name = "tiny";
  tiny.f64 = {-1e-300, 1e300};
  table.columns.push_back(tiny);
  ScoreColumn inf = f64;
  inf.name = "inf";
  inf.f64 = {std::numeric_limits<double>::infinity(), std::nan("")};
  table.columns.push_back(inf);
  table.columns.push_back(
      testing::TextScores("str", {"quote \" backslash \\ newline \n tab \t",
                                  "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"}));
  ScoreColumn bad_utf8 = testing::TextScores("bad", {"ok", "x\xFFy"});
  table.columns.push_back(bad_utf8);
  ScoreColumn masked = testing::IntScores("masked", {7, 8});
  masked.null_mask = {1, 0};
  table.columns.push_back(masked);
  ScoreColumn quoted_name = testing::IntScores("we\"ird", {1, 2});
  table.columns.push_back(quoted_name);

  ASSERT_TRUE(store_->CommitRun(testing::RunningRun("r", "daily", 1, 1), table, "str", {}).ok());
  Result<CustomerPage> page = store_->ListCustomers("r", "", 10, "");
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->customers.size(), 2u);

  const nlohmann::json& a = page->customers[0].scores;  // row 1
  EXPECT_EQ(page->customers[0].customer_id, "a");
  EXPECT_EQ(a, nlohmann::json::parse(R"({"i64":9223372036854775807,"f64":0.1,)"
                                     R"("tiny":1e300,"inf":null,)"
                                     R"("str":"Москва","bad":"x\ufffdy",)"
                                     R"("masked":8,"we\"ird":2})"));
  EXPECT_EQ(page->customers[0].segment, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");

  const nlohmann::json& b = page->customers[1].scores;  // row 0
  EXPECT_TRUE(b["i64"].is_number_integer());
  EXPECT_EQ(b["i64"].get<int64_t>(), std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(b["f64"].is_number_float());  // 2.0 stays a double
  EXPECT_EQ(b["f64"].get<double>(), 2.0);
  EXPECT_EQ(b["tiny"].get<double>(), -1e-300);
  EXPECT_TRUE(b["inf"].is_null());
  EXPECT_EQ(b["str"], "quote \" backslash \\ newline \n tab \t");
  EXPECT_EQ(b["bad"], "ok");
  EXPECT_TRUE(b["masked"].is_null());
  EXPECT_EQ(b["we\"ird"], 1);
  EXPECT_EQ(page->customers[1].segment, "quote \" backslash \\ newline \n tab \t");
}

// A text score stored as a dictionary loads as its distinct values and one code per row.
TEST_F(StateStoreResultsTest, LoadedTextScoresKeepEachValueOnce) {
  ResultsTable results = MakeResults(300);
  ScoreColumn& codes = results.columns[1];
  codes.null_mask.assign(300, 0);
  for (size_t r = 0; r < 300; r += 7) codes.null_mask[r] = 1;
  Commit("r1", "daily", 500, 100, results);

  Result<ResultsTable> loaded = store_->LoadRunResults("r1", {"rfm_code"});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->row_count(), 300u);
  ASSERT_EQ(loaded->columns.size(), 1u);
  const ScoreColumn& column = loaded->columns[0];
  EXPECT_EQ(column.str.size(), 300u);
  EXPECT_EQ(column.str.value_count(), 4u);  // A, B, C and "" for the rows without a value
  size_t without_value = 0;
  for (size_t r = 0; r < 300; ++r) {
    const int i = std::stoi(loaded->customer_ids[r].substr(1));
    EXPECT_EQ(loaded->customer_ids[r], Id(static_cast<int>(r)));
    if (column.is_null(r)) {
      ++without_value;
      EXPECT_EQ(column.str[r], "") << r;
    } else {
      EXPECT_EQ(column.str[r], std::string(1, static_cast<char>('A' + i % 3))) << r;
    }
  }
  EXPECT_EQ(without_value, 43u);  // every 7th of the 300 stored rows
}

TEST_F(StateStoreResultsTest, CustomerHistoryAcrossRuns) {
  ResultsTable first = MakeResults(3);  // c0000 A, c0001 B, c0002 C
  ResultsTable second;
  second.customer_ids = {"c0001", "c0003"};
  second.columns.push_back(testing::IntScores("n", {10, 30}));
  second.columns.push_back(testing::TextScores("rfm_code", {"C", "A"}));
  // Created later but analysing an earlier date: history is ordered by as_of.
  Commit("later", "daily", 2000, 300, first);
  Commit("earlier", "daily", 1000, 400, second);
  Commit("other", "weekly", 1500, 500, first);  // another pipeline
  RunRecord failed = testing::RunningRun("failed", "daily", 3000, 600);
  failed.state = RunState::kFailed;
  ASSERT_TRUE(store_->InsertRun(failed).ok());

  std::vector<CustomerResult> history = store_->CustomerHistory("daily", "c0001");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].run_id, "earlier");
  EXPECT_EQ(history[0].as_of, 1000);
  EXPECT_EQ(history[0].customer_id, "c0001");
  EXPECT_EQ(history[0].segment, "C");
  EXPECT_EQ(history[0].scores, nlohmann::json::parse(R"({"n":10,"rfm_code":"C"})"));
  EXPECT_EQ(history[1].run_id, "later");
  EXPECT_EQ(history[1].as_of, 2000);
  EXPECT_EQ(history[1].segment, "B");
  EXPECT_EQ(history[1].scores, nlohmann::json::parse(R"({"n":1,"rfm_code":"B"})"));

  history = store_->CustomerHistory("daily", "c0000");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].run_id, "later");
  history = store_->CustomerHistory("weekly", "c0000");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].run_id, "other");
  EXPECT_TRUE(store_->CustomerHistory("daily", "nobody").empty());
  EXPECT_TRUE(store_->CustomerHistory("monthly", "c0000").empty());
}

TEST_F(StateStoreResultsTest, HistoryOutlivesItsPipeline) {
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily").ok());
  Commit("r1", "daily", 1000, 100, MakeResults(3));
  ASSERT_TRUE(store_->DeletePipeline("daily").ok());
  EXPECT_EQ(store_->CustomerHistory("daily", "c0002").size(), 1u);
  EXPECT_EQ(store_->ListCustomers("r1", "", 0, "")->total, 3);
}

TEST_F(StateStoreResultsTest, EverythingSurvivesAReopen) {
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily").ok());
  Commit("r1", "daily", 1000, 100, MakeResults(250), {{"orders", "offset=250"}});
  Commit("r2", "daily", 2000, 200, MakeResults(40), {{"orders", "offset=290"}});
  Reopen();

  EXPECT_EQ(store_->GetPipeline("daily")->version, 1);
  EXPECT_EQ(store_->GetRun("r2")->state, RunState::kSucceeded);
  EXPECT_EQ(store_->LatestSucceededRun("daily")->run_id, "r2");
  EXPECT_EQ(store_->Cursors("daily"),
            (std::map<std::string, std::string>{{"orders", "offset=290"}}));
  EXPECT_EQ(store_->SegmentSizes("r1"),
            (std::map<std::string, int64_t>{{"A", 84}, {"B", 83}, {"C", 83}}));
  int pages = 0;
  EXPECT_EQ(AllPages("r1", "", 100, 250, &pages).size(), 250u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(store_->CustomerHistory("daily", "c0007").size(), 2u);
  EXPECT_EQ(store_->CustomerHistory("daily", "c0100").size(), 1u);
}

}  // namespace
}  // namespace encore
