// StateStore over results stored by column: LoadRunResults, score filters and score order in
// ListCustomers, the segment migration matrix, the segment series, customers sorted by id, the
// migration from row storage and a commit that fails half-way.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "daemon/state/state_schema.h"
#include "daemon/state/state_store.h"
#include "tests/unit/state/store_test_support.h"

namespace encore {
namespace {

ScoreColumn Column(const std::string& name, encore_value_type type) {
  ScoreColumn c;
  c.name = name;
  c.type = type;
  return c;
}

// Eight customers, rows deliberately not in id order:
//   id  seg  spend  p     cats
//   c1  A    300    0.5   |coffee|tea|
//   c2  B    100    -     |tea|
//   c3  A    300    0.25  ""
//   c4  C    -      0.75  |cups|
//   c5  B    50     0.5   -
//   c6  A    1000   NaN   |coffee|
//   c7  B    100    0.1   |green tea|
//   c8  -    20     0.9   |tea|cups|
ResultsTable EightCustomers() {
  struct Row {
    const char* id;
    const char* seg;  // null: no value
    int64_t spend;
    bool spend_missing;
    double p;
    bool p_missing;
    const char* cats;  // null: no value
  };
  const Row rows[] = {
      {"c6", "A", 1000, false, std::nan(""), false, "|coffee|"},
      {"c2", "B", 100, false, 0, true, "|tea|"},
      {"c8", nullptr, 20, false, 0.9, false, "|tea|cups|"},
      {"c1", "A", 300, false, 0.5, false, "|coffee|tea|"},
      {"c4", "C", 0, true, 0.75, false, "|cups|"},
      {"c3", "A", 300, false, 0.25, false, ""},
      {"c7", "B", 100, false, 0.1, false, "|green tea|"},
      {"c5", "B", 50, false, 0.5, false, nullptr},
  };
  ResultsTable table;
  ScoreColumn seg = Column("seg", ENCORE_VALUE_STR), spend = Column("spend", ENCORE_VALUE_I64),
              p = Column("p", ENCORE_VALUE_F64), cats = Column("cats", ENCORE_VALUE_STR);
  for (const Row& row : rows) {
    table.customer_ids.push_back(row.id);
    seg.str.push_back(row.seg ? row.seg : "");
    seg.null_mask.push_back(row.seg == nullptr);
    spend.i64.push_back(row.spend);
    spend.null_mask.push_back(row.spend_missing);
    p.f64.push_back(row.p);
    p.null_mask.push_back(row.p_missing);
    cats.str.push_back(row.cats ? row.cats : "");
    cats.null_mask.push_back(row.cats == nullptr);
  }
  table.columns = {seg, spend, p, cats};
  return table;
}

// Customers with a segment each, from "id:segment" pairs; segment "-" = no value.
ResultsTable WithSegments(const std::vector<std::pair<std::string, std::string>>& customers) {
  ResultsTable table;
  ScoreColumn seg = Column("seg", ENCORE_VALUE_STR);
  for (const auto& [id, segment] : customers) {
    table.customer_ids.push_back(id);
    seg.str.push_back(segment == "-" ? "" : segment);
    seg.null_mask.push_back(segment == "-");
  }
  table.columns = {seg};
  return table;
}

std::vector<std::string> Ids(const CustomerPage& page) {
  std::vector<std::string> ids;
  for (const CustomerResult& c : page.customers) ids.push_back(c.customer_id);
  return ids;
}

using Strings = std::vector<std::string>;

class StateStoreColumnsTest : public testing::StoreTest {
 protected:
  void Commit(const std::string& run_id, const std::string& pipeline, int64_t as_of,
              int64_t created_at, const ResultsTable& results) {
    const Status status = store_->CommitRun(
        testing::RunningRun(run_id, pipeline, as_of, created_at), results, "seg", {});
    ASSERT_TRUE(status.ok()) << status.message();
  }

  CustomerPage List(const CustomerListOptions& options, const std::string& run_id = "r1") {
    Result<CustomerPage> page = store_->ListCustomers(run_id, options);
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? std::move(page).value() : CustomerPage();
  }

  Status ListError(const CustomerListOptions& options) {
    Result<CustomerPage> page = store_->ListCustomers("r1", options);
    EXPECT_FALSE(page.ok());
    return page.ok() ? Status::Ok() : page.status();
  }

