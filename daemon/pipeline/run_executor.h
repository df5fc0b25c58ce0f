// Executes one run of a pipeline: read every source into an OrderStore, run the methods in
// order over a dataset view, collect per-customer results and metrics, deliver them to the
// sinks. Knows nothing about gRPC or the state database: the scheduler records what it returns.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"
#include "daemon/common/task.h"
#include "daemon/config/pipeline_spec.h"

namespace encore {

class PluginHost;

struct RunProgress {
  std::string stage;        // "load", "compute", "deliver", "commit"
  int64_t rows_read = 0;    // order lines loaded so far
  double percent = 0;       // 0..100 over the whole run
  double eta_seconds = -1;  // -1 = unknown
  std::string detail;       // e.g. "rfm", "files"
};

struct RowError {
  std::string source;    // instance name
  std::string location;  // "orders.csv:17"
  std::string field;     // column name
  std::string reason;
};

struct RunOutcome {
  int64_t as_of = 0;  // UTC seconds actually used
  int64_t lines_loaded = 0;
  int64_t orders = 0;
  int64_t customers = 0;                    // customers with results
  std::map<std::string, int64_t> counters;  // from sources, e.g. rows_without_customer
  int64_t row_error_count = 0;
  std::vector<RowError> first_row_errors;  // at most kMaxRowErrorsKept
  std::vector<std::string> warnings;
  std::vector<Metric> metrics;
  std::vector<CustomerEvent> events;  // in the order the methods put them
  std::vector<ReportTable> tables;
  std::vector<Task> tasks;  // opened, refreshed or closed by this run
  ResultsTable results;
  std::map<std::string, std::string> cursors;  // source instance -> cursor to commit
  double load_seconds = 0, compute_seconds = 0, deliver_seconds = 0;
  // Wall seconds of each part of compute, in order: every method instance by name, then
  // "results" and "tasks" (what the daemon adds around the methods).
  std::vector<std::pair<std::string, double>> compute_steps;
};

struct RunControl {
  std::string run_id;
  int64_t started_at = 0;
  std::map<std::string, std::string> cursors;           // committed cursors of the previous run
  std::atomic<bool>* cancel = nullptr;                  // set to true to stop the run
  std::function<void(const RunProgress&)> on_progress;  // called from the run's threads
  int lanes = 0;                                        // source threads; 0 = hardware concurrency
  // The previous succeeded run of the pipeline, for methods' find_previous_scores: either in
  // memory (previous_results) or loaded one score at a time on first use (previous_loader:
  // that one score, with the customer ids on the first successful call (they may be left out
  // on later ones); NotFound when the run has no such score). Neither set
  // = there is no previous run.
  const ResultsTable* previous_results = nullptr;
  std::function<Result<ResultsTable>(const std::string& score)> previous_loader;
  int64_t previous_as_of = 0;
  // The pipeline's open tasks, refreshed or closed by this run (see pipeline/task_planner.h);
  // plan_tasks = false (a backtest) turns events into no tasks at all.
  std::vector<Task> open_tasks;
  bool plan_tasks = true;
};

inline constexpr size_t kMaxRowErrorsKept = 100;

// Failure statuses name the stage and plugin instance ("source 'orders': orders.csv:17: ...").
// A cancelled run returns StatusCode::kCancelled.
//
// What the outcome holds: `orders` counts the orders visible as of `as_of`; `customers` and the
// results' rows are the customers with at least one of them, in store order. Source counters
// are summed under the name the source gives (not prefixed by the instance); metrics keep the
// name the method gives (methods prefix their own, "rfm.customers"), and a second metric of the
// same name is refused with a warning; warnings read "method '<instance>': <message>".
// Progress: load 0..60% (bytes or rows as the source reports them), compute 60..90%, deliver
// 90..100%; eta_seconds extrapolates the run's pace so far. Method and sink configs and the
// time zone and as_of are checked before any source is read.
Result<RunOutcome> ExecuteRun(const PipelineSpec& spec, const PluginHost& host,
                              const RunControl& control);

// Called with the outcome of each backtest date but the last, in date order; an error stops
// the backtest. The outcome's results may be moved from only after the call (the next date
// compares against them).
using EarlierDateCallback = std::function<Status(size_t index, const RunOutcome& outcome)>;

// A backtest: the pipeline as of each of `as_ofs` (sorted, duplicates dropped) over ONE load of
// the sources, each date's methods comparing against the previous date (the first against the
// control's previous run, if any), so transitions, events and sizes over time exist at once.
// The last date's outcome is returned; earlier ones go to `on_earlier_date`. Backtests deliver
// to no sink; tasks follow control.plan_tasks (the scheduler turns them off). Each date after
// the first gets the metric transitions.purchase_probability (see purchase_probability.h).
Result<RunOutcome> ExecuteBacktest(const PipelineSpec& spec, const PluginHost& host,
                                   const RunControl& control, const std::vector<int64_t>& as_ofs,
                                   const EarlierDateCallback& on_earlier_date);

}  // namespace encore
