// Benchmark of the lifecycle plugin as the daemon calls it: the built encore_lifecycle.so, loaded
// through the SDK test loader, run over a dataset view of N customers with the order mix of
// bench_lifecycle_model (1..12 orders each, two years, same-day repeats). put_scores() only
// records the call, so the figure is the method alone (the daemon's copy of the columns is its
// own cost). Local days are UTC days, one division per order, as cheap as the daemon's table.
// A previous run a week earlier is played first: its churn stages, tiers and revenues answer
// find_previous_scores(), so the timed runs make every kind of event (counted by put_events).
//
//   bench_lifecycle_plugin [customers=1000000] [repeat=5] [with_previous=1]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>
#include <encore/sdk/testing/synthetic_history.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;

// A score column kept from the previous run.
struct Kept {
  std::vector<std::string> text;
  std::vector<encore_str> views;
  std::vector<int64_t> i64;
  encore_column_v1 column{};
};

struct FakeIo {
  int64_t columns_put = 0;
  // Events counted by type without a lock (put_events is called from several threads).
  std::vector<std::string> types = {"rhythm_slowdown", "smaller_orders", "no_second_order",
                                    "last_call",       "churned",        "value_tier_up",
                                    "value_tier_down", "(other)"};
  std::atomic<int64_t> events[8] = {};
  bool keep = false;  // the previous run: keep the columns below
  size_t rows = 0;
  std::map<std::string, Kept> previous;
};

int32_t PutScores(void* ctx, const encore_column_v1* column) {
  auto* io = static_cast<FakeIo*>(ctx);
  ++io->columns_put;
  const std::string name(column->name.data, column->name.size);
  if (!io->keep || (name != "churn_stage" && name != "value_tier" && name != "revenue_minor")) {
    return ENCORE_OK;
  }
  Kept& kept = io->previous[name];
  if (column->type == ENCORE_VALUE_I64) {
    const auto* v = static_cast<const int64_t*>(column->values);
    kept.i64.assign(v, v + io->rows);
    kept.column = {{"", 0}, ENCORE_VALUE_I64, kept.i64.data(), nullptr};
  } else {
    const auto* v = static_cast<const encore_str*>(column->values);
    for (size_t r = 0; r < io->rows; ++r) kept.text.emplace_back(v[r].data, v[r].size);
    for (const std::string& t : kept.text) kept.views.push_back({t.data(), t.size()});
    kept.column = {{"", 0}, ENCORE_VALUE_STR, kept.views.data(), nullptr};
  }
  return ENCORE_OK;
}
int32_t PutEvents(void* ctx, const encore_event_v1* events, size_t count) {
  auto* io = static_cast<FakeIo*>(ctx);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view type(events[i].type.data, events[i].type.size);
    size_t t = 0;
    while (t + 1 < io->types.size() && io->types[t] != type) ++t;
    ++io->events[t];
  }
  return ENCORE_OK;
}
const encore_column_v1* FindPreviousScores(void* ctx, encore_str name) {
  auto* io = static_cast<FakeIo*>(ctx);
  auto it = io->previous.find(std::string(name.data, name.size));
  return it == io->previous.end() ? nullptr : &it->second.column;
}

}  // namespace

int main(int argc, char** argv) {
  namespace testing = encore::sdk::testing;
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const bool with_previous = argc > 3 ? std::atoi(argv[3]) != 0 : true;
  const int32_t as_of_day = 20000;

  std::mt19937_64 rng(42);
  testing::SyntheticHistory h;
  h.order_begin.resize(customers);
  h.order_end.resize(customers);
  for (size_t c = 0; c < customers; ++c) {
    h.order_begin[c] = static_cast<uint32_t>(h.order_time.size());
    const int n = 1 + static_cast<int>(rng() % 12 == 0 ? rng() % 12 : rng() % 6);
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 730);
    for (int i = 0; i < n && day <= as_of_day; ++i) {
      h.order_time.push_back(day * kDay + 3600);
      h.order_amount.push_back(static_cast<int64_t>(500 + rng() % 20000) -
                               (rng() % 50 == 0 ? 30000 : 0));
      day += static_cast<int32_t>(rng() % 120);  // same-day repeats included
    }
    h.order_end[c] = static_cast<uint32_t>(h.order_time.size());
  }
  encore_dataset_v1& dataset = h.View(as_of_day * kDay + kDay - 1);

  FakeIo fake;
  fake.rows = customers;
  encore_method_io_v1 io = testing::NullMethodIo(&fake);
  io.put_scores = &PutScores;
  io.put_events = &PutEvents;
  io.find_previous_scores = &FindPreviousScores;
  testing::LoadedPlugin plugin(ENCORE_LIFECYCLE_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());

  // The previous run, a week earlier (orders after its as-of day are ignored by the method).
  fake.keep = true;
  dataset.as_of -= 7 * kDay;
  if (!testing::TimeMethodRuns(*instance, dataset, io, 1).ok()) return 1;
  dataset.as_of += 7 * kDay;
  fake.keep = false;
  for (auto& count : fake.events) count = 0;
  if (!with_previous) fake.previous.clear();
  io.previous_as_of = dataset.as_of - 7 * kDay;

  const auto timings = testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (testing::ReportFailure(timings)) return 1;
  std::printf("lifecycle: %zu customers, %zu orders, %s\n", customers, h.order_count(),
              timings.summary().c_str());
  std::printf("events a run:");
  for (size_t t = 0; t < fake.types.size(); ++t) {
    std::printf(" %s %lld", fake.types[t].c_str(),
                static_cast<long long>(fake.events[t].load() / repeat));
  }
  std::printf("\n");
  return 0;
}