  // Every page of a list, with its totals checked.
  Strings AllPages(CustomerListOptions options, int64_t total, int* pages) {
    Strings ids;
    *pages = 0;
    do {
      CustomerPage page = List(options);
      EXPECT_EQ(page.total, total);
      for (const std::string& id : Ids(page)) ids.push_back(id);
      options.page_token = page.next_page_token;
      ++*pages;
    } while (!options.page_token.empty() && *pages < 1000);
    return ids;
  }
};

// ---- LoadRunResults ----

TEST_F(StateStoreColumnsTest, LoadRunResultsGivesEveryTypeWithNullsInIdOrder) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  for (int pass = 0; pass < 2; ++pass) {  // the second time after a reopen
    Result<ResultsTable> loaded = store_->LoadRunResults("r1", {});
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_EQ(loaded->customer_ids, (Strings{"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"}));
    ASSERT_EQ(loaded->columns.size(), 4u);

    const ScoreColumn& seg = loaded->columns[0];
    EXPECT_EQ(seg.name, "seg");
    EXPECT_EQ(seg.type, ENCORE_VALUE_STR);
    EXPECT_EQ(seg.str, (StringColumn{"A", "B", "A", "C", "B", "A", "B", ""}));
    EXPECT_EQ(seg.null_mask, (std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0, 1}));

    const ScoreColumn& spend = loaded->columns[1];
    EXPECT_EQ(spend.type, ENCORE_VALUE_I64);
    EXPECT_EQ(spend.null_mask, (std::vector<uint8_t>{0, 0, 0, 1, 0, 0, 0, 0}));
    for (size_t r : {0, 1, 2, 4, 5, 6, 7}) {
      EXPECT_EQ(spend.i64[r], (std::vector<int64_t>{300, 100, 300, 0, 50, 1000, 100, 20})[r]);
    }

    const ScoreColumn& p = loaded->columns[2];
    EXPECT_EQ(p.type, ENCORE_VALUE_F64);
    // c2 masked; c6's NaN is stored as no value.
    EXPECT_EQ(p.null_mask, (std::vector<uint8_t>{0, 1, 0, 0, 0, 1, 0, 0}));
    for (size_t r : {0, 2, 3, 4, 6, 7}) {
      EXPECT_EQ(p.f64[r], (std::vector<double>{0.5, 0, 0.25, 0.75, 0.5, 0, 0.1, 0.9})[r]);
    }

    const ScoreColumn& cats = loaded->columns[3];
    EXPECT_EQ(cats.str[0], "|coffee|tea|");
    EXPECT_EQ(cats.str[2], "");
    EXPECT_EQ(cats.null_mask, (std::vector<uint8_t>{0, 0, 0, 0, 1, 0, 0, 0}));
    Reopen();
  }
}

TEST_F(StateStoreColumnsTest, LoadRunResultsOfSomeColumnsKeepsTheRunsOrder) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  Result<ResultsTable> loaded = store_->LoadRunResults("r1", {"p", "spend"});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->columns.size(), 2u);
  EXPECT_EQ(loaded->columns[0].name, "spend");
  EXPECT_EQ(loaded->columns[1].name, "p");
  EXPECT_EQ(loaded->columns[0].i64[5], 1000);
  EXPECT_TRUE(loaded->columns[1].null_mask.size() == 8 && loaded->columns[1].null_mask[5] == 1);
}

TEST_F(StateStoreColumnsTest, LoadRunResultsWithoutCustomerIdsGivesTheSameColumns) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  Result<ResultsTable> with_ids = store_->LoadRunResults("r1", {"spend"});
  Result<ResultsTable> without = store_->LoadRunResults("r1", {"spend"}, false);
  ASSERT_TRUE(with_ids.ok() && without.ok());
  EXPECT_EQ(with_ids->customer_ids.size(), 8u);
  EXPECT_TRUE(without->customer_ids.empty());
  ASSERT_EQ(without->columns.size(), 1u);
  EXPECT_EQ(without->columns[0].i64, with_ids->columns[0].i64);
  EXPECT_EQ(without->columns[0].null_mask, with_ids->columns[0].null_mask);
}

