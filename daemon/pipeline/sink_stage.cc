#include "daemon/pipeline/sink_stage.h"

#include <memory>
#include <string>

#include "daemon/host/plugin_call.h"
#include "daemon/pipeline/sink_tables.h"

namespace encore::pipeline {
namespace {

constexpr double kDeliverFrom = 90, kDeliverTo = 100;

struct OpenSink {
  std::unique_ptr<PluginInstance> instance;
  std::string name;
  std::string who;  // "sink 'files'"
  bool opened = false;
  bool closed = false;
};

class Delivery {
 public:
  Delivery(RunContext& run, const RetryPolicy& retry) : run_(run), retry_(retry) {}
  ~Delivery() { Abort(); }

  Status Run(const SinkInput& input, int64_t as_of) {
    ENCORE_RETURN_IF_ERROR(CreateAll());
    if (sinks_.empty()) return Status::Ok();  // no table views to build for nobody
    const SinkTables tables(input);
    encore_run_info_v1 info{};
    info.struct_size = sizeof(info);
    info.run_id = encore_str{run_.control.run_id.data(), run_.control.run_id.size()};
    info.pipeline = encore_str{run_.spec.name.data(), run_.spec.name.size()};
    info.as_of = as_of;
    info.started_at = run_.control.started_at;

    for (OpenSink& sink : sinks_) {
      ENCORE_RETURN_IF_ERROR(Call(sink, [&](const encore_plugin_v1& p, void* self,
                                            encore_error* e) { return p.sink_check(self, e); }));
    }
    for (OpenSink& sink : sinks_) {
      ENCORE_RETURN_IF_ERROR(
          Call(sink, [&](const encore_plugin_v1& p, void* self, encore_error* e) {
            return p.sink_open(self, &info, e);
          }));
      sink.opened = true;
    }
    for (size_t i = 0; i < sinks_.size(); ++i) {
      OpenSink& sink = sinks_[i];
      run_.Progress("deliver", sink.name, kDeliverFrom, kDeliverTo,
                    static_cast<double>(i) / sinks_.size(), run_.outcome.lines_loaded);
      ENCORE_RETURN_IF_ERROR(Write(sink, ENCORE_TABLE_CUSTOMERS, tables.customers()));
      ENCORE_RETURN_IF_ERROR(Write(sink, ENCORE_TABLE_METRICS, tables.metrics()));
      // A sink built against ABI 1.0 does not know the later tables.
      if (sink.instance->descriptor().abi_minor < 1) continue;
      ENCORE_RETURN_IF_ERROR(Write(sink, ENCORE_TABLE_EVENTS, tables.events()));
      ENCORE_RETURN_IF_ERROR(Write(sink, ENCORE_TABLE_TASKS, tables.tasks()));
      for (const encore_table_v1* report : tables.reports()) {
        ENCORE_RETURN_IF_ERROR(Write(sink, ENCORE_TABLE_REPORT, report));
      }
    }
    for (OpenSink& sink : sinks_) {
      ENCORE_RETURN_IF_ERROR(Call(sink, [&](const encore_plugin_v1& p, void* self,
                                            encore_error* e) { return p.sink_flush(self, e); }));
    }
    if (run_.cancelled()) return Cancelled("run cancelled");
    for (OpenSink& sink : sinks_) {
      ENCORE_RETURN_IF_ERROR(Call(sink, [&](const encore_plugin_v1& p, void* self,
                                            encore_error* e) { return p.sink_close(self, 1, e); }));
      sink.closed = true;
    }
    run_.Progress("deliver", "", kDeliverFrom, kDeliverTo, 1.0, run_.outcome.lines_loaded);
    return Status::Ok();
  }

 private:
  Status CreateAll() {
    for (const PluginRef& ref : run_.spec.sinks) {
      OpenSink sink;
      sink.name = ref.name;
      sink.who = "sink '" + ref.name + "'";
      auto created = run_.host.Create(ref.plugin, ref.name, ref.config);
      if (!created.ok()) return created.status().Wrap(sink.who);
      sink.instance = std::move(created).value();
      if (sink.instance->kind() != PluginKind::kSink) {
        return FailedPrecondition(sink.who + ": plugin '" + ref.plugin + "' is a " +
                                  PluginKindName(sink.instance->kind()) + ", not a sink");
      }
      sinks_.push_back(std::move(sink));
    }
    return Status::Ok();
  }

  Status Write(OpenSink& sink, encore_table_kind kind, const encore_table_v1* table) {
    return Call(sink, [&](const encore_plugin_v1& p, void* self, encore_error* e) {
      return p.sink_write(self, kind, table, e);
    });
  }

  template <class Verb>
  Status Call(OpenSink& sink, Verb verb) {
    if (run_.cancelled()) return Cancelled("run cancelled");
    const encore_plugin_v1& plugin = sink.instance->descriptor();
    void* self = sink.instance->handle();
    return CallWithRetry(run_, sink.who, retry_,
                         [&](encore_error* error) { return verb(plugin, self, error); });
  }

  // Closes every sink that was opened and not committed, without committing. Their own
  // errors cannot change the run's outcome any more, so they are only noted.
  void Abort() {
    for (OpenSink& sink : sinks_) {
      if (!sink.opened || sink.closed) continue;
      encore_error error = NewPluginError();
      const int32_t code =
          sink.instance->descriptor().sink_close(sink.instance->handle(), 0, &error);
      sink.closed = true;
      if (code != ENCORE_OK) {
        std::lock_guard<std::mutex> lock(run_.mu);
        run_.outcome.warnings.push_back(sink.who +
                                        ": close after failure: " + PluginMessage(error));
      }
    }
  }

  RunContext& run_;
  const RetryPolicy& retry_;
  std::vector<OpenSink> sinks_;
};

}  // namespace

Status DeliverToSinks(RunContext& run, const SinkInput& input, int64_t as_of,
                      const RetryPolicy& retry) {
  Delivery delivery(run, retry);
  return delivery.Run(input, as_of);
}

}  // namespace encore::pipeline
