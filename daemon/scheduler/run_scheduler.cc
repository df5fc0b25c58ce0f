#include "daemon/scheduler/run_scheduler.h"

#include <absl/time/clock.h>
#include <absl/time/time.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_host.h"
#include "daemon/observability/logging.h"
#include "daemon/scheduler/run_details.h"

namespace encore {
namespace {

// The instants of a backtest's dates in the pipeline's zone; "latest" has no place in one.
Result<std::vector<int64_t>> BacktestInstants(const std::vector<std::string>& dates,
                                              const PipelineSpec& spec) {
  std::vector<int64_t> instants;
  for (size_t i = 0; i < dates.size(); ++i) {
    const std::string field = "as_of_dates[" + std::to_string(i) + "]";
    Result<std::optional<int64_t>> at = ParseAsOf(dates[i], spec.time_zone);
    if (!at.ok()) return at.status().Wrap(field);
    if (!at->has_value()) return InvalidArgument(field + ": a backtest needs dates, not 'latest'");
    instants.push_back(**at);
  }
  return instants;
}

constexpr char kCancelledByRequest[] = "cancelled by request";
constexpr char kCancelledBeforeStart[] = "cancelled by request before it started";
constexpr char kCancelledByShutdown[] = "cancelled: encored is shutting down";

int64_t NowSeconds() { return absl::ToUnixSeconds(absl::Now()); }

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

struct RunScheduler::ActiveRun {
  RunRecord record;
  std::string spec_text;                    // the pipeline as it was when the run was started
  std::vector<std::string> backtest_dates;  // empty = a normal run
  RunProgress progress;
  std::atomic<bool> cancel{false};
  std::string cancel_reason;
  std::map<uint64_t, RunWatcher> watchers;
};

RunScheduler::RunScheduler(StateStore* store, const PluginHost* host, SchedulerOptions options)
    : store_(store), host_(host), options_(options), log_(ComponentLogger("scheduler")) {
  // Zero workers leaves every run queued; tests use it to hold runs in that state.
  for (int i = 0; i < options_.max_concurrent_runs; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

RunScheduler::~RunScheduler() { Shutdown(); }

Result<RunRecord> RunScheduler::StartRun(const std::string& pipeline,
                                         const std::string& request_id) {
  return Enqueue(pipeline, request_id, {});
}

Result<RunRecord> RunScheduler::StartBacktest(const std::string& pipeline,
                                              const std::string& request_id,
                                              std::vector<std::string> as_of_dates) {
  if (as_of_dates.empty()) return InvalidArgument("as_of_dates: at least one date");
  return Enqueue(pipeline, request_id, std::move(as_of_dates));
}

Result<RunRecord> RunScheduler::Enqueue(const std::string& pipeline, const std::string& request_id,
                                        std::vector<std::string> backtest_dates) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!accepting_) return Unavailable("encored is shutting down and accepts no new runs");
  if (!request_id.empty()) {
    for (const auto& [id, run] : active_) {
      if (run->record.pipeline == pipeline && run->record.request_id == request_id) {
        return run->record;
      }
    }
    if (auto existing = store_->FindRunByRequestId(pipeline, request_id)) return *existing;
  }
  Result<PipelineRecord> spec = store_->GetPipeline(pipeline);
  if (!spec.ok()) {
    if (spec.status().code() == StatusCode::kNotFound) {
      return NotFound("pipeline '" + pipeline + "' not found");
    }
    return spec.status();
  }
  if (queue_.size() >= options_.max_queued_runs) {
    return Unavailable("the run queue is full (" + std::to_string(queue_.size()) +
                       " runs waiting); try again later");
  }

  RunRecord record;
  do {
    record.run_id = ids_.Next();
  } while (active_.count(record.run_id) != 0 || store_->GetRun(record.run_id).ok());
  record.pipeline = pipeline;
  record.request_id = request_id;
  record.state = RunState::kQueued;
  record.created_at = NowSeconds();
  record.details[run_details::kPipelineVersion] = spec->version;
  if (!backtest_dates.empty()) {
    record.details[run_details::kBacktest] = {{"dates", backtest_dates}};
  }
  ENCORE_RETURN_IF_ERROR(store_->InsertRun(record));

  auto run = std::make_unique<ActiveRun>();
  run->record = record;
  run->spec_text = spec->spec_text;
  run->backtest_dates = std::move(backtest_dates);
  run->progress.stage = "queued";
  active_.emplace(record.run_id, std::move(run));
  queue_.push_back(record.run_id);
  log_->info("run {} of pipeline '{}' queued", record.run_id, pipeline);
  work_.notify_one();
  return record;
}

Result<RunRecord> RunScheduler::CancelRun(const std::string& run_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(run_id);
    if (it != active_.end()) {
      ActiveRun& run = *it->second;
      if (run.record.state == RunState::kQueued) {
        return CancelQueuedLocked(run, kCancelledBeforeStart);
      }
      if (run.cancel_reason.empty()) run.cancel_reason = kCancelledByRequest;
      run.cancel.store(true);
      log_->info("run {} asked to stop", run_id);
      return run.record;
    }
  }
  Result<RunRecord> record = store_->GetRun(run_id);
  if (!record.ok()) return record.status();
  if (record->state == RunState::kCancelled || !IsFinal(record->state)) return record;
  return FailedPrecondition("run '" + run_id + "' has already " +
                            (record->state == RunState::kSucceeded ? "succeeded" : "failed"));
}

Result<RunRecord> RunScheduler::GetRun(const std::string& run_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(run_id);
    if (it != active_.end()) return it->second->record;
  }
  return store_->GetRun(run_id);
}

