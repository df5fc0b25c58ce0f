// ExecuteRun: load -> compute -> deliver, each stage in its own file (source_stage,
// method_stage, sink_stage). This file orders them, checks cancellation between them and
// frees each stage's big data as soon as the next one no longer needs it.
#include "daemon/pipeline/run_executor.h"

#include <chrono>
#include <new>

#include "daemon/common/time_zone.h"
#include "daemon/pipeline/method_stage.h"
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

Result<RunOutcome> Execute(const PipelineSpec& spec, const PluginHost& host,
                           const RunControl& control) {
  pipeline::RunContext run(spec, host, control);
  auto zone = TimeZone::Load(spec.time_zone);
  if (!zone.ok()) return zone.status().Wrap("time_zone");
  auto as_of_given = ParseAsOf(spec.as_of, spec.time_zone);
  if (!as_of_given.ok()) return as_of_given.status().Wrap("as_of");
  ENCORE_RETURN_IF_ERROR(CheckLaterConfigs(spec, host));

  // Load.
  const auto load_start = Clock::now();
  auto loaded = pipeline::LoadSources(run);
  if (!loaded.ok()) return loaded.status();
  std::unique_ptr<OrderStore> store = std::move(loaded).value();
  RunOutcome& outcome = run.outcome;
  outcome.load_seconds = SecondsSince(load_start);
  outcome.lines_loaded = static_cast<int64_t>(store->line_count());
  if (run.cancelled()) return Cancelled("run cancelled");

  // Compute. "latest" is the last order's time (the run's start for an empty store).
  const auto compute_start = Clock::now();
  outcome.as_of = as_of_given->has_value()   ? **as_of_given
                  : store->order_count() > 0 ? store->last_order_time()
                                             : control.started_at;
  std::unique_ptr<DatasetView> view = store->View(outcome.as_of, *zone);
  pipeline::ScoreColumns scores;
  ENCORE_RETURN_IF_ERROR(pipeline::RunMethods(run, *view, scores));
  {
    std::lock_guard<std::mutex> lock(run.mu);
    outcome.results = pipeline::BuildResults(*view, scores);
  }
  outcome.customers = static_cast<int64_t>(outcome.results.row_count());
  const encore_dataset_v1& dataset = *view->get();
  int64_t visible_orders = 0;
  for (size_t c = 0; c < dataset.customer_count; ++c) {
    visible_orders += dataset.customer_order_end[c] - dataset.customer_order_begin[c];
  }
  outcome.orders = visible_orders;
  if (control.plan_tasks) {
    outcome.tasks = pipeline::PlanTasks({spec, control.run_id, outcome.as_of, *zone, outcome.events,
                                         outcome.results, dataset, control.open_tasks});
  }
  view.reset();
  store.reset();  // sinks only need the results
  outcome.compute_seconds = SecondsSince(compute_start);
  if (run.cancelled()) return Cancelled("run cancelled");

  // Deliver.
  const auto deliver_start = Clock::now();
  const pipeline::SinkInput input{outcome.results, outcome.metrics, outcome.events, outcome.tasks,
                                  outcome.tables};
  ENCORE_RETURN_IF_ERROR(pipeline::DeliverToSinks(run, input, outcome.as_of));
  outcome.deliver_seconds = SecondsSince(deliver_start);
  return std::move(run.outcome);
}

}  // namespace

Result<RunOutcome> ExecuteRun(const PipelineSpec& spec, const PluginHost& host,
                              const RunControl& control) {
  try {
    return Execute(spec, host, control);
  } catch (const std::bad_alloc&) {
    return Internal("out of memory during the run");
  } catch (const std::exception& e) {
    return Internal(std::string("run failed: ") + e.what());
  }
}

}  // namespace encore