TEST_F(StateStoreColumnsTest, LoadRunResultsErrors) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  ASSERT_TRUE(store_->InsertRun(testing::RunningRun("r2", "daily", 200, 20)).ok());
  Result<ResultsTable> unknown_score = store_->LoadRunResults("r1", {"spend", "nope"});
  EXPECT_EQ(unknown_score.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown_score.status().message(), "run 'r1' has no score 'nope'");
  EXPECT_EQ(store_->LoadRunResults("zz", {}).status().message(), "run 'zz' not found");
  Result<ResultsTable> running = store_->LoadRunResults("r2", {});
  EXPECT_EQ(running.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(running.status().message(), "run 'r2' has no stored results");
}

TEST_F(StateStoreColumnsTest, ARunWithoutCustomersOrScores) {
  Commit("empty", "daily", 100, 10, ResultsTable());
  Result<ResultsTable> loaded = store_->LoadRunResults("empty", {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->customer_ids.empty());
  EXPECT_TRUE(loaded->columns.empty());
  EXPECT_EQ(List({}, "empty").total, 0);
  EXPECT_TRUE(store_->SegmentSizes("empty").empty());
}

// ---- ListCustomers: order ----

TEST_F(StateStoreColumnsTest, OrdersByIntegersWithMissingLastAndTiesById) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.order_by = "spend";
  EXPECT_EQ(Ids(List(options)), (Strings{"c8", "c5", "c2", "c7", "c1", "c3", "c6", "c4"}));
  options.descending = true;
  EXPECT_EQ(Ids(List(options)), (Strings{"c6", "c1", "c3", "c2", "c7", "c5", "c8", "c4"}));
}

TEST_F(StateStoreColumnsTest, OrdersByDoublesAndByText) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.order_by = "p";
  EXPECT_EQ(Ids(List(options)), (Strings{"c7", "c3", "c1", "c5", "c4", "c8", "c2", "c6"}));
  options.order_by = "cats";
  EXPECT_EQ(Ids(List(options)), (Strings{"c3", "c6", "c1", "c4", "c7", "c2", "c8", "c5"}));
  options.descending = true;
  EXPECT_EQ(Ids(List(options)), (Strings{"c8", "c2", "c7", "c4", "c1", "c6", "c3", "c5"}));
}

TEST_F(StateStoreColumnsTest, OrderedPagesAndTheirTokens) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.order_by = "spend";
  options.descending = true;
  options.page_size = 3;
  CustomerPage first = List(options);
  EXPECT_EQ(Ids(first), (Strings{"c6", "c1", "c3"}));
  EXPECT_EQ(first.next_page_token, "s3");
  EXPECT_EQ(first.total, 8);
  options.page_token = first.next_page_token;
  CustomerPage second = List(options);
  EXPECT_EQ(Ids(second), (Strings{"c2", "c7", "c5"}));
  EXPECT_EQ(second.next_page_token, "s6");
  options.page_token = second.next_page_token;
  CustomerPage third = List(options);
  EXPECT_EQ(Ids(third), (Strings{"c8", "c4"}));
  EXPECT_EQ(third.next_page_token, "");
  // Full pages come with every score.
  EXPECT_EQ(first.customers[0].scores,
            nlohmann::json::parse(R"({"seg":"A","spend":1000,"p":null,"cats":"|coffee|"})"));
  EXPECT_EQ(first.customers[0].segment, "A");
  EXPECT_EQ(first.customers[0].as_of, 100);
  EXPECT_EQ(third.customers[0].segment, "");
}

TEST_F(StateStoreColumnsTest, OrderByAScoreTheRunDoesNotHaveKeepsIdOrder) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.order_by = "nope";
  options.descending = true;
  options.page_size = 5;
  CustomerPage page = List(options);
  EXPECT_EQ(Ids(page), (Strings{"c1", "c2", "c3", "c4", "c5"}));
  EXPECT_EQ(page.next_page_token, "s5");
}

