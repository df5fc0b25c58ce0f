#include "daemon/scheduler/run_scheduler.h"

#include <gtest/gtest.h>

#include "scheduler_fixture.h"

namespace encore::testing {
namespace {

TEST_F(SchedulerTest, SameRequestIdReturnsTheSameQueuedRun) {
  RunScheduler& scheduler = StartScheduler(/*workers=*/0);  // runs stay queued
  Apply("daily", /*hold=*/false);
  Result<RunRecord> first = scheduler.StartRun("daily", "req-1");
  ASSERT_TRUE(first.ok()) << first.status().message();
  Result<RunRecord> again = scheduler.StartRun("daily", "req-1");
  ASSERT_TRUE(again.ok());
  Result<RunRecord> other = scheduler.StartRun("daily", "req-2");
  ASSERT_TRUE(other.ok());
  Result<RunRecord> anonymous1 = scheduler.StartRun("daily", "");
  Result<RunRecord> anonymous2 = scheduler.StartRun("daily", "");
  ASSERT_TRUE(anonymous1.ok() && anonymous2.ok());

  EXPECT_EQ(again->run_id, first->run_id);
  EXPECT_EQ(first->state, RunState::kQueued);
  EXPECT_EQ(first->request_id, "req-1");
  EXPECT_NE(other->run_id, first->run_id);
  EXPECT_NE(anonymous1->run_id, anonymous2->run_id);
  EXPECT_EQ(store_->ListRuns("daily", 100, 0).size(), 4u);
}

TEST_F(SchedulerTest, SameRequestIdAfterTheRunFinishedStartsNothing) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("daily", false);
  Result<RunRecord> run = scheduler.StartRun("daily", "nightly-2024-01-31");
  ASSERT_TRUE(run.ok());
  UpdateLog& log = Watch(run->run_id);
  ASSERT_TRUE(log.WaitForFinal());
  ASSERT_EQ(log.updates().back().run.state, RunState::kSucceeded) << log.updates().back().run.error;

  Result<RunRecord> again = scheduler.StartRun("daily", "nightly-2024-01-31");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->run_id, run->run_id);
  EXPECT_EQ(again->state, RunState::kSucceeded);
  EXPECT_EQ(store_->ListRuns("daily", 100, 0).size(), 1u);
}

TEST_F(SchedulerTest, SucceededRunIsCommittedWithCountsAndDetails) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("daily", false);
  Result<RunRecord> run = scheduler.StartRun("daily", "");
  ASSERT_TRUE(run.ok());
  UpdateLog& log = Watch(run->run_id);
  ASSERT_TRUE(log.WaitForFinal());

  Result<RunRecord> stored = store_->GetRun(run->run_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, RunState::kSucceeded) << stored->error;
  EXPECT_EQ(stored->lines_loaded, 5);
  EXPECT_EQ(stored->orders, 5);
  EXPECT_EQ(stored->customers, 3);
  EXPECT_EQ(stored->as_of, 1704067200 + 30 * 86400);  // "latest" = the last order
  EXPECT_GT(stored->started_at, 0);
  EXPECT_GE(stored->finished_at, stored->started_at);
  EXPECT_EQ(stored->details["counters"]["test_lines"], 5);
  EXPECT_EQ(stored->details["pipeline_version"], 1);
  EXPECT_EQ(stored->details["currency"], "USD");
  EXPECT_EQ(stored->details["segment_score"], "rfm_code");
  EXPECT_TRUE(stored->details["timings"].contains("commit_seconds"));
  EXPECT_TRUE(stored->details["timings"].contains("total_seconds"));

  // c1: orders of 10.00 and 5.00 on Jan 1 and Jan 20; as of Jan 31 its recency is 11 days.
  std::vector<CustomerResult> c1 = store_->CustomerHistory("daily", "c1");
  ASSERT_EQ(c1.size(), 1u);
  EXPECT_EQ(c1[0].run_id, run->run_id);
  EXPECT_EQ(c1[0].scores["frequency"], 2);
  EXPECT_EQ(c1[0].scores["monetary_minor"], 1500);
  EXPECT_EQ(c1[0].scores["recency_days"], 11);
  // c3: 100.00 on Jan 30, a 20.00 return on Jan 31: one positive order, net 80.00.
  std::vector<CustomerResult> c3 = store_->CustomerHistory("daily", "c3");
  ASSERT_EQ(c3.size(), 1u);
  EXPECT_EQ(c3[0].scores["frequency"], 1);
  EXPECT_EQ(c3[0].scores["monetary_minor"], 8000);
  EXPECT_EQ(c3[0].scores["recency_days"], 1);
  EXPECT_EQ(c3[0].segment, c3[0].scores["rfm_code"]);
}