Result<uint64_t> RunScheduler::Watch(const std::string& run_id, RunWatcher watcher) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(run_id);
    if (it != active_.end()) {
      const uint64_t id = next_watch_id_++;
      watcher(UpdateLocked(*it->second, /*final=*/false));
      it->second->watchers.emplace(id, std::move(watcher));
      watch_runs_.emplace(id, run_id);
      return id;
    }
  }
  // Not active: the run is final. The final record is written before a run leaves active_, so
  // the store has it.
  Result<RunRecord> record = store_->GetRun(run_id);
  if (!record.ok()) return record.status();
  RunUpdate update;
  update.run = std::move(record).value();
  update.progress.stage = "done";
  update.progress.percent = update.run.state == RunState::kSucceeded ? 100 : 0;
  update.progress.eta_seconds = 0;
  update.progress.rows_read = update.run.lines_loaded;
  update.final = true;
  watcher(update);
  return uint64_t{0};
}

void RunScheduler::Unwatch(uint64_t watch_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watch_runs_.find(watch_id);
  if (it == watch_runs_.end()) return;
  auto run = active_.find(it->second);
  if (run != active_.end()) run->second->watchers.erase(watch_id);
  watch_runs_.erase(it);
}

Status RunScheduler::WithPipelineIdle(const std::string& pipeline,
                                      const std::function<Status()>& action) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, run] : active_) {
    if (run->record.pipeline == pipeline) {
      return FailedPrecondition("pipeline '" + pipeline + "' has a " +
                                RunStateName(run->record.state) + " run (" + id +
                                "); cancel it or wait for it to finish");
    }
  }
  return action();
}

void RunScheduler::StopAccepting() {
  std::lock_guard<std::mutex> lock(mu_);
  accepting_ = false;
}

void RunScheduler::Shutdown() {
  std::call_once(shutdown_once_, [this] {
    {
      std::lock_guard<std::mutex> lock(mu_);
      accepting_ = false;
      stopping_ = true;
      const std::deque<std::string> queued = queue_;
      for (const std::string& id : queued) {
        CancelQueuedLocked(*active_.at(id), kCancelledByShutdown);
      }
      for (auto& [id, run] : active_) {
        if (run->cancel_reason.empty()) run->cancel_reason = kCancelledByShutdown;
        run->cancel.store(true);
      }
    }
    work_.notify_all();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
  });
}

size_t RunScheduler::active_run_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return active_.size();
}

void RunScheduler::WorkerLoop() {
  for (;;) {
    ActiveRun* run = nullptr;
    RunRecord running;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_.wait(lock, [&] {
        run = NextRunnableLocked();
        return run != nullptr || stopping_;
      });
      if (run == nullptr) return;
      running = run->record;
    }
    Status recorded = store_->UpdateRun(running);
    if (!recorded.ok()) {
      log_->warn("run {}: cannot record that it started: {}", running.run_id, recorded.message());
    }
    Execute(*run);
  }
}

