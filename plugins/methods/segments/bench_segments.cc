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
#include <encore/sdk/testing/synthetic_history.hpp>

#include <algorithm>
#include <atomic>
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
const encore_column_v1* FindScores(void* ctx, encore_str name) {
  auto* io = static_cast<FakeIo*>(ctx);
  const std::string key(name.data, name.size);
  return key == "r_score" ? &io->r : key == "f_score" ? &io->f : nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  namespace testing = encore::sdk::testing;
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const int moved_percent = argc > 3 ? std::atoi(argv[3]) : 10;

  // Customer c owns order c: every customer is visible. Nothing else of the view is read.
  testing::SyntheticHistory h;
  for (size_t c = 0; c < customers; ++c) {
    h.order_begin.push_back(static_cast<uint32_t>(c));
    h.order_end.push_back(static_cast<uint32_t>(c + 1));
  }
  const encore_dataset_v1& dataset = h.View(0);

  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> score(1, 5);
  std::vector<int64_t> r(customers), f(customers);
  for (size_t c = 0; c < customers; ++c) r[c] = score(random), f[c] = score(random);
  FakeIo fake;
  fake.r = {{"r_score", 7}, ENCORE_VALUE_I64, r.data(), nullptr};
  fake.f = {{"f_score", 7}, ENCORE_VALUE_I64, f.data(), nullptr};
  encore_method_io_v1 io = testing::NullMethodIo(&fake);
  io.put_scores = &PutScores;
  io.find_scores = &FindScores;
  io.put_events = &PutEvents;
  io.find_previous_scores = &FindPreviousScores;

  testing::LoadedPlugin plugin(ENCORE_SEGMENTS_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());

  // The first run (no previous run) gives this run's segments; the previous run's are the same
  // with every moved customer one segment further in the list below.
  std::vector<std::string> segments(customers);
  fake.capture_segment = &segments;
  if (!testing::TimeMethodRuns(*instance, dataset, io, 1).ok()) return 1;
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

  const auto timings = testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (testing::ReportFailure(timings)) return 1;
  std::printf("segments: %zu customers, %d%% moved (%lld events a run), %s\n", customers,
              moved_percent, static_cast<long long>(fake.events.load() / repeat),
              timings.summary().c_str());
  return 0;
}
