// A sink for the executor's tests: writes every call and the full content of every table to
// its transcript. Modes:
//   ok             every call succeeds;
//   retry_twice    the first two writes of the customer table answer "retry after 1 ms";
//   retry_forever  every write of the customer table answers "retry after 1 ms";
//   fail_write     the customer table write fails.
#include <encore/sdk/plugin.hpp>

#include <iterator>
#include <sstream>

#include "tests/unit/pipeline/testdata/transcript.h"

namespace encore::pipeline_test {
namespace {

constexpr encore_option_v1 kOptions[] = {
    sdk::Option("mode", ENCORE_OPTION_STRING, "\"ok\"", "What to do.",
                "ok|retry_twice|retry_forever|fail_write"),
    sdk::Option("log", ENCORE_OPTION_STRING, "\"\"", "Transcript file."),
};

std::string Cell(const sdk::Table& t, size_t col, size_t row) {
  if (t.is_null(col, row)) return "null";
  switch (t.column(col).type) {
    case ENCORE_VALUE_I64:
      return std::to_string(t.i64(col, row));
    case ENCORE_VALUE_F64: {
      std::ostringstream out;
      out << t.f64(col, row);
      return out.str();
    }
    default:
      return std::string(t.str(col, row));
  }
}

class TestSink : public sdk::Sink {
 public:
  explicit TestSink(const sdk::PluginContext& context)
      : Sink(context), mode_(context.config.string("mode")), log_(context.config.string("log")) {}

  void check() override { Note(log_, "sink check"); }
  void open(const sdk::RunInfo& run) override {
    Note(log_, "sink open run=" + run.run_id + " pipeline=" + run.pipeline + " as_of=" +
                   std::to_string(run.as_of) + " started_at=" + std::to_string(run.started_at));
  }
  void write(encore_table_kind kind, const sdk::Table& table) override {
    const std::string name = kind == ENCORE_TABLE_CUSTOMERS ? "customers"
                             : kind == ENCORE_TABLE_METRICS ? "metrics"
                             : kind == ENCORE_TABLE_EVENTS  ? "events"
                             : kind == ENCORE_TABLE_TASKS   ? "tasks"
                                                            : "report " + std::string(table.name());
    if (kind == ENCORE_TABLE_CUSTOMERS) {
      ++customer_writes_;
      if ((mode_ == "retry_twice" && customer_writes_ <= 2) || mode_ == "retry_forever") {
        Note(log_, "sink write customers: retry");
        throw sdk::RetryError("busy", 1);
      }
      if (mode_ == "fail_write") {
        Note(log_, "sink write customers: fail");
        throw sdk::Error("disk full");
      }
    }
    std::string line = "sink write " + name + " rows=" + std::to_string(table.row_count()) + " [";
    for (size_t c = 0; c < table.column_count(); ++c) {
      line += (c ? "," : "") + std::string(table.column_name(c));
    }
    line += "]";
    for (size_t r = 0; r < table.row_count(); ++r) {
      line += " ";
      for (size_t c = 0; c < table.column_count(); ++c) line += (c ? "|" : "") + Cell(table, c, r);
    }
    Note(log_, line);
  }
  void flush() override { Note(log_, "sink flush"); }
  void close(bool committed) override {
    Note(log_, std::string("sink close committed=") + (committed ? "1" : "0"));
  }

 private:
  std::string mode_, log_;
  int customer_writes_ = 0;
};

}  // namespace
}  // namespace encore::pipeline_test

#ifdef PIPELINE_TEST_SINK_ABI_1_0
// The same sink claiming ABI 1.0: the executor must not send it the tables 1.1 added.
namespace encore_plugin_export {
const encore_plugin_v1* Entry() {
  static const encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = ::encore::sdk::detail::Glue<encore::pipeline_test::TestSink>::Describe(
        "pipeline_test_sink_v10", "1.0.0", "Records every call; built for ABI 1.0.",
        encore::pipeline_test::kOptions, std::size(encore::pipeline_test::kOptions));
    d.abi_minor = 0;
    return d;
  }();
  return &descriptor;
}
}  // namespace encore_plugin_export
BOOST_DLL_ALIAS_SECTIONED(encore_plugin_export::Entry, encore_plugin_entry_v1, encore)
#else
ENCORE_PLUGIN(encore::pipeline_test::TestSink, "pipeline_test_sink", "1.0.0",
              "Records every call for the executor's tests.", encore::pipeline_test::kOptions)
#endif
