#include "daemon/scheduler/customer_queries.h"

#include <gtest/gtest.h>

#include "daemon/scheduler/run_details.h"

#include "scheduler_fixture.h"

namespace encore::testing {
namespace {

class CustomerQueriesTest : public SchedulerTest {
 protected:
  // One succeeded run of "daily" over the test source's three customers.
  std::string RunDaily() {
    RunScheduler& scheduler = scheduler_ ? *scheduler_ : StartScheduler(1);
    Result<RunRecord> run = scheduler.StartRun("daily", "");
    EXPECT_TRUE(run.ok());
    UpdateLog& log = Watch(run->run_id);
    EXPECT_TRUE(log.WaitForFinal());
    EXPECT_EQ(log.updates().back().run.state, RunState::kSucceeded);
    return run->run_id;
  }

  // Commits a run of `pipeline` straight to the store: customers "id:segment", grouped by
  // the score "tier".
  void CommitSegments(const std::string& run_id, const std::string& pipeline, int64_t as_of,
                      const std::vector<std::pair<std::string, std::string>>& customers) {
    RunRecord run;
    run.run_id = run_id;
    run.pipeline = pipeline;
    run.as_of = as_of;
    run.created_at = as_of;
    run.details = {{run_details::kSegmentScore, "tier"}, {run_details::kTimeZone, "Europe/Berlin"}};
    ResultsTable results;
    ScoreColumn tier;
    tier.name = "tier";
    tier.type = ENCORE_VALUE_STR;
    for (const auto& [id, segment] : customers) {
      results.customer_ids.push_back(id);
      tier.str.push_back(segment);
    }
    results.columns.push_back(tier);
    ASSERT_TRUE(store_->CommitRun(run, results, "tier", {}).ok());
  }
};

TEST_F(CustomerQueriesTest, OrdersByAScorePageByPage) {
  Apply("daily", false);
  const std::string run_id = RunDaily();
  CustomerQueries queries(store_.get());
  CustomerListQuery query;
  query.pipeline = "daily";
  query.page_size = 2;
  query.order_by = "monetary_minor";
  query.descending = true;

  Result<CustomerList> first = queries.List(query);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->run.run_id, run_id);
  EXPECT_EQ(first->page.total, 3);
  ASSERT_EQ(first->page.customers.size(), 2u);
  EXPECT_EQ(first->page.customers[0].customer_id, "c3");  // 80.00
  EXPECT_EQ(first->page.customers[1].customer_id, "c1");  // 15.00
  ASSERT_FALSE(first->page.next_page_token.empty());

  query.page_token = first->page.next_page_token;
  Result<CustomerList> second = queries.List(query);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->page.customers.size(), 1u);
  EXPECT_EQ(second->page.customers[0].customer_id, "c2");  // 7.50
  EXPECT_TRUE(second->page.next_page_token.empty());

  query.descending = false;
  query.page_token.clear();
  query.page_size = 10;
  Result<CustomerList> ascending = queries.List(query);
  ASSERT_TRUE(ascending.ok());
  ASSERT_EQ(ascending->page.customers.size(), 3u);
  EXPECT_EQ(ascending->page.customers[0].customer_id, "c2");
  EXPECT_EQ(ascending->page.customers[2].customer_id, "c3");

  query.page_token = "bogus";
  EXPECT_EQ(queries.List(query).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CustomerQueriesTest, SegmentSizesAddUpToTheCustomers) {
  Apply("daily", false);
  const std::string run_id = RunDaily();
  CustomerQueries queries(store_.get());
  Result<SegmentSummaryResult> summary = queries.Segments("daily", "");
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->run.run_id, run_id);
  EXPECT_EQ(summary->segment_score, "rfm_code");
  EXPECT_EQ(summary->total, 3);
  int64_t sum = 0;
  for (const auto& [segment, size] : summary->sizes) {
    EXPECT_EQ(segment.size(), 3u) << segment;
    sum += size;
  }
  EXPECT_EQ(sum, 3);
}

TEST_F(CustomerQueriesTest, HistoryListsEverySucceededRunOldestFirst) {
  Apply("daily", false);
  const std::string first = RunDaily();
  const std::string second = RunDaily();
  CustomerQueries queries(store_.get());
  Result<std::vector<CustomerResult>> history = queries.History("daily", "c1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].run_id, first);
  EXPECT_EQ((*history)[1].run_id, second);
  EXPECT_EQ((*history)[1].scores["monetary_minor"], 1500);

  Result<std::vector<CustomerResult>> unknown = queries.History("daily", "c404");
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(), "customer 'c404' has no results in pipeline 'daily'");
  EXPECT_EQ(queries.History("nope", "c1").status().message(), "pipeline 'nope' not found");
}

