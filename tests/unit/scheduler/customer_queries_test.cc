#include "daemon/scheduler/customer_queries.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace encore::testing