TEST_F(SchedulerTest, QueuedRunIsCancelledAtOnce) {
  RunScheduler& scheduler = StartScheduler(0);
  Apply("daily", false);
  Result<RunRecord> run = scheduler.StartRun("daily", "");
  ASSERT_TRUE(run.ok());
  UpdateLog& log = Watch(run->run_id);

  Result<RunRecord> cancelled = scheduler.CancelRun(run->run_id);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, RunState::kCancelled);
  EXPECT_EQ(cancelled->error, "cancelled by request before it started");
  EXPECT_EQ(store_->GetRun(run->run_id)->state, RunState::kCancelled);
  ASSERT_TRUE(log.WaitForFinal());
  EXPECT_EQ(log.updates().back().run.state, RunState::kCancelled);
  // Cancelling again returns the cancelled run.
  Result<RunRecord> again = scheduler.CancelRun(run->run_id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, RunState::kCancelled);
}

TEST_F(SchedulerTest, RunningRunStopsWhenCancelled) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("slow", /*hold=*/true);
  Result<RunRecord> run = scheduler.StartRun("slow", "");
  ASSERT_TRUE(run.ok());
  UpdateLog& log = Watch(run->run_id);
  ASSERT_TRUE(log.WaitForState(RunState::kRunning));

  Result<RunRecord> asked = scheduler.CancelRun(run->run_id);
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ(asked->state, RunState::kRunning);  // it stops at its next check
  ASSERT_TRUE(log.WaitForFinal());
  EXPECT_EQ(log.updates().back().run.state, RunState::kCancelled);
  Result<RunRecord> stored = store_->GetRun(run->run_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, RunState::kCancelled);
  EXPECT_EQ(stored->error, "cancelled by request");
  EXPECT_GT(stored->finished_at, 0);
  EXPECT_TRUE(store_->CustomerHistory("slow", "c1").empty());  // nothing committed
}

TEST_F(SchedulerTest, CancellingAFinishedRunIsAFailedPrecondition) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("daily", false);
  Result<RunRecord> run = scheduler.StartRun("daily", "");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(Watch(run->run_id).WaitForFinal());
  Result<RunRecord> cancelled = scheduler.CancelRun(run->run_id);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(scheduler.CancelRun("r-unknown").status().code(), StatusCode::kNotFound);
}

TEST_F(SchedulerTest, EveryWatcherGetsTheSnapshotAtOnceThenProgressThenTheFinalRun) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("slow", true);
  Apply("daily", false);
  // The single worker is busy with "slow", so the "daily" run waits in the queue.
  Result<RunRecord> blocker = scheduler.StartRun("slow", "");
  ASSERT_TRUE(blocker.ok());
  ASSERT_TRUE(Watch(blocker->run_id).WaitForState(RunState::kRunning));
  Result<RunRecord> run = scheduler.StartRun("daily", "");
  ASSERT_TRUE(run.ok());

  UpdateLog& first = Watch(run->run_id);
  UpdateLog& second = Watch(run->run_id);
  for (UpdateLog* log : {&first, &second}) {
    std::vector<RunUpdate> now = log->updates();
    ASSERT_EQ(now.size(), 1u);  // delivered inside Watch(), before it returned
    EXPECT_EQ(now[0].run.state, RunState::kQueued);
    EXPECT_EQ(now[0].progress.stage, "queued");
    EXPECT_FALSE(now[0].final);
  }

  ASSERT_TRUE(scheduler.CancelRun(blocker->run_id).ok());
  for (UpdateLog* log : {&first, &second}) {
    ASSERT_TRUE(log->WaitForFinal());
    std::vector<RunUpdate> updates = log->updates();
    ASSERT_GE(updates.size(), 3u);
    double percent = 0;
    bool saw_running = false;
    for (size_t i = 0; i < updates.size(); ++i) {
      EXPECT_GE(updates[i].progress.percent, percent) << "update " << i;
      percent = updates[i].progress.percent;
      saw_running |= updates[i].run.state == RunState::kRunning;
      EXPECT_EQ(updates[i].final, i + 1 == updates.size());
    }
    EXPECT_TRUE(saw_running);
    const RunUpdate& last = updates.back();
    EXPECT_EQ(last.run.state, RunState::kSucceeded);
    EXPECT_EQ(last.run.customers, 3);
    EXPECT_EQ(last.progress.stage, "done");
    EXPECT_EQ(last.progress.percent, 100);
  }
}

