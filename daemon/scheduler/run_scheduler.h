// Runs pipelines on a small pool of worker threads. Callers (the gRPC handlers) only ever wait
// for a few state-database writes: StartRun records the run as queued and returns, a worker
// executes it, records the outcome and tells the run's watchers.
//
// Rules:
//   - StartRun is idempotent by (pipeline, request_id): the run the first request created is
//     returned again, whatever its state.
//   - Runs of one pipeline never overlap (the next starts after the previous one committed, so
//     it sees its cursors); runs of different pipelines overlap up to max_concurrent_runs.
//   - The queue is bounded: a StartRun beyond max_queued_runs is UNAVAILABLE.
//   - A run's spec is the pipeline text as it was when the run was started; ${ENV} values are
//     resolved when it executes.
//   - Succeeded: results, cursors and the record are committed together (StateStore::CommitRun).
//     A cancel that arrives after the pipeline finished its work is too late: the sinks already
//     have the results, so the run is committed as succeeded.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/pipeline/run_executor.h"
#include "daemon/scheduler/run_id.h"
#include "daemon/state/state_store.h"

namespace spdlog {
class logger;
}

namespace encore {

class PluginHost;

struct SchedulerOptions {
  int max_concurrent_runs = 1;  // worker threads
  size_t max_queued_runs = 64;  // runs waiting for a worker
  int source_lanes = 0;         // RunControl::lanes; 0 = hardware concurrency
};

// What a watcher of a run sees: the run as recorded and its latest progress. Every update is a
// complete snapshot, so a watcher that drops intermediate ones loses nothing that matters.
struct RunUpdate {
  RunRecord run;
  RunProgress progress;  // stage "queued" before it runs, "done" once final
  bool final = false;    // the last update of the run
};

// Called with the scheduler's lock held: must be quick, must not block and must not call back
// into the scheduler.
using RunWatcher = std::function<void(const RunUpdate&)>;

class RunScheduler {
 public:
  RunScheduler(StateStore* store, const PluginHost* host, SchedulerOptions options);
  ~RunScheduler();  // Shutdown()
  RunScheduler(const RunScheduler&) = delete;
  RunScheduler& operator=(const RunScheduler&) = delete;

  Result<RunRecord> StartRun(const std::string& pipeline, const std::string& request_id);
  // A backtest run: the pipeline as of each date ("YYYY-MM-DD[THH:MM:SS]" in the pipeline's
  // zone) over one full load of the sources (cursors are neither used nor moved). The returned
  // run is the last date's; every earlier date is committed as its own succeeded run
  // "<run id>-<n>" (n = 1, 2, ...), each compared with the date before, so segment moves,
  // events, sizes over time and purchase probabilities exist at once. No sink is delivered and
  // no task is opened. Dates are checked when the run executes (a bad one fails it, naming it).
  Result<RunRecord> StartBacktest(const std::string& pipeline, const std::string& request_id,
                                  std::vector<std::string> as_of_dates);
  // Queued: cancelled at once. Running: asked to stop; it turns cancelled when it does.
  // Cancelled: returned as is. Succeeded or failed: FAILED_PRECONDITION.
  Result<RunRecord> CancelRun(const std::string& run_id);
  // The run as recorded, with the in-memory state of an active run.
  Result<RunRecord> GetRun(const std::string& run_id);

  // Calls `watcher` with the run's latest snapshot before returning, then with every change
  // until the final update. Returns the subscription id for Unwatch, or 0 when the run was
  // already final (the watcher has then had its one and only, final, update). NOT_FOUND for an
  // unknown run.
  Result<uint64_t> Watch(const std::string& run_id, RunWatcher watcher);
  // After it returns the watcher is not called again. Unknown ids are ignored.
  void Unwatch(uint64_t watch_id);

  // Runs `action` only while the pipeline has no queued or running run, and keeps StartRun
  // for it waiting meanwhile (used to delete a pipeline safely).
  Status WithPipelineIdle(const std::string& pipeline, const std::function<Status()>& action);

  // New StartRun calls fail with UNAVAILABLE from now on.
  void StopAccepting();
  // Stops accepting, cancels queued and running runs ("daemon is shutting down") and waits
  // until every worker has recorded its run and exited. Idempotent.
  void Shutdown();

  size_t active_run_count();

 private:
  struct ActiveRun;

  void WorkerLoop();
  ActiveRun* NextRunnableLocked();
  void Execute(ActiveRun& run);
  Result<RunRecord> Enqueue(const std::string& pipeline, const std::string& request_id,
                            std::vector<std::string> backtest_dates);
  void OnProgress(ActiveRun& run, const RunProgress& progress);
  RunUpdate UpdateLocked(const ActiveRun& run, bool final) const;
  void PublishLocked(ActiveRun& run, bool final);
  // Records the final state, tells the watchers and forgets the run.
  void FinishRun(ActiveRun& run, RunRecord final_record);
  RunRecord CancelQueuedLocked(ActiveRun& run, const std::string& reason);

  StateStore* store_;
  const PluginHost* host_;
  const SchedulerOptions options_;
  RunIdGenerator ids_;
  std::shared_ptr<spdlog::logger> log_;

  std::mutex mu_;
  std::condition_variable work_;
  bool accepting_ = true;
  bool stopping_ = false;
  std::map<std::string, std::unique_ptr<ActiveRun>> active_;  // by run id
  std::deque<std::string> queue_;                             // queued run ids, oldest first
  std::set<std::string> running_pipelines_;
  std::map<uint64_t, std::string> watch_runs_;  // watch id -> run id
  uint64_t next_watch_id_ = 1;
  std::vector<std::thread> workers_;
  std::once_flag shutdown_once_;
};

}  // namespace encore
