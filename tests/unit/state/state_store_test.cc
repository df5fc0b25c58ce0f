// StateStore: pipelines, runs, request ids, restart behaviour and the schema.
#include "daemon/state/state_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "daemon/state/state_schema.h"
#include "tests/unit/state/store_test_support.h"

namespace encore {
namespace {

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RunRecord MakeRun(const std::string& run_id, const std::string& pipeline, int64_t created_at,
                  RunState state = RunState::kQueued, const std::string& request_id = "") {
  RunRecord run;
  run.run_id = run_id;
  run.pipeline = pipeline;
  run.request_id = request_id;
  run.state = state;
  run.created_at = created_at;
  return run;
}

std::vector<std::string> RunIds(const std::vector<RunRecord>& runs) {
  std::vector<std::string> ids;
  for (const RunRecord& run : runs) ids.push_back(run.run_id);
  return ids;
}

using StateStoreTest = testing::StoreTest;

// ---- Pipelines ----

TEST_F(StateStoreTest, PutPipelineInsertsThenVersionsEveryApply) {
  const int64_t before = Now();
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily\n").ok());
  Result<PipelineRecord> first = store_->GetPipeline("daily");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->name, "daily");
  EXPECT_EQ(first->spec_text, "name: daily\n");
  EXPECT_EQ(first->version, 1);
  EXPECT_GE(first->created_at, before);
  EXPECT_LE(first->created_at, Now());
  EXPECT_EQ(first->updated_at, first->created_at);

  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily\nas_of: latest\n").ok());
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily\nas_of: latest\n").ok());
  Result<PipelineRecord> third = store_->GetPipeline("daily");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->spec_text, "name: daily\nas_of: latest\n");
  EXPECT_EQ(third->version, 3);
  EXPECT_EQ(third->created_at, first->created_at);
  EXPECT_GE(third->updated_at, first->updated_at);
}

TEST_F(StateStoreTest, SpecTextIsStoredVerbatim) {
  const std::string text = "name: x\npath: ${SECRET_DIR}/a.csv # 'quotes' \"and\" \xD0\xAF\n";
  ASSERT_TRUE(store_->PutPipeline("x", text).ok());
  EXPECT_EQ(store_->GetPipeline("x")->spec_text, text);
}

TEST_F(StateStoreTest, ListPipelinesByName) {
  for (const char* name : {"weekly", "daily", "monthly"}) {
    ASSERT_TRUE(store_->PutPipeline(name, std::string("name: ") + name).ok());
  }
  std::vector<std::string> names;
  for (const PipelineRecord& p : store_->ListPipelines()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"daily", "monthly", "weekly"}));
}

