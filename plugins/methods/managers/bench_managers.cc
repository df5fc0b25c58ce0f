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
#include <encore/sdk/testing/synthetic_history.hpp>

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

}  // namespace

int main(int argc, char** argv) {
  namespace testing = encore::sdk::testing;
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const bool segments = argc > 2 ? std::atoi(argv[2]) != 0 : true;
  const int repeat = argc > 3 ? std::atoi(argv[3]) : 5;
  const int period_days = argc > 4 ? std::atoi(argv[4]) : 90;
  const int32_t as_of_day = 20000;

  std::mt19937_64 rng(42);
  testing::SyntheticHistory h;
  h.order_begin.resize(customers);
  h.order_end.resize(customers);
  size_t lines = 0;  // counted only: the method reads no line
  for (size_t c = 0; c < customers; ++c) {
    h.order_begin[c] = static_cast<uint32_t>(h.order_time.size());
    auto manager = static_cast<uint32_t>(rng() % kManagers);
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 1095);
    for (int o = 0, orders = 1 + static_cast<int>(rng() % 6); o < orders && day <= as_of_day; ++o) {
      if (rng() % 10 == 0) manager = static_cast<uint32_t>(rng() % kManagers);
      const bool credit = rng() % 50 == 0;
      h.order_time.push_back(day * kDay + 3600);
      h.order_amount.push_back(static_cast<int64_t>(500 + rng() % 20000) * (credit ? -1 : 1));
      h.order_manager.push_back(rng() % 20 == 0 ? UINT32_MAX : manager);
      h.line_begin.push_back(static_cast<uint32_t>(lines));
      lines += 1 + rng() % 5;
      day += static_cast<int32_t>(rng() % 150);
    }
    h.order_end[c] = static_cast<uint32_t>(h.order_time.size());
  }
  h.line_begin.push_back(static_cast<uint32_t>(lines));
  h.manager_names = testing::NumberedNames("manager-", kManagers);

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

  const encore_dataset_v1& dataset = h.View(as_of_day * kDay + kDay - 1);
  encore_method_io_v1 io = testing::NullMethodIo(&scores);
  io.find_scores = &FindScores;
  io.previous_as_of = dataset.as_of - kDay;
  io.find_previous_scores = &FindPreviousScores;

  testing::LoadedPlugin plugin(ENCORE_MANAGERS_PLUGIN);
  auto instance = plugin.Create({{"period_days", period_days}});
  const auto timings = testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (testing::ReportFailure(timings)) return 1;
  std::printf(
      "managers: %zu customers, %zu orders, %zu lines, %u managers, segments %s, period %d days; "
      "%s\n",
      customers, h.order_count(), lines, kManagers, segments ? "on" : "off", period_days,
      timings.summary().c_str());
  return 0;
}