TEST_F(CustomerQueriesTest, ResolveRunChecksStateAndPipeline) {
  Apply("daily", false);
  Apply("broken", false, "no data");
  CustomerQueries queries(store_.get());
  EXPECT_EQ(queries.ResolveRun("daily", "").status().message(),
            "pipeline 'daily' has no succeeded run yet");
  const std::string run_id = RunDaily();
  Result<RunRecord> failed = scheduler_->StartRun("broken", "");
  ASSERT_TRUE(failed.ok());
  ASSERT_TRUE(Watch(failed->run_id).WaitForFinal());

  EXPECT_EQ(queries.ResolveRun("", run_id)->run_id, run_id);
  EXPECT_EQ(queries.ResolveRun("broken", run_id).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queries.ResolveRun("", failed->run_id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(queries.ResolveRun("", "r-none").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(queries.ResolveRun("nope", "").status().message(), "pipeline 'nope' not found");
}

TEST_F(CustomerQueriesTest, ScoreFiltersReachTheStore) {
  Apply("daily", false);
  const std::string run_id = RunDaily();
  CustomerQueries queries(store_.get());
  CustomerListQuery query;
  query.pipeline = "daily";
  query.filters = {{"monetary_minor", FilterOp::kGe, "1000"}};
  Result<CustomerList> list = queries.List(query);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->page.customers.size(), 2u);
  EXPECT_EQ(list->page.customers[0].customer_id, "c1");  // 15.00
  EXPECT_EQ(list->page.customers[1].customer_id, "c3");  // 80.00
  EXPECT_EQ(list->page.total, 2);

  query.order_by = "monetary_minor";
  query.descending = true;
  list = queries.List(query);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->page.customers[0].customer_id, "c3");

  query.filters.push_back({"nope", FilterOp::kEq, "1"});
  Result<CustomerList> bad = queries.List(query);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "filters[1].score: run '" + run_id + "' has no score 'nope'");
}

TEST_F(CustomerQueriesTest, SegmentsComparedWithAnEarlierRun) {
  CommitSegments("r1", "daily", 1000, {{"a", "gold"}, {"b", "gold"}, {"c", "silver"}});
  CommitSegments("r2", "daily", 2000, {{"a", "gold"}, {"b", "silver"}, {"d", "silver"}});
  CustomerQueries queries(store_.get());
  Result<SegmentSummaryResult> summary = queries.Segments("daily", "", "r1");
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->run.run_id, "r2");
  EXPECT_EQ(summary->segment_score, "tier");
  EXPECT_EQ(summary->sizes, (std::map<std::string, int64_t>{{"gold", 1}, {"silver", 2}}));
  EXPECT_EQ(summary->compare_run_id, "r1");
  std::vector<std::string> cells;
  for (const SegmentMigration& m : summary->migrations) {
    cells.push_back((m.new_customer ? "new" : m.from_segment) + ">" +
                    (m.gone ? "gone" : m.to_segment) + "=" + std::to_string(m.customers));
  }
  EXPECT_EQ(cells, (std::vector<std::string>{"new>silver=1", "gold>gold=1", "gold>silver=1",
                                             "silver>gone=1"}));

  Result<SegmentSummaryResult> plain = queries.Segments("daily", "r1");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->compare_run_id.empty());
  EXPECT_TRUE(plain->migrations.empty());
}

TEST_F(CustomerQueriesTest, CompareRunMustBeASucceededRunOfThePipeline) {
  CommitSegments("r1", "daily", 1000, {{"a", "gold"}});
  CommitSegments("w1", "weekly", 1000, {{"a", "gold"}});
  RunRecord failed;
  failed.run_id = "f1";
  failed.pipeline = "daily";
  failed.state = RunState::kFailed;
  ASSERT_TRUE(store_->InsertRun(failed).ok());
  CustomerQueries queries(store_.get());
  Result<SegmentSummaryResult> other = queries.Segments("daily", "r1", "w1");
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(other.status().message(),
            "compare_run_id: run_id: run 'w1' belongs to pipeline 'weekly', not 'daily'");
  Result<SegmentSummaryResult> missing = queries.Segments("daily", "r1", "nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "compare_run_id: run 'nope' not found");
  EXPECT_EQ(queries.Segments("daily", "r1", "f1").status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(CustomerQueriesTest, SeriesOfEverySucceededRun) {
  ASSERT_TRUE(store_->PutPipeline("daily", TestSpec("daily", false)).ok());
  CustomerQueries queries(store_.get());
  Result<SegmentSeriesResult> empty = queries.Series("daily");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->points.empty());
  EXPECT_EQ(empty->segment_score, "");

  CommitSegments("r2", "daily", 2000, {{"a", "gold"}, {"b", "silver"}});
  CommitSegments("r1", "daily", 1000, {{"a", "silver"}});
  Result<SegmentSeriesResult> series = queries.Series("daily");
  ASSERT_TRUE(series.ok());
  EXPECT_EQ(series->pipeline, "daily");
  EXPECT_EQ(series->segment_score, "tier");
  EXPECT_EQ(series->time_zone, "Europe/Berlin");
  ASSERT_EQ(series->points.size(), 2u);
  EXPECT_EQ(series->points[0].run_id, "r1");
  EXPECT_EQ(series->points[0].sizes, (std::map<std::string, int64_t>{{"silver", 1}}));
  EXPECT_EQ(series->points[1].run_id, "r2");
  EXPECT_EQ(series->points[1].sizes, (std::map<std::string, int64_t>{{"gold", 1}, {"silver", 1}}));
  EXPECT_EQ(queries.Series("nope").status().message(), "pipeline 'nope' not found");
}

}  // namespace
}  // namespace encore::testing
