// A source for the executor's tests. Modes:
//   lines      five fixed lines on two lanes (lane 0 only when max_lanes is 1), two row errors,
//              a counter, progress and a cursor "after:<cursor given>";
//   fail       read() fails;  check_fail: check() fails;
//   bad_batch  emits a batch whose line 17 has no customer id;
//   slow       emits one line at a time until stop_requested(), then stops as cancelled.
#include <encore/sdk/plugin.hpp>

#include "tests/unit/pipeline/testdata/transcript.h"

namespace encore::pipeline_test {
namespace {

constexpr encore_option_v1 kOptions[] = {
    sdk::Option("mode", ENCORE_OPTION_STRING, "\"lines\"", "What to do.",
                "lines|fail|check_fail|bad_batch|slow"),
    sdk::Option("log", ENCORE_OPTION_STRING, "\"\"", "Transcript file."),
};

class TestSource : public sdk::Source {
 public:
  explicit TestSource(const sdk::PluginContext& context)
      : Source(context), mode_(context.config.string("mode")), log_(context.config.string("log")) {}

  void check() override {
    Note(log_, "source check");
    if (mode_ == "check_fail") throw sdk::Error("shop unreachable: connection refused");
  }

  void read(sdk::SourceContext& context) override {
    Note(log_, "source read cursor=" + std::string(context.cursor()) +
                   " lanes=" + std::to_string(context.max_lanes()));
    if (mode_ == "fail") throw sdk::Error("orders.csv:3: column 'quantity': not a number");
    if (mode_ == "slow") return Slow(context);
    sdk::LineBatch first, second;
    if (mode_ == "bad_batch") {
      first.add("o1", "A", 1000, "P1", 1000, 100, "", 16);
      first.add("o2", "", 1000, "P1", 1000, 100, "", 17);
      context.emit(0, first);
      return;
    }
    first.add("o1", "A", 1000, "P1", 2000, 500, "M1", 2);
    first.add("o1", "A", 1000, "P2", 1000, 300, "", 3);
    first.add("o2", "B", 2000, "P1", 1000, 250, "M2", 4);
    second.add("o3", "C", 3000, "P3", 1000, 700, "", 5);
    second.add("o2", "A", 4000, "P2", -1000, -300, "", 6);
    context.progress(0, 100);
    context.emit(0, first);
    context.row_error("test.csv:7", "customer_id", "empty");
    context.progress(50, 100);
    context.emit(context.max_lanes() > 1 ? 1 : 0, second);
    context.row_error("test.csv:9", "quantity", "not a number");
    context.count("rows_without_customer", 2);
    context.count("rows_without_customer", 1);
    context.set_cursor("after:" + std::string(context.cursor()));
    context.progress(100, 100);
  }

 private:
  void Slow(sdk::SourceContext& context) {
    sdk::LineBatch batch;
    batch.add("o1", "A", 1000, "P1", 1000, 100, "", 1);
    for (int i = 0; i < 1000000; ++i) {
      context.emit(0, batch);
      context.progress(i % 100, 100);
      if (context.stop_requested()) {
        Note(log_, "source stopped");
        throw sdk::Cancelled();
      }
    }
  }

  std::string mode_, log_;
};

}  // namespace
}  // namespace encore::pipeline_test

ENCORE_PLUGIN(encore::pipeline_test::TestSource, "pipeline_test_source", "1.0.0",
              "Fixed order lines for the executor's tests.", encore::pipeline_test::kOptions)