TEST_F(StateStoreColumnsTest, TokensOfTheOtherOrderAreRefused) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.page_size = 2;
  const std::string id_token = List(options).next_page_token;
  EXPECT_EQ(id_token, "6332");  // "c2", hex
  options.order_by = "spend";
  options.page_token = id_token;
  EXPECT_EQ(ListError(options).message(), "page_token: not a token this list returned");
  options.order_by.clear();
  options.page_token = "s2";
  EXPECT_EQ(ListError(options).message(), "page_token: not a token this list returned");
  options.order_by = "spend";
  options.page_token = "s-1";
  EXPECT_EQ(ListError(options).code(), StatusCode::kInvalidArgument);
  options.page_token = "s18446744073709551615";  // past the end: an empty last page
  CustomerPage past = List(options);
  EXPECT_TRUE(past.customers.empty());
  EXPECT_EQ(past.total, 8);
  EXPECT_EQ(past.next_page_token, "");
}

// ---- ListCustomers: filters ----

TEST_F(StateStoreColumnsTest, SegmentAndNotContains) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.segment = "A";
  options.filters = {{"cats", FilterOp::kNotContains, "tea"}};
  CustomerPage page = List(options);
  EXPECT_EQ(Ids(page), (Strings{"c3", "c6"}));
  EXPECT_EQ(page.total, 2);
}

TEST_F(StateStoreColumnsTest, ContainsMatchesWholeItems) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.filters = {{"cats", FilterOp::kContains, "tea"}};
  EXPECT_EQ(Ids(List(options)), (Strings{"c1", "c2", "c8"}));  // not c7's "green tea"
  options.filters = {{"cats", FilterOp::kNotContains, "tea"}};
  EXPECT_EQ(Ids(List(options)), (Strings{"c3", "c4", "c6", "c7"}));  // not c5: no value
}

TEST_F(StateStoreColumnsTest, SeveralFiltersAllHold) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.filters = {{"spend", FilterOp::kGe, "100"}, {"p", FilterOp::kLt, "0.5"}};
  EXPECT_EQ(Ids(List(options)), (Strings{"c3", "c7"}));
  options.filters = {{"spend", FilterOp::kNe, "100"}};
  EXPECT_EQ(Ids(List(options)), (Strings{"c1", "c3", "c5", "c6", "c8"}));
  options.filters = {{"seg", FilterOp::kEq, "B"}, {"spend", FilterOp::kLe, "99.5"}};
  EXPECT_EQ(Ids(List(options)), (Strings{"c5"}));
  options.filters = {{"seg", FilterOp::kEq, ""}};  // c8 has no value, not ""
  EXPECT_EQ(List(options).total, 0);
}

TEST_F(StateStoreColumnsTest, FilteredAndOrdered) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.segment = "B";
  options.filters = {{"cats", FilterOp::kContains, "tea"}};
  options.order_by = "spend";
  EXPECT_EQ(Ids(List(options)), (Strings{"c2"}));
  options.filters = {{"spend", FilterOp::kGt, "10"}};
  options.segment.clear();
  options.descending = true;
  options.page_size = 4;
  CustomerPage page = List(options);
  EXPECT_EQ(Ids(page), (Strings{"c6", "c1", "c3", "c2"}));
  EXPECT_EQ(page.total, 7);
  EXPECT_EQ(page.next_page_token, "s4");
}

TEST_F(StateStoreColumnsTest, FilteredPagesInIdOrder) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.filters = {{"cats", FilterOp::kContains, "tea"}};
  options.page_size = 2;
  int pages = 0;
  EXPECT_EQ(AllPages(options, 3, &pages), (Strings{"c1", "c2", "c8"}));
  EXPECT_EQ(pages, 2);
  options.segment = "B";
  options.filters = {};
  options.page_size = 1;
  EXPECT_EQ(AllPages(options, 3, &pages), (Strings{"c2", "c5", "c7"}));
  EXPECT_EQ(pages, 3);
}

TEST_F(StateStoreColumnsTest, BadFiltersNameTheField) {
  Commit("r1", "daily", 100, 10, EightCustomers());
  CustomerListOptions options;
  options.filters = {{"spend", FilterOp::kGe, "1"}, {"nope", FilterOp::kEq, "1"}};
  Status status = ListError(options);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "filters[1].score: run 'r1' has no score 'nope'");
  options.filters = {{"spend", FilterOp::kContains, "1"}};
  EXPECT_EQ(ListError(options).message(),
            "filters[0].op: contains applies to text scores; 'spend' holds numbers");
  options.filters = {{"p", FilterOp::kGt, "high"}};
  EXPECT_EQ(ListError(options).message(),
            "filters[0].value: 'high' is not a number, and score 'p' holds numbers");
  options.filters = {{"cats", FilterOp::kContains, "tea|cups"}};
  EXPECT_EQ(ListError(options).message(),
            "filters[0].value: contains looks for one item; '|' separates items");
  options.filters = {{"", FilterOp::kEq, "1"}};
  EXPECT_EQ(ListError(options).message(), "filters[0].score: required");
}

