#include "daemon/pipeline/source_stage.h"

#include <algorithm>
#include <string>
#include <thread>

#include "daemon/host/plugin_call.h"

namespace encore::pipeline {
namespace {

constexpr double kLoadFrom = 0, kLoadTo = 60;

std::string View(encore_str s) { return std::string(s.data == nullptr ? "" : s.data, s.size); }

// The ctx behind one source's encore_source_io_v1.
struct SourceCall {
  SourceCall(RunContext& run, const std::string& instance, OrderStoreBuilder& builder,
             int first_lane, int lanes, double from, double to)
      : run(run),
        instance(instance),
        builder(builder),
        first_lane(first_lane),
        lanes(lanes),
        from(from),
        to(to) {}

  RunContext& run;
  const std::string& instance;
  OrderStoreBuilder& builder;
  int first_lane;
  int lanes;
  double from, to;  // this source's share of the run's percent

  std::mutex mu;
  Status refused;  // why the store refused a batch; the source is told to stop
  std::atomic<bool> stop{false};

  void Refuse(Status status) {
    std::lock_guard<std::mutex> lock(mu);
    if (refused.ok()) refused = std::move(status);
    stop = true;
  }
};

SourceCall& Call(void* ctx) { return *static_cast<SourceCall*>(ctx); }

int32_t Emit(void* ctx, int32_t lane, const encore_line_batch_v1* batch) {
  SourceCall& call = Call(ctx);
  if (call.stop.load(std::memory_order_relaxed) || call.run.cancelled()) return ENCORE_CANCELLED;
  if (lane < 0 || lane >= call.lanes) {
    call.Refuse(InvalidArgument("emitted on lane " + std::to_string(lane) + " but max_lanes is " +
                                std::to_string(call.lanes)));
    return ENCORE_CANCELLED;
  }
  if (batch == nullptr) {
    call.Refuse(InvalidArgument("emitted no batch"));
    return ENCORE_CANCELLED;
  }
  Status status = call.builder.Append(call.first_lane + lane, *batch);
  if (!status.ok()) {
    call.Refuse(std::move(status));
    return ENCORE_CANCELLED;
  }
  return ENCORE_OK;
}

void Progress(void* ctx, int64_t done, int64_t total) {
  SourceCall& call = Call(ctx);
  const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
  call.run.Progress("load", call.instance, call.from, call.to, fraction, call.builder.line_count());
}

int32_t StopRequested(void* ctx) {
  SourceCall& call = Call(ctx);
  return call.run.cancelled() || call.stop.load(std::memory_order_relaxed) ? 1 : 0;
}

void RowError(void* ctx, encore_str location, encore_str field, encore_str reason) {
  SourceCall& call = Call(ctx);
  std::lock_guard<std::mutex> lock(call.run.mu);
  RunOutcome& outcome = call.run.outcome;
  ++outcome.row_error_count;
  if (outcome.first_row_errors.size() < kMaxRowErrorsKept) {
    outcome.first_row_errors.push_back({call.instance, View(location), View(field), View(reason)});
  }
}

void Count(void* ctx, encore_str counter, int64_t delta) {
  SourceCall& call = Call(ctx);
  std::lock_guard<std::mutex> lock(call.run.mu);
  call.run.outcome.counters[View(counter)] += delta;
}

void SetCursor(void* ctx, encore_str cursor) {
  SourceCall& call = Call(ctx);
  std::lock_guard<std::mutex> lock(call.run.mu);
  call.run.outcome.cursors[call.instance] = View(cursor);
}

int LanesPerSource(const RunControl& control) {
  if (control.lanes > 0) return control.lanes;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

Status ReadSource(RunContext& run, size_t index, OrderStoreBuilder& builder, int lanes) {
  const PluginRef& ref = run.spec.sources[index];
  const std::string who = "source '" + ref.name + "'";
  auto created = run.host.Create(ref.plugin, ref.name, ref.config);
  if (!created.ok()) return created.status().Wrap(who);
  std::unique_ptr<PluginInstance> instance = std::move(created).value();
  if (instance->kind() != PluginKind::kSource) {
    return FailedPrecondition(who + ": plugin '" + ref.plugin + "' is a " +
                              PluginKindName(instance->kind()) + ", not a source");
  }
  const encore_plugin_v1& plugin = instance->descriptor();

  encore_error error = NewPluginError();
  int32_t code = plugin.source_check(instance->handle(), &error);
  if (code != ENCORE_OK) return PluginCallStatus(code, error, who);
  if (run.cancelled()) return Cancelled("run cancelled");

  const size_t sources = run.spec.sources.size();
  SourceCall call(run, ref.name, builder, static_cast<int>(index) * lanes, lanes,
                  kLoadFrom + (kLoadTo - kLoadFrom) * index / sources,
                  kLoadFrom + (kLoadTo - kLoadFrom) * (index + 1) / sources);
  const auto cursor = run.control.cursors.find(ref.name);
  encore_source_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = &call;
  if (cursor != run.control.cursors.end()) {
    io.cursor = encore_str{cursor->second.data(), cursor->second.size()};
  }
  io.max_lanes = lanes;
  io.emit = &Emit;
  io.progress = &Progress;
  io.stop_requested = &StopRequested;
  io.row_error = &RowError;
  io.count = &Count;
  io.set_cursor = &SetCursor;

  error = NewPluginError();
  code = plugin.source_read(instance->handle(), &io, &error);
  instance.reset();  // release the source's memory before the store is merged
  if (!call.refused.ok()) return call.refused.Wrap(who);
  if (run.cancelled()) return Cancelled("run cancelled");
  if (code != ENCORE_OK) return PluginCallStatus(code, error, who);
  run.Progress("load", ref.name, call.from, call.to, 1.0, builder.line_count());
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<OrderStore>> LoadSources(RunContext& run) {
  const int lanes = LanesPerSource(run.control);
  const size_t sources = run.spec.sources.size();
  OrderStoreBuilder builder(lanes * static_cast<int>(std::max<size_t>(sources, 1)));
  for (size_t i = 0; i < sources; ++i) {
    if (run.cancelled()) return Cancelled("run cancelled");
    ENCORE_RETURN_IF_ERROR(ReadSource(run, i, builder, lanes));
  }
  if (run.cancelled()) return Cancelled("run cancelled");
  auto store = builder.Finish(run.spec.currency);
  if (!store.ok()) return store.status().Wrap("load");
  return store;
}

}  // namespace encore::pipeline