TEST_F(StateStoreTest, MissingPipelineIsNotFound) {
  Result<PipelineRecord> missing = store_->GetPipeline("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "pipeline 'nope' not found");
}

TEST_F(StateStoreTest, DeletePipelineKeepsItsRuns) {
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily").ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("r1", "daily", 100, RunState::kSucceeded)).ok());
  ASSERT_TRUE(store_->DeletePipeline("daily").ok());
  EXPECT_EQ(store_->GetPipeline("daily").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListPipelines().empty());
  EXPECT_EQ(RunIds(store_->ListRuns("daily", 0, 0)), std::vector<std::string>{"r1"});

  const Status again = store_->DeletePipeline("daily");
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_EQ(again.message(), "pipeline 'daily' not found");
}

// ---- Runs ----

TEST_F(StateStoreTest, InsertGetUpdateRun) {
  RunRecord run = MakeRun("r-1", "daily", 1000, RunState::kQueued, "req-1");
  run.details = {{"counters", {{"rows", 3}}}};
  ASSERT_TRUE(store_->InsertRun(run).ok());

  Result<RunRecord> stored = store_->GetRun("r-1");
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(stored->run_id, "r-1");
  EXPECT_EQ(stored->pipeline, "daily");
  EXPECT_EQ(stored->request_id, "req-1");
  EXPECT_EQ(stored->state, RunState::kQueued);
  EXPECT_EQ(stored->created_at, 1000);
  EXPECT_EQ(stored->started_at, 0);
  EXPECT_EQ(stored->details, run.details);

  run.state = RunState::kFailed;
  run.started_at = 1001;
  run.finished_at = 1005;
  run.as_of = 999;
  run.lines_loaded = 10;
  run.orders = 4;
  run.customers = 2;
  run.row_error_count = 1;
  run.error = "source 'orders': orders.csv:17: bad date";
  run.details = nlohmann::json::parse(
      R"({"row_errors":[{"location":"orders.csv:17"}],"warnings":["w"],"timings":{"load":0.5}})");
  run.pipeline = "ignored";  // not updatable
  run.created_at = 5;        // not updatable
  ASSERT_TRUE(store_->UpdateRun(run).ok());

  stored = store_->GetRun("r-1");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->pipeline, "daily");
  EXPECT_EQ(stored->created_at, 1000);
  EXPECT_EQ(stored->state, RunState::kFailed);
  EXPECT_EQ(stored->started_at, 1001);
  EXPECT_EQ(stored->finished_at, 1005);
  EXPECT_EQ(stored->as_of, 999);
  EXPECT_EQ(stored->lines_loaded, 10);
  EXPECT_EQ(stored->orders, 4);
  EXPECT_EQ(stored->customers, 2);
  EXPECT_EQ(stored->row_error_count, 1);
  EXPECT_EQ(stored->error, "source 'orders': orders.csv:17: bad date");
  EXPECT_EQ(stored->details, run.details);
}

TEST_F(StateStoreTest, InsertRunWithoutCreatedAtUsesNow) {
  const int64_t before = Now();
  ASSERT_TRUE(store_->InsertRun(MakeRun("r", "daily", 0)).ok());
  const int64_t created = store_->GetRun("r")->created_at;
  EXPECT_GE(created, before);
  EXPECT_LE(created, Now());
}

TEST_F(StateStoreTest, RunErrors) {
  Result<RunRecord> missing = store_->GetRun("nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "run 'nope' not found");

  const Status update = store_->UpdateRun(MakeRun("nope", "daily", 1));
  EXPECT_EQ(update.code(), StatusCode::kNotFound);
  EXPECT_EQ(update.message(), "run 'nope' not found");

  ASSERT_TRUE(store_->InsertRun(MakeRun("r", "daily", 1)).ok());
  const Status duplicate = store_->InsertRun(MakeRun("r", "weekly", 2));
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(duplicate.message(), "insert run 'r': UNIQUE constraint failed: runs.run_id");
}

TEST_F(StateStoreTest, ListRunsNewestFirst) {
  ASSERT_TRUE(store_->InsertRun(MakeRun("a", "daily", 100)).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("b", "weekly", 300)).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("c", "daily", 200)).ok());
  ASSERT_TRUE(
      store_->InsertRun(MakeRun("d", "daily", 200)).ok());  // same second: later insert first
  ASSERT_TRUE(store_->InsertRun(MakeRun("e", "daily", 50)).ok());

  EXPECT_EQ(RunIds(store_->ListRuns("", 0, 0)),
            (std::vector<std::string>{"b", "d", "c", "a", "e"}));
  EXPECT_EQ(RunIds(store_->ListRuns("daily", 0, 0)),
            (std::vector<std::string>{"d", "c", "a", "e"}));
  EXPECT_EQ(RunIds(store_->ListRuns("daily", 2, 0)), (std::vector<std::string>{"d", "c"}));
  EXPECT_EQ(RunIds(store_->ListRuns("daily", 2, 2)), (std::vector<std::string>{"a", "e"}));
  EXPECT_EQ(RunIds(store_->ListRuns("daily", 2, 4)), std::vector<std::string>{});
  EXPECT_EQ(RunIds(store_->ListRuns("daily", -1, -5)),
            (std::vector<std::string>{"d", "c", "a", "e"}));
  EXPECT_TRUE(store_->ListRuns("monthly", 10, 0).empty());
}