TEST_F(StateStoreColumnsTest, ARunWithoutStoredResultsListsNobody) {
  ASSERT_TRUE(store_->InsertRun(testing::RunningRun("r1", "daily", 200, 20)).ok());
  CustomerListOptions options;
  options.filters = {{"nope", FilterOp::kEq, "1"}};
  options.order_by = "spend";
  CustomerPage page = List(options);
  EXPECT_TRUE(page.customers.empty());
  EXPECT_EQ(page.total, 0);
}

// ---- Migration matrix and series ----

TEST_F(StateStoreColumnsTest, MigrationMatrixWithNewAndGoneCustomers) {
  Commit("r1", "daily", 100, 10,
         WithSegments({{"c1", "A"},
                       {"c2", "B"},
                       {"c3", "A"},
                       {"c4", "C"},
                       {"c5", "B"},
                       {"c6", "A"},
                       {"c7", "B"},
                       {"c8", "-"}}));
  Commit("r2", "daily", 200, 20,
         WithSegments({{"c10", "-"},
                       {"c9", "A"},
                       {"c8", "-"},
                       {"c6", "A"},
                       {"c5", "C"},
                       {"c3", "A"},
                       {"c2", "B"},
                       {"c1", "B"}}));
  for (int pass = 0; pass < 2; ++pass) {  // decoded from the database, then from the cache
    Result<std::vector<SegmentMigration>> matrix = store_->SegmentMigrations("r1", "r2");
    ASSERT_TRUE(matrix.ok()) << matrix.status().message();
    std::vector<std::string> cells;
    for (const SegmentMigration& m : *matrix) {
      cells.push_back((m.new_customer ? "new" : "'" + m.from_segment + "'") + ">" +
                      (m.gone ? "gone" : "'" + m.to_segment + "'") + "=" +
                      std::to_string(m.customers));
    }
    EXPECT_EQ(cells, (Strings{"new>''=1", "new>'A'=1", "''>''=1", "'A'>'A'=2", "'A'>'B'=1",
                              "'B'>'B'=1", "'B'>'C'=1", "'B'>gone=1", "'C'>gone=1"}));
  }
}

TEST_F(StateStoreColumnsTest, MigrationMatrixErrorsAndRunsWithoutResults) {
  Commit("r1", "daily", 100, 10, WithSegments({{"c1", "A"}, {"c2", "B"}}));
  EXPECT_EQ(store_->SegmentMigrations("r1", "zz").status().message(), "run 'zz' not found");
  EXPECT_EQ(store_->SegmentMigrations("zz", "r1").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->InsertRun(testing::RunningRun("r0", "daily", 50, 5)).ok());
  Result<std::vector<SegmentMigration>> matrix = store_->SegmentMigrations("r0", "r1");
  ASSERT_TRUE(matrix.ok());
  ASSERT_EQ(matrix->size(), 2u);
  EXPECT_TRUE((*matrix)[0].new_customer);
  EXPECT_EQ((*matrix)[0].to_segment, "A");
  EXPECT_EQ((*matrix)[1].to_segment, "B");
}

TEST_F(StateStoreColumnsTest, SegmentSeriesOfSucceededRunsByAsOf) {
  Commit("late", "daily", 2000, 10, WithSegments({{"c1", "A"}, {"c2", "A"}, {"c3", "B"}}));
  Commit("early", "daily", 1000, 20, WithSegments({{"c1", "B"}}));
  Commit("other", "weekly", 1500, 30, WithSegments({{"c1", "A"}}));
  RunRecord failed = testing::RunningRun("failed", "daily", 3000, 40);
  failed.state = RunState::kFailed;
  ASSERT_TRUE(store_->InsertRun(failed).ok());
  Reopen();
  const std::vector<RunSegmentSizes> series = store_->SegmentSeries("daily");
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].run_id, "early");
  EXPECT_EQ(series[0].as_of, 1000);
  EXPECT_EQ(series[0].segment_score, "seg");
  EXPECT_EQ(series[0].sizes, (std::map<std::string, int64_t>{{"B", 1}}));
  EXPECT_EQ(series[1].run_id, "late");
  EXPECT_EQ(series[1].sizes, (std::map<std::string, int64_t>{{"A", 2}, {"B", 1}}));
  EXPECT_TRUE(store_->SegmentSeries("monthly").empty());
}

