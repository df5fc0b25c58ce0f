// A source for scheduler tests: emits five fixed order lines of three customers, then either
// returns, holds until the host asks it to stop (hold: true), or fails with a given message
// (fail: "..."). Holding lets a test observe a run that is running, deterministically.
#include <encore/sdk/plugin.hpp>

#include <chrono>
#include <thread>

namespace encore::plugins::scheduler_test {
namespace {

constexpr encore_option_v1 kOptions[] = {
    sdk::Option("hold", ENCORE_OPTION_BOOL, "false", "Wait for stop_requested() after emitting."),
    sdk::Option("fail", ENCORE_OPTION_STRING, "\"\"", "Fail the read with this message."),
};

constexpr int64_t kJan1 = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int64_t kDay = 86400;

class SchedulerTestSource : public sdk::Source {
 public:
  explicit SchedulerTestSource(const sdk::PluginContext& context)
      : Source(context),
        hold_(context.config.boolean("hold")),
        fail_(context.config.string("fail")) {}

  void read(sdk::SourceContext& context) override {
    if (!fail_.empty()) throw sdk::Error(fail_);
    sdk::LineBatch batch;
    // customer c1: two orders; c2: one; c3: one order and a return booked as its own order.
    batch.add("o1", "c1", kJan1, "p1", 1000, 1000, "", 1);
    batch.add("o2", "c1", kJan1 + 19 * kDay, "p2", 1000, 500, "", 2);
    batch.add("o3", "c2", kJan1 + 9 * kDay, "p1", 1000, 750, "", 3);
    batch.add("o4", "c3", kJan1 + 29 * kDay, "p3", 2000, 10000, "", 4);
    batch.add("o5", "c3", kJan1 + 30 * kDay, "p3", -1000, -2000, "", 5);
    context.emit(0, batch);
    context.count("test_lines", static_cast<int64_t>(batch.size()));
    context.progress(5, 5);
    if (!hold_) return;
    // Polling is what a real source does between batches; the test waits on run events.
    while (!context.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    throw sdk::Cancelled();
  }

 private:
  bool hold_;
  std::string fail_;
};

}  // namespace
}  // namespace encore::plugins::scheduler_test

ENCORE_PLUGIN(encore::plugins::scheduler_test::SchedulerTestSource, "scheduler_test_source",
              "1.0.0", "Fixed order lines for scheduler tests.",
              encore::plugins::scheduler_test::kOptions)
