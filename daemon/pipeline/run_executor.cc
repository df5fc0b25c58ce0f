// ExecuteRun: load -> compute -> deliver, each stage in its own file (source_stage,
// method_stage, sink_stage). This file orders them, checks cancellation between them and
// frees each stage's big data as soon as the next one no longer needs it.
#include "daemon/pipeline/run_executor.h"

#include <algorithm>
#include <chrono>
#include <new>
#include <optional>

#include "daemon/common/time_zone.h"
#include "daemon/pipeline/method_stage.h"
#include "daemon/pipeline/purchase_probability.h"
#include "daemon/pipeline/run_context.h"
#include "daemon/pipeline/sink_stage.h"
#include "daemon/pipeline/source_stage.h"
#include "daemon/pipeline/task_planner.h"

namespace encore {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Method and sink configs are checked before the load, which may take a while: a typo in a
// sink's options should not cost a full read of the sources first.
Status CheckLaterConfigs(const PipelineSpec& spec, const PluginHost& host) {
  for (const auto* refs : {&spec.methods, &spec.sinks}) {
    for (const PluginRef& ref : *refs) {
      auto checked = host.ValidateConfig(ref.plugin, ref.name, ref.config);
      if (!checked.ok()) {
        const char* kind = refs == &spec.methods ? "method" : "sink";
        return checked.status().Wrap(std::string(kind) + " '" + ref.name + "'");
      }
    }
  }
  return Status::Ok();
}

struct Loaded {
  TimeZone zone;
  std::optional<int64_t> as_of;  // the spec's; nullopt = latest
  std::unique_ptr<OrderStore> store;
};

// Checks, then reads every source into one store.
Result<Loaded> Load(pipeline::RunContext& run) {
  auto zone = TimeZone::Load(run.spec.time_zone);
  if (!zone.ok()) return zone.status().Wrap("time_zone");
  auto as_of_given = ParseAsOf(run.spec.as_of, run.spec.time_zone);
  if (!as_of_given.ok()) return as_of_given.status().Wrap("as_of");
  ENCORE_RETURN_IF_ERROR(CheckLaterConfigs(run.spec, run.host));
  const auto load_start = Clock::now();
  auto loaded = pipeline::LoadSources(run);
  if (!loaded.ok()) return loaded.status();
  Loaded out{std::move(zone).value(), *as_of_given, std::move(loaded).value()};
  run.outcome.load_seconds = SecondsSince(load_start);
  run.outcome.lines_loaded = static_cast<int64_t>(out.store->line_count());
  if (run.cancelled()) return Cancelled("run cancelled");
  return out;
}

// The methods over the store as of `as_of`; results, events, tables, metrics and (when asked)
// tasks land in run.outcome.
Status Compute(pipeline::RunContext& run, const Loaded& loaded, int64_t as_of) {
  const auto compute_start = Clock::now();
  RunOutcome& outcome = run.outcome;
  outcome.as_of = as_of;
  std::unique_ptr<DatasetView> view = loaded.store->View(as_of, loaded.zone);
  const encore_dataset_v1& dataset = *view->get();
  pipeline::PreviousScores previous(run.previous, run.previous_loader, dataset);
  pipeline::ScoreColumns scores;
  ENCORE_RETURN_IF_ERROR(pipeline::RunMethods(run, *view, scores, previous));
  auto step_start = Clock::now();
  if (std::optional<Metric> moves = pipeline::PurchaseProbability(run.spec.segment_score, previous,
                                                                  run.previous_as_of, dataset)) {
    outcome.metrics.push_back(std::move(*moves));
  }
  {
    std::lock_guard<std::mutex> lock(run.mu);
    outcome.results = pipeline::BuildResults(*view, scores);
  }
  outcome.customers = static_cast<int64_t>(outcome.results.row_count());
  int64_t visible_orders = 0;
  for (size_t c = 0; c < dataset.customer_count; ++c) {
    visible_orders += dataset.customer_order_end[c] - dataset.customer_order_begin[c];
  }
  outcome.orders = visible_orders;
  outcome.compute_steps.emplace_back("results", SecondsSince(step_start));
  if (run.control.plan_tasks) {
    step_start = Clock::now();
    outcome.tasks =
        pipeline::PlanTasks({run.spec, run.control.run_id, as_of, loaded.zone, outcome.events,
                             outcome.results, dataset, run.control.open_tasks});
    outcome.compute_steps.emplace_back("tasks", SecondsSince(step_start));
  }
  outcome.compute_seconds = SecondsSince(compute_start);
  if (run.cancelled()) return Cancelled("run cancelled");
  return Status::Ok();
}

Result<RunOutcome> Execute(const PipelineSpec& spec, const PluginHost& host,
                           const RunControl& control) {
  pipeline::RunContext run(spec, host, control);
  Result<Loaded> loaded = Load(run);
  if (!loaded.ok()) return loaded.status();
  // "latest" is the last order's time (the run's start for an empty store).
  const int64_t as_of = loaded->as_of.has_value()          ? *loaded->as_of
                        : loaded->store->order_count() > 0 ? loaded->store->last_order_time()
                                                           : control.started_at;
  ENCORE_RETURN_IF_ERROR(Compute(run, *loaded, as_of));
  loaded->store.reset();  // sinks only need the results

  RunOutcome& outcome = run.outcome;
  const auto deliver_start = Clock::now();
  const pipeline::SinkInput input{outcome.results, outcome.metrics, outcome.events, outcome.tasks,
                                  outcome.tables};
  ENCORE_RETURN_IF_ERROR(pipeline::DeliverToSinks(run, input, outcome.as_of));
  outcome.deliver_seconds = SecondsSince(deliver_start);
  return std::move(run.outcome);
}

// No exception leaves a run: an allocation failure or a bug fails the run, not the daemon.
template <class Body>
Result<RunOutcome> Guarded(Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Internal("out of memory during the run");
  } catch (const std::exception& e) {
    return Internal(std::string("run failed: ") + e.what());
  }
}