// ---- Storage ----

TEST_F(StateStoreColumnsTest, CustomersOfAnyIdShapeAreSortedAndFound) {
  std::mt19937 random(5);
  std::vector<std::string> ids = {
      "", "a", std::string("a\0", 2), "aaaaaaaa", "aaaaaaaab", "aaaaaaaaa", "\xff", "Z"};
  for (int i = 0; i < 1500; ++i) {
    std::string id = i % 2 == 0 ? "customer-" : "";  // ties on the first 8 bytes
    const int length = static_cast<int>(random() % 12);
    for (int k = 0; k < length; ++k) id += static_cast<char>('0' + random() % 75);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  ResultsTable table;
  table.customer_ids = ids;
  ScoreColumn n = Column("n", ENCORE_VALUE_I64);
  for (size_t i = 0; i < ids.size(); ++i) n.i64.push_back(static_cast<int64_t>(i));
  table.columns = {n};
  Commit("r1", "daily", 100, 10, table);

  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  CustomerListOptions options;
  options.page_size = 97;
  int pages = 0;
  EXPECT_EQ(AllPages(options, static_cast<int64_t>(ids.size()), &pages), sorted);

  Result<ResultsTable> loaded = store_->LoadRunResults("r1", {});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->customer_ids, sorted);
  for (size_t r = 0; r < sorted.size(); ++r) {
    ASSERT_EQ(ids[static_cast<size_t>(loaded->columns[0].i64[r])], sorted[r]) << r;
  }
  Reopen();  // nothing decoded: the history searches the stored ids
  for (size_t i = 0; i < ids.size(); i += 37) {
    std::vector<CustomerResult> history = store_->CustomerHistory("daily", ids[i]);
    ASSERT_EQ(history.size(), 1u) << i;
    EXPECT_EQ(history[0].customer_id, ids[i]);
    EXPECT_EQ(history[0].scores["n"], static_cast<int64_t>(i));
  }
  EXPECT_TRUE(store_->CustomerHistory("daily", "customer-~~~~").empty());
}

TEST_F(StateStoreColumnsTest, ScoreColumnsOfTheWrongLengthAreRefused) {
  ResultsTable table = EightCustomers();
  table.columns[1].i64.pop_back();
  const Status status =
      store_->CommitRun(testing::RunningRun("r1", "daily", 1, 1), table, "seg", {});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "commit run 'r1': scores 'spend' have 7 values for 8 customers");
  EXPECT_EQ(store_->GetRun("r1").status().code(), StatusCode::kNotFound);
}

TEST_F(StateStoreColumnsTest, ACommitThatFailsHalfWayLeavesNothing) {
  Commit("r1", "daily", 100, 10, WithSegments({{"c1", "A"}}));
  ASSERT_TRUE(store_
                  ->CommitRun(testing::RunningRun("r0", "daily", 50, 5), ResultsTable(), "seg",
                              {{"orders", "offset=1"}})
                  .ok());
  ASSERT_TRUE(store_->InsertRun(testing::RunningRun("r2", "daily", 200, 20)).ok());
  // Left over, as if by a bug: the results row makes the commit fail after the run row and
  // before the cursors were written.
  testing::RawQuery(dir_.path(),
                    "INSERT INTO run_results (run_id, customers, segment_score) "
                    "VALUES ('r2', 0, 'seg')");
  const Status status = store_->CommitRun(testing::RunningRun("r2", "daily", 200, 20),
                                          EightCustomers(), "seg", {{"orders", "offset=2"}});
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(status.message(),
            "store the results of run 'r2': UNIQUE constraint failed: run_results.run_id");
  EXPECT_EQ(store_->GetRun("r2")->state, RunState::kRunning);
  EXPECT_EQ(store_->Cursors("daily"), (std::map<std::string, std::string>{{"orders", "offset=1"}}));
  EXPECT_EQ(testing::RawQuery(dir_.path(), "SELECT COUNT(*) FROM run_columns WHERE run_id = 'r2'"),
            "0|");
  EXPECT_TRUE(store_->SegmentSizes("r2").empty());
}