TEST_F(StateStoreTest, RequestIdsAreUniquePerPipeline) {
  ASSERT_TRUE(store_->InsertRun(MakeRun("r1", "daily", 1, RunState::kQueued, "req-1")).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("r2", "weekly", 2, RunState::kQueued, "req-1")).ok());
  // Runs without a request id never collide.
  ASSERT_TRUE(store_->InsertRun(MakeRun("r3", "daily", 3)).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("r4", "daily", 4)).ok());

  const Status duplicate = store_->InsertRun(MakeRun("r5", "daily", 5, RunState::kQueued, "req-1"));
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(duplicate.message(),
            "insert run 'r5': UNIQUE constraint failed: runs.pipeline, runs.request_id");

  std::optional<RunRecord> found = store_->FindRunByRequestId("daily", "req-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->run_id, "r1");
  found = store_->FindRunByRequestId("weekly", "req-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->run_id, "r2");
  EXPECT_FALSE(store_->FindRunByRequestId("daily", "req-2").has_value());
  EXPECT_FALSE(store_->FindRunByRequestId("daily", "").has_value());
}

TEST_F(StateStoreTest, LatestSucceededRun) {
  EXPECT_FALSE(store_->LatestSucceededRun("daily").has_value());
  ASSERT_TRUE(store_->InsertRun(MakeRun("a", "daily", 100, RunState::kSucceeded)).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("b", "daily", 200, RunState::kSucceeded)).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("c", "daily", 300, RunState::kFailed)).ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("d", "weekly", 400, RunState::kSucceeded)).ok());
  std::optional<RunRecord> latest = store_->LatestSucceededRun("daily");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->run_id, "b");
}

TEST_F(StateStoreTest, RunStateNames) {
  EXPECT_STREQ(RunStateName(RunState::kQueued), "queued");
  EXPECT_STREQ(RunStateName(RunState::kRunning), "running");
  EXPECT_STREQ(RunStateName(RunState::kSucceeded), "succeeded");
  EXPECT_STREQ(RunStateName(RunState::kFailed), "failed");
  EXPECT_STREQ(RunStateName(RunState::kCancelled), "cancelled");
  EXPECT_FALSE(IsFinal(RunState::kQueued));
  EXPECT_FALSE(IsFinal(RunState::kRunning));
  EXPECT_TRUE(IsFinal(RunState::kSucceeded));
  EXPECT_TRUE(IsFinal(RunState::kFailed));
  EXPECT_TRUE(IsFinal(RunState::kCancelled));
}

TEST_F(StateStoreTest, ConcurrentCallsAreSerialised) {
  constexpr int kThreads = 4, kRunsEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kRunsEach; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_TRUE(store_->InsertRun(MakeRun(id, "daily", 1 + i)).ok());
        EXPECT_TRUE(store_->PutPipeline("p" + std::to_string(t), id).ok());
        EXPECT_TRUE(store_->GetRun(id).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(store_->ListRuns("daily", 0, 0).size(), size_t{kThreads * kRunsEach});
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(store_->GetPipeline("p" + std::to_string(t))->version, kRunsEach);
  }
}

// ---- Restart ----

TEST_F(StateStoreTest, ReopenKeepsPipelinesAndRuns) {
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily").ok());
  ASSERT_TRUE(store_->PutPipeline("daily", "name: daily # v2").ok());
  ASSERT_TRUE(store_->InsertRun(MakeRun("done", "daily", 10, RunState::kSucceeded, "req")).ok());
  Reopen();
  Result<PipelineRecord> pipeline = store_->GetPipeline("daily");
  ASSERT_TRUE(pipeline.ok());
  EXPECT_EQ(pipeline->version, 2);
  EXPECT_EQ(pipeline->spec_text, "name: daily # v2");
  Result<RunRecord> run = store_->GetRun("done");
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->state, RunState::kSucceeded);
  EXPECT_EQ(run->request_id, "req");
  EXPECT_TRUE(store_->FindRunByRequestId("daily", "req").has_value());
}

