// Benchmark of the segments plugin as the daemon calls it: the built encore_segments.so, loaded
// through the SDK test loader, run over a dataset view of N visible customers whose R and F
// scores (1..5, uniform) answer find_scores() as rfm's would. put_scores() only records the
// call, so the figure is the method alone (the daemon's copy of the columns is its own cost).
// A previous run is played too: its `segment` column is this run's with `moved` percent of the
// customers in another segment, so that many segment_up / segment_down events are made (and
// only counted by put_events).
//
//   bench_segments [customers=1000000] [repeat=5] [moved=10]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

struct FakeIo {
  encore_column_v1 r{}, f{}, previous_segment{};
  int64_t columns_put = 0;
  std::atomic<int64_t> events{0};                       // put_events is called from several threads
  std::vector<std::string>* capture_segment = nullptr;  // the first run keeps its segments
};

int32_t PutScores(void* ctx, const encore_column_v1* column) {
  auto* io = static_cast<FakeIo*>(ctx);
  ++io->columns_put;
  if (io->capture_segment != nullptr &&
      std::string(column->name.data, column->name.size) == "segment") {
    const auto* values = static_cast<const encore_str*>(column->values);
    for (size_t c = 0; c < io->capture_segment->size(); ++c) {
      (*io->capture_segment)[c].assign(values[c].data, values[c].size);
    }
  }
  return ENCORE_OK;
}
int32_t PutEvents(void* ctx, const encore_event_v1*, size_t count) {
  static_cast<FakeIo*>(ctx)->events += static_cast<int64_t>(count);
  return ENCORE_OK;
}
const encore_column_v1* FindPreviousScores(void* ctx, encore_str name) {
  auto* io = static_cast<FakeIo*>(ctx);
  return std::string(name.data, name.size) == "segment" ? &io->previous_segment : nullptr;
}
int32_t PutTable(void*, encore_str, const encore_table_v1*) { return ENCORE_OK; }
const encore_column_v1* FindScores(void* ctx, encore_str name) {
  auto* io = static_cast<FakeIo*>(ctx);
  const std::string key(name.data, name.size);
  return key == "r_score" ? &io->r : key == "f_score" ? &io->f : nullptr;
}
int32_t PutMetric(void*, encore_str, double, encore_str) { return ENCORE_OK; }
int32_t PutMetricJson(void*, encore_str, encore_str) { return ENCORE_OK; }
void Warn(void*, encore_str) {}
void Progress(void*, int64_t, int64_t) {}
int32_t StopRequested(void*) { return 0; }

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const int moved_percent = argc > 3 ? std::atoi(argv[3]) : 10;

  // Customer c owns order c: every customer is visible. Nothing else of the view is read.
  std::vector<uint32_t> begin(customers), end(customers);
  for (size_t c = 0; c < customers; ++c) {
    begin[c] = static_cast<uint32_t>(c);
    end[c] = static_cast<uint32_t>(c + 1);
  }
  encore_dataset_v1 dataset{};
  dataset.struct_size = sizeof(dataset);
  dataset.customer_count = customers;
  dataset.customer_order_begin = begin.data();
  dataset.customer_order_end = end.data();

  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> score(1, 5);
  std::vector<int64_t> r(customers), f(customers);
  for (size_t c = 0; c < customers; ++c) r[c] = score(random), f[c] = score(random);
  FakeIo fake;
  fake.r = {{"r_score", 7}, ENCORE_VALUE_I64, r.data(), nullptr};
  fake.f = {{"f_score", 7}, ENCORE_VALUE_I64, f.data(), nullptr};
  encore_method_io_v1 io{sizeof(io),     &fake, &PutScores, &FindScores,   &PutMetric,
                         &PutMetricJson, &Warn, &Progress,  &StopRequested};
  io.put_events = &PutEvents;
  io.find_previous_scores = &FindPreviousScores;
  io.put_table = &PutTable;

  encore::sdk::testing::LoadedPlugin plugin(ENCORE_SEGMENTS_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());

  // The first run (no previous run) gives this run's segments; the previous run's are the same
  // with every moved customer one segment further in the list below.
  std::vector<std::string> segments(customers);
  fake.capture_segment = &segments;
  if (!encore::sdk::testing::TimeMethodRuns(*instance, dataset, io, 1).ok()) return 1;
  fake.capture_segment = nullptr;
  const std::vector<std::string> names = {"champions",
                                          "loyal",
                                          "potential_loyalist",
                                          "new",
                                          "promising",
                                          "need_attention",
                                          "about_to_sleep",
                                          "cant_lose",
                                          "at_risk",
                                          "hibernating",
                                          "lost"};
  std::uniform_int_distribution<int> percent(0, 99);
  for (std::string& segment : segments) {
    if (percent(random) >= moved_percent) continue;
    const size_t at = std::find(names.begin(), names.end(), segment) - names.begin();
    segment = names[(at + 1) % names.size()];
  }
  std::vector<encore_str> previous(customers);
  for (size_t c = 0; c < customers; ++c) previous[c] = {segments[c].data(), segments[c].size()};
  fake.previous_segment = {{"segment", 7}, ENCORE_VALUE_STR, previous.data(), nullptr};
  io.previous_as_of = 1;

  const auto timings = encore::sdk::testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (!timings.ok()) {
    std::fprintf(stderr, "run failed: %s\n", timings.error.c_str());
    return 1;
  }
  std::printf(
      "segments: %zu customers, %d%% moved (%lld events a run), %d runs: min %.1f ms, median "
      "%.1f ms, max %.1f ms\n",
      customers, moved_percent, static_cast<long long>(fake.events.load() / repeat), repeat,
      timings.min(), timings.median(), timings.max());
  return 0;
}