TEST_F(StateStoreColumnsTest, StoredColumnsAreCompact) {
  ResultsTable table;
  ScoreColumn small = Column("small", ENCORE_VALUE_I64), code = Column("code", ENCORE_VALUE_STR);
  for (int i = 0; i < 10000; ++i) {
    char id[16];
    std::snprintf(id, sizeof(id), "C%07d", i);
    table.customer_ids.push_back(id);
    small.i64.push_back(i % 5 + 1);
    code.str.push_back(std::to_string(100 + i % 125));
  }
  table.columns = {small, code};
  Commit("r1", "daily", 1, 1, table);
  // Headers are 24 bytes. Ids: plain, 10,001 offsets of 4 bytes (up to 80,000) + 80,000 bytes.
  // Segments (no "seg" score: all ""): one empty entry, 0-byte codes. small: 1 byte each.
  // code: 126 offsets of 2 bytes, 1-byte codes, 375 bytes of text.
  EXPECT_EQ(testing::RawQuery(dir_.path(),
                              "SELECT name, length(data) FROM run_columns WHERE run_id = "
                              "'r1' ORDER BY position"),
            "customer_id|" + std::to_string(24 + 24 + 10001 * 4 + 80000) + "||" +
                std::to_string(24 + 24 + 24) + "|small|" + std::to_string(24 + 10000) + "|code|" +
                std::to_string(24 + 24 + 126 * 2 + 24 + 10000 + 375) + "|");
}

// ---- Migration from row storage ----

TEST(StateStoreMigrationTest, RunsStoredAsRowsKeepTheirRecordAndSegmentSizes) {
  testing::TempDir dir;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "state.db").c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(MigrateSchemaTo(db, 1).ok());
    const char* rows =
        "INSERT INTO runs (run_id, pipeline, state, created_at, as_of) "
        "VALUES ('old', 'daily', 'succeeded', 10, 500);"
        "INSERT INTO customer_results VALUES ('old', 'c1', 'A', '{\"seg\":\"A\"}');"
        "INSERT INTO customer_results VALUES ('old', 'c2', 'A', '{\"seg\":\"A\"}');"
        "INSERT INTO run_segments VALUES ('old', 'A', 2);";
    ASSERT_EQ(sqlite3_exec(db, rows, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  Result<std::unique_ptr<StateStore>> opened = StateStore::Open(dir.path());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  StateStore& store = **opened;
  EXPECT_EQ(testing::RawQuery(dir.path(),
                              "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE "
                              "'customer_results%'"),
            "0|");
  EXPECT_EQ(store.GetRun("old")->state, RunState::kSucceeded);
  EXPECT_EQ(store.SegmentSizes("old"), (std::map<std::string, int64_t>{{"A", 2}}));
  const std::vector<RunSegmentSizes> series = store.SegmentSeries("daily");
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].segment_score, "");
  EXPECT_EQ(series[0].sizes, (std::map<std::string, int64_t>{{"A", 2}}));
  EXPECT_EQ(store.ListCustomers("old", "", 0, "")->total, 0);
  EXPECT_EQ(store.LoadRunResults("old", {}).status().message(), "run 'old' has no stored results");
  EXPECT_TRUE(store.CustomerHistory("daily", "c1").empty());

  ASSERT_TRUE(store
                  .CommitRun(testing::RunningRun("new", "daily", 600, 20),
                             WithSegments({{"c1", "B"}}), "seg", {})
                  .ok());
  Result<std::vector<SegmentMigration>> matrix = store.SegmentMigrations("old", "new");
  ASSERT_TRUE(matrix.ok());
  ASSERT_EQ(matrix->size(), 1u);
  EXPECT_TRUE((*matrix)[0].new_customer);
  EXPECT_EQ(store.CustomerHistory("daily", "c1").size(), 1u);
}

}  // namespace
}  // namespace encore