TEST_F(SchedulerTest, WatchingAFinishedRunGivesOneFinalUpdate) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("daily", false);
  Result<RunRecord> run = scheduler.StartRun("daily", "");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(Watch(run->run_id).WaitForFinal());

  UpdateLog late;
  Result<uint64_t> id = scheduler.Watch(run->run_id, late.watcher());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, 0u);
  std::vector<RunUpdate> updates = late.updates();
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_TRUE(updates[0].final);
  EXPECT_EQ(updates[0].run.state, RunState::kSucceeded);
  EXPECT_EQ(updates[0].run.customers, 3);
  EXPECT_EQ(scheduler.Watch("r-unknown", late.watcher()).status().code(), StatusCode::kNotFound);
}

TEST_F(SchedulerTest, FailureIsRecordedWithThePluginsMessage) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("broken", false, "disk on fire");
  Result<RunRecord> run = scheduler.StartRun("broken", "");
  ASSERT_TRUE(run.ok());
  UpdateLog& log = Watch(run->run_id);
  ASSERT_TRUE(log.WaitForFinal());
  Result<RunRecord> stored = store_->GetRun(run->run_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, RunState::kFailed);
  EXPECT_NE(stored->error.find("disk on fire"), std::string::npos) << stored->error;
  EXPECT_NE(stored->error.find("orders"), std::string::npos) << stored->error;
  EXPECT_GT(stored->finished_at, 0);
  EXPECT_FALSE(store_->LatestSucceededRun("broken").has_value());
}

TEST_F(SchedulerTest, SpecThatNoLongerParsesFailsTheRunNamingTheField) {
  RunScheduler& scheduler = StartScheduler(1);
  ASSERT_TRUE(store_
                  ->PutPipeline("env",
                                "name: env\nsources:\n  - name: orders\n"
                                "    plugin: scheduler_test_source\n"
                                "    config: {fail: \"${ENCORE_TEST_UNSET_VARIABLE}\"}\n")
                  .ok());
  Result<RunRecord> run = scheduler.StartRun("env", "");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(Watch(run->run_id).WaitForFinal());
  Result<RunRecord> stored = store_->GetRun(run->run_id);
  EXPECT_EQ(stored->state, RunState::kFailed);
  EXPECT_NE(stored->error.find("ENCORE_TEST_UNSET_VARIABLE"), std::string::npos) << stored->error;
}

TEST_F(SchedulerTest, UnknownPipelineIsNotFound) {
  RunScheduler& scheduler = StartScheduler(0);
  Result<RunRecord> run = scheduler.StartRun("nope", "");
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(run.status().message(), "pipeline 'nope' not found");
}

TEST_F(SchedulerTest, QueueIsBounded) {
  RunScheduler& scheduler = StartScheduler(0, /*max_queued=*/2);
  Apply("daily", false);
  ASSERT_TRUE(scheduler.StartRun("daily", "").ok());
  ASSERT_TRUE(scheduler.StartRun("daily", "").ok());
  Result<RunRecord> third = scheduler.StartRun("daily", "");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->ListRuns("daily", 100, 0).size(), 2u);
}

TEST_F(SchedulerTest, ShutdownCancelsQueuedAndRunningRunsAndRefusesNewOnes) {
  RunScheduler& scheduler = StartScheduler(1);
  Apply("slow", true);
  Result<RunRecord> running = scheduler.StartRun("slow", "");
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(Watch(running->run_id).WaitForState(RunState::kRunning));
  Result<RunRecord> queued = scheduler.StartRun("slow", "");  // same pipeline: waits
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued->state, RunState::kQueued);

  scheduler.Shutdown();
  for (const std::string& id : {running->run_id, queued->run_id}) {
    Result<RunRecord> stored = store_->GetRun(id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->state, RunState::kCancelled) << id;
    EXPECT_EQ(stored->error, "cancelled: encored is shutting down") << id;
  }
  EXPECT_EQ(scheduler.active_run_count(), 0u);
  EXPECT_EQ(scheduler.StartRun("slow", "").status().code(), StatusCode::kUnavailable);
}

TEST_F(SchedulerTest, RunsOfOnePipelineNeverOverlap) {
  RunScheduler& scheduler = StartScheduler(/*workers=*/2);
  Apply("slow", true);
  Result<RunRecord> first = scheduler.StartRun("slow", "");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(Watch(first->run_id).WaitForState(RunState::kRunning));
  Result<RunRecord> second = scheduler.StartRun("slow", "");
  ASSERT_TRUE(second.ok());
  UpdateLog& log = Watch(second->run_id);
  // A free worker exists, yet the second run stays queued until the first one ends.
  EXPECT_EQ(scheduler.GetRun(second->run_id)->state, RunState::kQueued);
  ASSERT_TRUE(scheduler.CancelRun(first->run_id).ok());
  ASSERT_TRUE(log.WaitForState(RunState::kRunning));
  ASSERT_TRUE(scheduler.CancelRun(second->run_id).ok());
  ASSERT_TRUE(log.WaitForFinal());
}

}  // namespace
}  // namespace encore::testing