Result<RunOutcome> Backtest(const PipelineSpec& spec, const PluginHost& host,
                            const RunControl& control, std::vector<int64_t> as_ofs,
                            const EarlierDateCallback& on_earlier_date) {
  if (as_ofs.empty()) return InvalidArgument("a backtest needs at least one date");
  std::sort(as_ofs.begin(), as_ofs.end());
  as_ofs.erase(std::unique(as_ofs.begin(), as_ofs.end()), as_ofs.end());
  pipeline::RunContext run(spec, host, control);
  Result<Loaded> loaded = Load(run);
  if (!loaded.ok()) return loaded.status();
  // What every date's outcome shares: the one load.
  const RunOutcome load = run.outcome;
  ResultsTable previous;
  for (size_t i = 0; i < as_ofs.size(); ++i) {
    {
      std::lock_guard<std::mutex> lock(run.mu);
      run.outcome = load;
    }
    run.previous = i == 0 ? control.previous_results : &previous;
    run.previous_loader = i == 0 ? control.previous_loader : nullptr;
    run.previous_as_of = i == 0 ? control.previous_as_of : as_ofs[i - 1];
    ENCORE_RETURN_IF_ERROR(Compute(run, *loaded, as_ofs[i]));
    if (i + 1 == as_ofs.size()) break;
    ENCORE_RETURN_IF_ERROR(on_earlier_date(i, run.outcome));
    previous = std::move(run.outcome.results);
  }
  return std::move(run.outcome);
}
}  // namespace

Result<RunOutcome> ExecuteRun(const PipelineSpec& spec, const PluginHost& host,
                              const RunControl& control) {
  return Guarded([&] { return Execute(spec, host, control); });
}

Result<RunOutcome> ExecuteBacktest(const PipelineSpec& spec, const PluginHost& host,
                                   const RunControl& control, const std::vector<int64_t>& as_ofs,
                                   const EarlierDateCallback& on_earlier_date) {
  return Guarded([&] { return Backtest(spec, host, control, as_ofs, on_earlier_date); });
}

}  // namespace encore