RunScheduler::ActiveRun* RunScheduler::NextRunnableLocked() {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    ActiveRun& run = *active_.at(*it);
    if (running_pipelines_.count(run.record.pipeline) != 0) continue;
    queue_.erase(it);
    running_pipelines_.insert(run.record.pipeline);
    run.record.state = RunState::kRunning;
    run.record.started_at = NowSeconds();
    run.progress.stage = "start";
    PublishLocked(run, /*final=*/false);
    return &run;
  }
  return nullptr;
}

void RunScheduler::Execute(ActiveRun& run) {
  const auto started = std::chrono::steady_clock::now();
  RunRecord record;
  std::string spec_text;
  {
    std::lock_guard<std::mutex> lock(mu_);
    record = run.record;
    spec_text = run.spec_text;
  }
  log_->info("run {} of pipeline '{}' started", record.run_id, record.pipeline);

  auto fail = [&](const Status& status) {
    bool cancelled = run.cancel.load() || status.code() == StatusCode::kCancelled;
    record.state = cancelled ? RunState::kCancelled : RunState::kFailed;
    if (cancelled) {
      std::lock_guard<std::mutex> lock(mu_);
      record.error = run.cancel_reason.empty() ? status.message() : run.cancel_reason;
    } else {
      record.error = status.message();
    }
    record.finished_at = NowSeconds();
    RecordTiming("total", SecondsSince(started), record);
    Status recorded = store_->UpdateRun(record);
    if (!recorded.ok()) {
      log_->error("run {}: cannot record its end: {}", record.run_id, recorded.message());
    }
    if (cancelled) {
      log_->info("run {} {}", record.run_id, record.error);
    } else {
      log_->warn("run {} failed: {}", record.run_id, record.error);
    }
    FinishRun(run, std::move(record));
  };

  // ${ENV} placeholders are resolved here, at run time, from the daemon's environment.
  Result<PipelineSpec> spec = ParsePipelineSpec(spec_text);
  if (!spec.ok()) return fail(spec.status().Wrap("pipeline spec"));
  RecordSpec(*spec, record);
  // Plugins may have changed since the pipeline was applied.
  Status valid = ValidatePipelineSpec(*spec, *host_);
  if (!valid.ok()) return fail(valid.Wrap("pipeline spec"));

  RunControl control;
  control.run_id = record.run_id;
  control.started_at = record.started_at;
  control.cursors = store_->Cursors(record.pipeline);
  control.cancel = &run.cancel;
  control.on_progress = [this, &run](const RunProgress& progress) { OnProgress(run, progress); };
  control.lanes = options_.source_lanes;
  // The previous succeeded run, for methods that compare (segment moves, tier changes, P(alive)
  // drops): its scores are read from the state store one at a time, only when asked for.
  if (std::optional<RunRecord> previous = store_->LatestSucceededRun(record.pipeline)) {
    control.previous_as_of = previous->as_of;
    // The customer ids come with the first score loaded; later scores come without them.
    control.previous_loader = [this, run_id = previous->run_id,
                               have_ids = std::make_shared<bool>(false)](const std::string& score) {
      Result<ResultsTable> loaded = store_->LoadRunResults(run_id, {score}, !*have_ids);
      if (loaded.ok()) *have_ids = true;
      return loaded;
    };
  }
  Result<std::vector<Task>> open_tasks = store_->OpenTasks(record.pipeline);
  if (!open_tasks.ok()) return fail(open_tasks.status().Wrap("read open tasks"));
  control.open_tasks = std::move(open_tasks).value();
  Result<RunOutcome> outcome = Internal("not run");
  if (run.backtest_dates.empty()) {
    outcome = ExecuteRun(*spec, *host_, control);
  } else {
    Result<std::vector<int64_t>> as_ofs = BacktestInstants(run.backtest_dates, *spec);
    if (!as_ofs.ok()) return fail(as_ofs.status());
    // A backtest reads everything and moves no cursor; it opens no task.
    control.cursors.clear();
    control.plan_tasks = false;
    std::vector<std::string> run_ids;
    outcome = ExecuteBacktest(
        *spec, *host_, control, *as_ofs, [&](size_t index, const RunOutcome& earlier) {
          RunRecord child;
          child.run_id = record.run_id + "-" + std::to_string(index + 1);
          child.pipeline = record.pipeline;
          child.created_at = record.created_at;
          child.started_at = record.started_at;
          child.state = RunState::kSucceeded;
          child.finished_at = NowSeconds();
          RecordSpec(*spec, child);
          RecordOutcome(earlier, child);
          child.details[run_details::kBacktest] = {{"of", record.run_id}, {"index", index + 1}};
          run_ids.push_back(child.run_id);
          return store_->CommitRun(child, earlier.results, spec->segment_score, {},
                                   RunActivity{&earlier.events, &earlier.tasks, &earlier.tables});
        });
    if (outcome.ok()) {
      outcome->cursors.clear();
      run_ids.push_back(record.run_id);
      record.details[run_details::kBacktest] = {{"dates", run.backtest_dates}, {"runs", run_ids}};
    }
  }
  if (!outcome.ok()) return fail(outcome.status());

  RecordOutcome(*outcome, record);
  {
    std::lock_guard<std::mutex> lock(mu_);
    run.record.as_of = record.as_of;
    run.progress.stage = "commit";
    run.progress.detail.clear();
    run.progress.eta_seconds = -1;
    PublishLocked(run, /*final=*/false);
  }
  const auto commit_started = std::chrono::steady_clock::now();
  record.state = RunState::kSucceeded;
  record.finished_at = NowSeconds();
  Status committed =
      store_->CommitRun(record, outcome->results, spec->segment_score, outcome->cursors,
                        RunActivity{&outcome->events, &outcome->tasks, &outcome->tables});
  if (!committed.ok()) return fail(committed.Wrap("commit"));
  RecordTiming("commit", SecondsSince(commit_started), record);
  RecordTiming("total", SecondsSince(started), record);
  record.finished_at = NowSeconds();
  Status timed = store_->UpdateRun(record);
  if (!timed.ok()) {
    log_->warn("run {}: cannot record its timings: {}", record.run_id, timed.message());
  }
  log_->info("run {} succeeded: {} customers, {} orders, {} lines in {:.2f} s", record.run_id,
             record.customers, record.orders, record.lines_loaded, SecondsSince(started));
  FinishRun(run, std::move(record));
}

