#include "daemon/pipeline/method_stage.h"

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/host/plugin_call.h"

namespace encore::pipeline {
namespace {

constexpr double kComputeFrom = 60, kComputeTo = 90;

std::string Text(encore_str s) { return std::string(s.data == nullptr ? "" : s.data, s.size); }

// The ctx behind one method's encore_method_io_v1.
struct MethodCall {
  RunContext& run;
  const std::string& instance;
  ScoreColumns& scores;
  size_t rows;
  double from, to;
  Status refused;  // the last put the host refused, reported if the method then fails

  void Warn(const std::string& message) {  // caller holds run.mu
    run.outcome.warnings.push_back("method '" + instance + "': " + message);
  }
};

MethodCall& Call(void* ctx) { return *static_cast<MethodCall*>(ctx); }

int32_t PutScores(void* ctx, const encore_column_v1* column) {
  MethodCall& call = Call(ctx);
  std::lock_guard<std::mutex> lock(call.run.mu);
  Status status = column == nullptr ? InvalidArgument("put_scores without a column")
                                    : call.scores.Add(*column, call.rows);
  if (status.ok()) return ENCORE_OK;
  call.refused = std::move(status);
  return ENCORE_FATAL;
}

const encore_column_v1* FindScores(void* ctx, encore_str name) {
  MethodCall& call = Call(ctx);
  std::lock_guard<std::mutex> lock(call.run.mu);
  return call.scores.Find(std::string_view(name.data == nullptr ? "" : name.data, name.size));
}

bool MetricExists(const RunOutcome& outcome, const std::string& name) {
  for (const Metric& metric : outcome.metrics) {
    if (metric.name == name) return true;
  }
  return false;
}

int32_t AddMetric(MethodCall& call, Metric metric) {
  std::lock_guard<std::mutex> lock(call.run.mu);
  if (metric.name.empty()) {
    call.Warn("a metric without a name was ignored");
    return ENCORE_FATAL;
  }
  if (MetricExists(call.run.outcome, metric.name)) {
    call.Warn("metric '" + metric.name + "' was put twice; the first value is kept");
    return ENCORE_FATAL;
  }
  call.run.outcome.metrics.push_back(std::move(metric));
  return ENCORE_OK;
}

int32_t PutMetric(void* ctx, encore_str name, double value, encore_str unit) {
  return AddMetric(Call(ctx), Metric{Text(name), value, Text(unit), ""});
}

int32_t PutMetricJson(void* ctx, encore_str name, encore_str json) {
  MethodCall& call = Call(ctx);
  std::string text = Text(json);
  if (!nlohmann::json::accept(text)) {
    std::lock_guard<std::mutex> lock(call.run.mu);
    call.Warn("metric '" + Text(name) + "' is not valid JSON and was ignored");
    return ENCORE_FATAL;
  }
  return AddMetric(call, Metric{Text(name), 0, "", std::move(text)});
}

void Warn(void* ctx, encore_str message) {
  MethodCall& call = Call(ctx);
  std::lock_guard<std::mutex> lock(call.run.mu);
  call.Warn(Text(message));
}

void Progress(void* ctx, int64_t done, int64_t total) {
  MethodCall& call = Call(ctx);
  const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
  call.run.Progress("compute", call.instance, call.from, call.to, fraction,
                    call.run.outcome.lines_loaded);
}

int32_t StopRequested(void* ctx) { return Call(ctx).run.cancelled() ? 1 : 0; }

Status RunMethod(RunContext& run, size_t index, const DatasetView& view, ScoreColumns& scores) {
  const PluginRef& ref = run.spec.methods[index];
  const std::string who = "method '" + ref.name + "'";
  auto created = run.host.Create(ref.plugin, ref.name, ref.config);
  if (!created.ok()) return created.status().Wrap(who);
  const std::unique_ptr<PluginInstance> instance = std::move(created).value();
  if (instance->kind() != PluginKind::kMethod) {
    return FailedPrecondition(who + ": plugin '" + ref.plugin + "' is a " +
                              PluginKindName(instance->kind()) + ", not a method");
  }
  const size_t methods = run.spec.methods.size();
  MethodCall call{run,
                  ref.name,
                  scores,
                  view.get()->customer_count,
                  kComputeFrom + (kComputeTo - kComputeFrom) * index / methods,
                  kComputeFrom + (kComputeTo - kComputeFrom) * (index + 1) / methods,
                  Status::Ok()};
  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = &call;
  io.put_scores = &PutScores;
  io.find_scores = &FindScores;
  io.put_metric = &PutMetric;
  io.put_metric_json = &PutMetricJson;
  io.warn = &Warn;
  io.progress = &Progress;
  io.stop_requested = &StopRequested;

  run.Progress("compute", ref.name, call.from, call.to, 0, run.outcome.lines_loaded);
  encore_error error = NewPluginError();
  const int32_t code =
      instance->descriptor().method_run(instance->handle(), view.get(), &io, &error);
  if (run.cancelled()) return Cancelled("run cancelled");
  if (code != ENCORE_OK) {
    const Status failed = PluginCallStatus(code, error, who);
    return call.refused.ok()
               ? failed
               : Status(failed.code(), failed.message() + " (" + call.refused.message() + ")");
  }
  if (!call.refused.ok()) {
    std::lock_guard<std::mutex> lock(run.mu);
    call.Warn(call.refused.message());
  }
  return Status::Ok();
}

template <class T>
void KeepRows(std::vector<T>& values, const std::vector<uint32_t>& rows) {
  if (values.empty()) return;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] != i) values[i] = std::move(values[rows[i]]);  // rows ascend: rows[i] >= i
  }
  values.resize(rows.size());
  values.shrink_to_fit();
}

}  // namespace

Status RunMethods(RunContext& run, const DatasetView& view, ScoreColumns& scores) {
  for (size_t i = 0; i < run.spec.methods.size(); ++i) {
    if (run.cancelled()) return Cancelled("run cancelled");
    ENCORE_RETURN_IF_ERROR(RunMethod(run, i, view, scores));
  }
  return Status::Ok();
}

ResultsTable BuildResults(const DatasetView& view, ScoreColumns& scores) {
  const encore_dataset_v1& d = *view.get();
  ResultsTable table;
  table.columns = scores.Take();
  table.customer_ids.reserve(view.visible_customer_count());
  const bool everyone = view.visible_customer_count() == d.customer_count;
  std::vector<uint32_t> rows;
  for (size_t c = 0; c < d.customer_count; ++c) {
    if (!everyone && !view.visible(c)) continue;
    table.customer_ids.emplace_back(d.customer_key[c].data, d.customer_key[c].size);
    if (!everyone) rows.push_back(static_cast<uint32_t>(c));
  }
  if (!everyone) {
    for (ScoreColumn& column : table.columns) {
      KeepRows(column.i64, rows);
      KeepRows(column.f64, rows);
      KeepRows(column.str, rows);
      KeepRows(column.null_mask, rows);
    }
  }
  return table;
}

}  // namespace encore::pipeline
