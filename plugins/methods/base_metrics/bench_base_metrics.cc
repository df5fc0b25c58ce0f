// Benchmark of the base_metrics plugin as the daemon calls it: the built encore_base_metrics.so,
// loaded through the SDK test loader, run over a dataset view of N customers with 1..9 orders
// each (about 4.4 on average) over three years, 2% of them returns, 50 managers. The metric
// callbacks only take the call, so the figure is the method alone. Local days are UTC days, one
// division per order.
//
//   bench_base_metrics [customers=1000000] [repeat=5]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;
constexpr size_t kManagers = 50;

int32_t PutScores(void*, const encore_column_v1*) { return ENCORE_OK; }
const encore_column_v1* FindScores(void*, encore_str) { return nullptr; }
int32_t PutMetric(void*, encore_str, double, encore_str) { return ENCORE_OK; }
int32_t PutMetricJson(void*, encore_str, encore_str) { return ENCORE_OK; }
void Warn(void*, encore_str) {}
void Progress(void*, int64_t, int64_t) {}
int32_t StopRequested(void*) { return 0; }
int32_t LocalDay(const encore_dataset_v1*, int64_t utc) { return static_cast<int32_t>(utc / kDay); }

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const int32_t as_of_day = 20000;

  std::mt19937_64 rng(42);
  std::vector<uint32_t> begin(customers), end(customers), manager;
  std::vector<int64_t> time, amount;
  for (size_t c = 0; c < customers; ++c) {
    begin[c] = static_cast<uint32_t>(time.size());
    const int n = 1 + static_cast<int>(rng() % 9);
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 1095);
    const auto owner = static_cast<uint32_t>(rng() % (kManagers + 5));  // a few without one
    for (int i = 0; i < n && day <= as_of_day; ++i) {
      time.push_back(day * kDay + 3600);
      amount.push_back(static_cast<int64_t>(500 + rng() % 20000) - (rng() % 50 == 0 ? 30000 : 0));
      manager.push_back(owner < kManagers ? owner : UINT32_MAX);
      day += static_cast<int32_t>(rng() % 90);  // same-day repeats included
    }
    end[c] = static_cast<uint32_t>(time.size());
  }
  std::vector<std::string> manager_names;
  std::vector<encore_str> manager_keys;
  for (size_t m = 0; m < kManagers; ++m) manager_names.push_back("manager-" + std::to_string(m));
  for (const auto& name : manager_names)
    manager_keys.push_back(encore_str{name.data(), name.size()});

  encore_dataset_v1 dataset{};
  dataset.struct_size = sizeof(dataset);
  dataset.as_of = as_of_day * kDay + kDay - 1;
  dataset.local_day = &LocalDay;
  dataset.customer_count = customers;
  dataset.customer_order_begin = begin.data();
  dataset.customer_order_end = end.data();
  dataset.order_count = time.size();
  dataset.order_time = time.data();
  dataset.order_amount_minor = amount.data();
  dataset.order_manager = manager.data();
  dataset.manager_count = kManagers;
  dataset.manager_key = manager_keys.data();

  encore_method_io_v1 io{sizeof(io),     nullptr, &PutScores, &FindScores,   &PutMetric,
                         &PutMetricJson, &Warn,   &Progress,  &StopRequested};
  encore::sdk::testing::LoadedPlugin plugin(ENCORE_BASE_METRICS_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());
  const auto timings = encore::sdk::testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (!timings.ok()) {
    std::fprintf(stderr, "run failed: %s\n", timings.error.c_str());
    return 1;
  }
  std::printf(
      "base_metrics: %zu customers, %zu orders, %d runs: min %.1f ms, median %.1f ms, "
      "max %.1f ms\n",
      customers, time.size(), repeat, timings.min(), timings.median(), timings.max());
  return 0;
}
