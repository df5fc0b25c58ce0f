// Benchmark of the managers plugin as the daemon calls it: the built encore_managers.so, loaded
// through the SDK test loader, run over a dataset view of N customers with 1..6 orders (3.2 on
// average, over three years, 2% of them credit notes) of 1..5 lines (3 on average): about 10M
// lines for the default 1M customers. 50 managers; a customer stays with one manager, one in ten
// moves to another during their history, and one order in twenty has no manager. With
// segments = 1, find_scores() answers a `segment` column (11 names) and a `segment_rank` column,
// and find_previous_scores() an older `segment_rank`, as a segments method would. put_table and
// the metric callbacks only take the call, so the figure is the method alone.
//
//   bench_managers [customers=1000000] [segments=1] [repeat=5] [period_days=90]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;
constexpr uint32_t kManagers = 50;
constexpr const char* kSegments[] = {
    "champions",      "loyal",   "potential_loyalist", "new",         "promising", "need_attention",
    "about_to_sleep", "at_risk", "cant_lose",          "hibernating", "lost"};

struct Scores {
  encore_column_v1 segment{}, rank{}, previous_rank{};
  bool enabled = false;
};

int32_t PutScores(void*, const encore_column_v1*) { return ENCORE_OK; }
const encore_column_v1* FindScores(void* ctx, encore_str name) {
  auto* scores = static_cast<Scores*>(ctx);
  if (!scores->enabled) return nullptr;
  const std::string key(name.data, name.size);
  return key == "segment" ? &scores->segment : key == "segment_rank" ? &scores->rank : nullptr;
}
const encore_column_v1* FindPreviousScores(void* ctx, encore_str name) {
  auto* scores = static_cast<Scores*>(ctx);
  const std::string key(name.data, name.size);
  return scores->enabled && key == "segment_rank" ? &scores->previous_rank : nullptr;
}
int32_t PutMetric(void*, encore_str, double, encore_str) { return ENCORE_OK; }
int32_t PutMetricJson(void*, encore_str, encore_str) { return ENCORE_OK; }
void Warn(void*, encore_str) {}
void Progress(void*, int64_t, int64_t) {}
int32_t StopRequested(void*) { return 0; }
int32_t PutEvents(void*, const encore_event_v1*, size_t) { return ENCORE_OK; }
int32_t PutTable(void*, encore_str, const encore_table_v1*) { return ENCORE_OK; }
int32_t LocalDay(const encore_dataset_v1*, int64_t utc) { return static_cast<int32_t>(utc / kDay); }

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const bool segments = argc > 2 ? std::atoi(argv[2]) != 0 : true;
  const int repeat = argc > 3 ? std::atoi(argv[3]) : 5;
  const int period_days = argc > 4 ? std::atoi(argv[4]) : 90;
  const int32_t as_of_day = 20000;

  std::mt19937_64 rng(42);
  std::vector<uint32_t> begin(customers), end(customers), order_manager, line_begin;
  std::vector<int64_t> order_time, order_amount;
  size_t lines = 0;
  for (size_t c = 0; c < customers; ++c) {
    begin[c] = static_cast<uint32_t>(order_time.size());
    auto manager = static_cast<uint32_t>(rng() % kManagers);
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 1095);
    for (int o = 0, orders = 1 + static_cast<int>(rng() % 6); o < orders && day <= as_of_day; ++o) {
      if (rng() % 10 == 0) manager = static_cast<uint32_t>(rng() % kManagers);
      const bool credit = rng() % 50 == 0;
      order_time.push_back(day * kDay + 3600);
      order_amount.push_back(static_cast<int64_t>(500 + rng() % 20000) * (credit ? -1 : 1));
      order_manager.push_back(rng() % 20 == 0 ? UINT32_MAX : manager);
      line_begin.push_back(static_cast<uint32_t>(lines));
      lines += 1 + rng() % 5;
      day += static_cast<int32_t>(rng() % 150);
    }
    end[c] = static_cast<uint32_t>(order_time.size());
  }
  line_begin.push_back(static_cast<uint32_t>(lines));
  std::vector<std::string> manager_names;
  std::vector<encore_str> manager_keys;
  for (uint32_t m = 0; m < kManagers; ++m) manager_names.push_back("manager-" + std::to_string(m));
  for (const auto& name : manager_names) manager_keys.push_back({name.data(), name.size()});

  // Scores a segments method would have put: a segment per customer and its rank (1 = best).
  std::vector<encore_str> segment(customers);
  std::vector<int64_t> rank(customers), previous_rank(customers);
  std::vector<uint8_t> previous_null(customers);
  for (size_t c = 0; c < customers; ++c) {
    const size_t s = rng() % 11;
    segment[c] = {kSegments[s], std::char_traits<char>::length(kSegments[s])};
    rank[c] = static_cast<int64_t>(s) + 1;
    previous_rank[c] = static_cast<int64_t>(rng() % 11) + 1;
    previous_null[c] = rng() % 10 == 0 ? 1 : 0;  // new since the previous run
  }
  Scores scores;
  scores.enabled = segments;
  scores.segment = {{"segment", 7}, ENCORE_VALUE_STR, segment.data(), nullptr};
  scores.rank = {{"segment_rank", 12}, ENCORE_VALUE_I64, rank.data(), nullptr};
  scores.previous_rank = {
      {"segment_rank", 12}, ENCORE_VALUE_I64, previous_rank.data(), previous_null.data()};

  encore_dataset_v1 dataset{};
  dataset.struct_size = sizeof(dataset);
  dataset.as_of = as_of_day * kDay + kDay - 1;
  dataset.local_day = &LocalDay;
  dataset.customer_count = customers;
  dataset.customer_order_begin = begin.data();
  dataset.customer_order_end = end.data();
  dataset.order_count = order_time.size();
  dataset.order_time = order_time.data();
  dataset.order_amount_minor = order_amount.data();
  dataset.order_manager = order_manager.data();
  dataset.order_line_begin = line_begin.data();
  dataset.line_count = lines;  // the method reads no line
  dataset.manager_count = kManagers;
  dataset.manager_key = manager_keys.data();

  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = &scores;
  io.put_scores = &PutScores;
  io.find_scores = &FindScores;
  io.put_metric = &PutMetric;
  io.put_metric_json = &PutMetricJson;
  io.warn = &Warn;
  io.progress = &Progress;
  io.stop_requested = &StopRequested;
  io.put_events = &PutEvents;
  io.previous_as_of = dataset.as_of - kDay;
  io.find_previous_scores = &FindPreviousScores;
  io.put_table = &PutTable;

  encore::sdk::testing::LoadedPlugin plugin(ENCORE_MANAGERS_PLUGIN);
  auto instance = plugin.Create({{"period_days", period_days}});
  const auto timings = encore::sdk::testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (!timings.ok()) {
    std::fprintf(stderr, "run failed: %s\n", timings.error.c_str());
    return 1;
  }
  std::printf(
      "managers: %zu customers, %zu orders, %zu lines, %u managers, segments %s, period %d days; "
      "%d runs: min %.1f ms, median %.1f ms, max %.1f ms\n",
      customers, order_time.size(), lines, kManagers, segments ? "on" : "off", period_days, repeat,
      timings.min(), timings.median(), timings.max());
  return 0;
}