void RunScheduler::OnProgress(ActiveRun& run, const RunProgress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  const double percent = run.progress.percent;
  run.progress = progress;
  // Watchers are promised a percentage that never goes back.
  run.progress.percent = std::clamp(std::max(progress.percent, percent), 0.0, 100.0);
  PublishLocked(run, /*final=*/false);
}

RunUpdate RunScheduler::UpdateLocked(const ActiveRun& run, bool final) const {
  RunUpdate update;
  update.run = run.record;
  update.progress = run.progress;
  update.final = final;
  return update;
}

void RunScheduler::PublishLocked(ActiveRun& run, bool final) {
  if (run.watchers.empty()) return;
  const RunUpdate update = UpdateLocked(run, final);
  for (auto& [id, watcher] : run.watchers) watcher(update);
}

void RunScheduler::FinishRun(ActiveRun& run, RunRecord final_record) {
  std::lock_guard<std::mutex> lock(mu_);
  run.record = std::move(final_record);
  run.progress.stage = "done";
  run.progress.detail.clear();
  run.progress.eta_seconds = 0;
  if (run.record.state == RunState::kSucceeded) run.progress.percent = 100;
  PublishLocked(run, /*final=*/true);
  for (const auto& [id, watcher] : run.watchers) watch_runs_.erase(id);
  running_pipelines_.erase(run.record.pipeline);
  active_.erase(run.record.run_id);  // destroys `run`
  work_.notify_all();                // a queued run of the same pipeline may go now
}

RunRecord RunScheduler::CancelQueuedLocked(ActiveRun& run, const std::string& reason) {
  queue_.erase(std::find(queue_.begin(), queue_.end(), run.record.run_id));
  run.record.state = RunState::kCancelled;
  run.record.finished_at = NowSeconds();
  run.record.error = reason;
  Status recorded = store_->UpdateRun(run.record);
  if (!recorded.ok()) {
    log_->error("run {}: cannot record its cancellation: {}", run.record.run_id,
                recorded.message());
  }
  log_->info("run {} {}", run.record.run_id, reason);
  run.progress.stage = "done";
  PublishLocked(run, /*final=*/true);
  for (const auto& [id, watcher] : run.watchers) watch_runs_.erase(id);
  RunRecord record = run.record;
  active_.erase(record.run_id);  // destroys `run`
  return record;
}

}  // namespace encore
