// Benchmark of the base_metrics plugin as the daemon calls it: the built encore_base_metrics.so,
// loaded through the SDK test loader, run over a dataset view of N customers with 1..9 orders
// each (about 4.4 on average) over three years, 2% of them returns, 50 managers. The metric
// callbacks only take the call, so the figure is the method alone. Local days are UTC days, one
// division per order.
//
//   bench_base_metrics [customers=1000000] [repeat=5]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>
#include <encore/sdk/testing/synthetic_history.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>

namespace {

constexpr int64_t kDay = 86400;
constexpr size_t kManagers = 50;

}  // namespace

int main(int argc, char** argv) {
  namespace testing = encore::sdk::testing;
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const int32_t as_of_day = 20000;

  std::mt19937_64 rng(42);
  testing::SyntheticHistory h;
  h.order_begin.resize(customers);
  h.order_end.resize(customers);
  for (size_t c = 0; c < customers; ++c) {
    h.order_begin[c] = static_cast<uint32_t>(h.order_time.size());
    const int n = 1 + static_cast<int>(rng() % 9);
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 1095);
    const auto owner = static_cast<uint32_t>(rng() % (kManagers + 5));  // a few without one
    for (int i = 0; i < n && day <= as_of_day; ++i) {
      h.order_time.push_back(day * kDay + 3600);
      h.order_amount.push_back(static_cast<int64_t>(500 + rng() % 20000) -
                               (rng() % 50 == 0 ? 30000 : 0));
      h.order_manager.push_back(owner < kManagers ? owner : UINT32_MAX);
      day += static_cast<int32_t>(rng() % 90);  // same-day repeats included
    }
    h.order_end[c] = static_cast<uint32_t>(h.order_time.size());
  }
  h.manager_names = testing::NumberedNames("manager-", kManagers);
  const encore_dataset_v1& dataset = h.View(as_of_day * kDay + kDay - 1);

  encore_method_io_v1 io = testing::NullMethodIo();
  testing::LoadedPlugin plugin(ENCORE_BASE_METRICS_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());
  const auto timings = testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (testing::ReportFailure(timings)) return 1;
  std::printf("base_metrics: %zu customers, %zu orders, %s\n", customers, h.order_count(),
              timings.summary().c_str());
  return 0;
}
