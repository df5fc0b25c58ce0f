#include "daemon/pipeline/method_stage.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/host/plugin_call.h"
#include "daemon/pipeline/previous_scores.h"
#include "daemon/pipeline/task_text.h"

namespace encore::pipeline {
namespace {

constexpr double kComputeFrom = 60, kComputeTo = 90;

std::string Text(encore_str s) { return std::string(s.data == nullptr ? "" : s.data, s.size); }

// The ctx behind one method's encore_method_io_v1.
struct MethodCall {
  RunContext& run;
  const std::string& instance;
  ScoreColumns& scores;
  PreviousScores& previous;
  const encore_dataset_v1& dataset;
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

bool IsEventType(std::string_view type) {
  if (type.empty() || type.size() > 64) return false;
  for (char c : type) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Checks one event and resolves its customer; the reason it is refused otherwise.
Status ToCustomerEvent(const MethodCall& call, const encore_event_v1& in, CustomerEvent& out) {
  if (in.customer >= call.dataset.customer_count) {
    return InvalidArgument("event for customer index " + std::to_string(in.customer) +
                           " outside the dataset");
  }
  if (call.dataset.customer_order_begin[in.customer] ==
      call.dataset.customer_order_end[in.customer]) {
    return InvalidArgument("event for a customer without orders as of the run");
  }
  out.type = Text(in.type);
  if (!IsEventType(out.type)) {
    return InvalidArgument("event type '" + out.type + "' is not snake_case (a-z, 0-9, _)");
  }
  if (in.priority < 0 || in.priority > 3) {
    return InvalidArgument("event '" + out.type + "': priority " + std::to_string(in.priority) +
                           " is not 0..3");
  }
  std::string evidence = Text(in.evidence_json);
  if (!evidence.empty()) {
    if (!IsJsonObject(evidence)) {
      return InvalidArgument("event '" + out.type + "': evidence is not a JSON object");
    }
    out.evidence_json = std::move(evidence);
  }
  const encore_str key = call.dataset.customer_key[in.customer];
  out.customer_id.assign(key.data, key.size);
  out.customer_index = in.customer;
  out.subject = Text(in.subject);
  out.priority = in.priority;
  out.due_at = in.due_at;
  out.method = call.instance;
  return Status::Ok();
}

// All or nothing: one bad event refuses the batch, so a method never half-reports.
int32_t PutEvents(void* ctx, const encore_event_v1* events, size_t count) {
  MethodCall& call = Call(ctx);
  std::vector<CustomerEvent> accepted(count);
  Status status =
      count > 0 && events == nullptr ? InvalidArgument("put_events without events") : Status::Ok();
  for (size_t i = 0; i < count && status.ok(); ++i) {
    status = ToCustomerEvent(call, events[i], accepted[i]);
  }
  std::lock_guard<std::mutex> lock(call.run.mu);
  if (!status.ok()) {
    call.refused = std::move(status);
    return ENCORE_FATAL;
  }
  auto& out = call.run.outcome.events;
  out.insert(out.end(), std::make_move_iterator(accepted.begin()),
             std::make_move_iterator(accepted.end()));
  return ENCORE_OK;
}

const encore_column_v1* FindPreviousScores(void* ctx, encore_str name) {
  return Call(ctx).previous.Find(
      std::string_view(name.data == nullptr ? "" : name.data, name.size));
}

bool TableExists(const RunOutcome& outcome, const std::string& name) {
  for (const ReportTable& table : outcome.tables) {
    if (table.name == name) return true;
  }
  return false;
}

int32_t PutTable(void* ctx, encore_str name, const encore_table_v1* table) {
  MethodCall& call = Call(ctx);
  ReportTable out;
  out.name = Text(name);
  out.method = call.instance;
  Status status = Status::Ok();
  if (out.name.empty()) status = InvalidArgument("a table without a name");
  if (status.ok() && table == nullptr) status = InvalidArgument("table '" + out.name + "': none");
  if (status.ok()) {
    out.row_count = table->row_count;
    ScoreColumns columns(/*per_customer=*/false);  // the same checks and copy as scores
    for (size_t c = 0; c < table->column_count && status.ok(); ++c) {
      status = columns.Add(table->columns[c], table->row_count);
    }
    if (status.ok()) out.columns = columns.Take();
    if (!status.ok()) status = status.Wrap("table '" + out.name + "'");
  }
  std::lock_guard<std::mutex> lock(call.run.mu);
  if (status.ok() && TableExists(call.run.outcome, out.name)) {
    status = AlreadyExists("table '" + out.name + "' was put already");
  }
  if (!status.ok()) {
    call.refused = std::move(status);
    return ENCORE_FATAL;
  }
  call.run.outcome.tables.push_back(std::move(out));
  return ENCORE_OK;
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

Status RunMethod(RunContext& run, size_t index, const DatasetView& view, ScoreColumns& scores,
                 PreviousScores& previous) {
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
                  previous,
                  *view.get(),
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
  io.put_events = &PutEvents;
  io.previous_as_of = run.previous_as_of;
  io.find_previous_scores = &FindPreviousScores;
  io.put_table = &PutTable;

  run.Progress("compute", ref.name, call.from, call.to, 0, run.outcome.lines_loaded);
  const auto start = std::chrono::steady_clock::now();
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
  std::lock_guard<std::mutex> lock(run.mu);
  if (!call.refused.ok()) call.Warn(call.refused.message());
  run.outcome.compute_steps.emplace_back(
      ref.name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
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

Status RunMethods(RunContext& run, const DatasetView& view, ScoreColumns& scores,
                  PreviousScores& previous) {
  for (size_t i = 0; i < run.spec.methods.size(); ++i) {
    if (run.cancelled()) return Cancelled("run cancelled");
    ENCORE_RETURN_IF_ERROR(RunMethod(run, i, view, scores, previous));
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
      KeepRows(column.str.codes(), rows);  // the distinct values stay as they are
      KeepRows(column.null_mask, rows);
    }
  }
  return table;
}

}  // namespace encore::pipeline