TEST_F(StateStoreTest, RunsLeftQueuedOrRunningAreFailedOnReopen) {
  RunRecord running = MakeRun("running", "daily", 10, RunState::kRunning);
  running.started_at = 11;
  ASSERT_TRUE(store_->InsertRun(MakeRun("queued", "daily", 12, RunState::kQueued)).ok());
  ASSERT_TRUE(store_->InsertRun(running).ok());
  RunRecord done = MakeRun("done", "daily", 5, RunState::kSucceeded);
  done.finished_at = 6;
  ASSERT_TRUE(store_->InsertRun(done).ok());
  RunRecord cancelled = MakeRun("cancelled", "daily", 4, RunState::kCancelled);
  cancelled.error = "cancelled by the operator";
  ASSERT_TRUE(store_->InsertRun(cancelled).ok());

  const int64_t before = Now();
  Reopen();
  for (const char* id : {"queued", "running"}) {
    Result<RunRecord> run = store_->GetRun(id);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->state, RunState::kFailed) << id;
    EXPECT_EQ(run->error, "interrupted: daemon restarted") << id;
    EXPECT_GE(run->finished_at, before) << id;
  }
  EXPECT_EQ(store_->GetRun("running")->started_at, 11);
  EXPECT_EQ(store_->GetRun("done")->state, RunState::kSucceeded);
  EXPECT_EQ(store_->GetRun("done")->finished_at, 6);
  EXPECT_EQ(store_->GetRun("cancelled")->state, RunState::kCancelled);
  EXPECT_EQ(store_->GetRun("cancelled")->error, "cancelled by the operator");
}

// ---- The file ----

TEST_F(StateStoreTest, DatabaseIsInWalModeAtTheLatestSchemaVersion) {
  EXPECT_GE(LatestSchemaVersion(), 2);
  EXPECT_EQ(testing::RawQuery(dir_.path(), "PRAGMA journal_mode"), "wal|");
  EXPECT_EQ(testing::RawQuery(dir_.path(), "SELECT version FROM schema_version"),
            std::to_string(LatestSchemaVersion()) + "|");
  EXPECT_EQ(testing::RawQuery(dir_.path(), "PRAGMA page_size"), "16384|");
}

TEST_F(StateStoreTest, ReopenDoesNotMigrateAgain) {
  Reopen();
  Reopen();
  EXPECT_EQ(testing::RawQuery(dir_.path(), "SELECT COUNT(*), MAX(version) FROM schema_version"),
            "1|" + std::to_string(LatestSchemaVersion()) + "|");
}

TEST_F(StateStoreTest, RefusesADatabaseFromANewerBuild) {
  store_.reset();
  testing::RawQuery(dir_.path(), "UPDATE schema_version SET version = 99");
  Result<std::unique_ptr<StateStore>> opened = StateStore::Open(dir_.path());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(opened.status().message(),
            "state database " + (dir_.path() / "state.db").string() +
                ": the state database has schema version 99, newer than this build supports (" +
                std::to_string(LatestSchemaVersion()) + ")");
}

TEST(StateStoreOpenTest, CreatesMissingDirectories) {
  testing::TempDir dir;
  const std::filesystem::path nested = dir.path() / "a" / "b";
  Result<std::unique_ptr<StateStore>> opened = StateStore::Open(nested);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_TRUE(std::filesystem::exists(nested / "state.db"));
}

TEST(StateStoreOpenTest, DataDirThatIsAFileIsAnError) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "not_a_dir";
  std::ofstream(file) << "x";
  Result<std::unique_ptr<StateStore>> opened = StateStore::Open(file);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInternal);
  EXPECT_EQ(opened.status().message().rfind("cannot create the data directory " + file.string(), 0),
            0u)
      << opened.status().message();
}

}  // namespace
}  // namespace encore
