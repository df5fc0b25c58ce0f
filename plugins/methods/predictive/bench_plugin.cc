// Benchmark of the predictive plugin as the daemon calls it: the built encore_predictive.so,
// loaded through the SDK test loader, run over an in-memory dataset view of synthetic orders
// (synthetic_orders.h). Measures the whole method call: reading the orders, summary, BG/NBD and
// Gamma-Gamma fits, scoring, the holdout table and handing the score columns back. The scoring
// run is measured without validation (the headline figure) and with its default and a 273-day
// validation split, so that the validation's own cost is the difference; last, a scoring run
// after a previous run a week earlier, which adds the p_alive_drop events.
//
//   bench_predictive_plugin [customers=1000000] [threads=2] [repeat=3]
#include <time.h>

#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "synthetic_orders.h"

namespace {

constexpr int64_t kDay = 86400;

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int32_t LocalDay(const encore_dataset_v1*, int64_t utc) {
  return static_cast<int32_t>(utc >= 0 ? utc / kDay : (utc - kDay + 1) / kDay);
}

// A dataset view over the synthetic orders: one line per order, UTC days, keys the plugin does
// not read shared.
struct Dataset {
  std::vector<std::string> customer_names;
  std::vector<encore_str> customer_keys, order_keys;
  std::vector<uint32_t> order_begin, order_end, order_customer, order_manager, line_begin;
  std::vector<uint32_t> line_product;
  std::vector<int64_t> order_time, order_amount, line_quantity;
  std::string order_key = "order";
  encore_dataset_v1 view{};
};

void Build(const encore::plugins::predictive::bench::Orders& orders, int32_t days, Dataset* d) {
  const size_t customers = orders.begin.size() - 1, n = orders.day.size();
  d->customer_names.reserve(customers);
  for (size_t c = 0; c < customers; ++c) {
    d->customer_names.push_back("C" + std::to_string(1000000 + c));
    d->customer_keys.push_back({d->customer_names.back().data(), d->customer_names.back().size()});
    d->order_begin.push_back(orders.begin[c]);
    d->order_end.push_back(orders.begin[c + 1]);
    for (uint32_t o = orders.begin[c]; o < orders.begin[c + 1]; ++o) {
      d->order_customer.push_back(static_cast<uint32_t>(c));
      d->order_time.push_back(orders.day[o] * kDay + static_cast<int64_t>(c * 7919 % kDay));
      d->order_amount.push_back(std::llround(orders.value[o] * 100));
    }
  }
  d->order_keys.assign(n, encore_str{d->order_key.data(), d->order_key.size()});
  d->order_manager.assign(n, UINT32_MAX);
  d->line_begin.resize(n + 1);
  for (size_t o = 0; o <= n; ++o) d->line_begin[o] = static_cast<uint32_t>(o);
  d->line_product.assign(n, UINT32_MAX);
  d->line_quantity.assign(n, 1000);

  encore_dataset_v1& v = d->view;
  v.struct_size = sizeof(v);
  v.as_of = days * kDay - 1;
  v.currency = {"USD", 3};
  v.time_zone = {"UTC", 3};
  v.local_day = &LocalDay;
  v.customer_count = customers;
  v.customer_key = d->customer_keys.data();
  v.customer_order_begin = d->order_begin.data();
  v.customer_order_end = d->order_end.data();
  v.order_count = n;
  v.order_key = d->order_keys.data();
  v.order_customer = d->order_customer.data();
  v.order_time = d->order_time.data();
  v.order_amount_minor = d->order_amount.data();
  v.order_manager = d->order_manager.data();
  v.order_line_begin = d->line_begin.data();
  v.line_count = n;
  v.line_product = d->line_product.data();
  v.line_quantity_milli = d->line_quantity.data();
  v.line_amount_minor = d->order_amount.data();
  v.line_time = d->order_time.data();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const int repeat = argc > 3 ? std::atoi(argv[3]) : 3;
  const int32_t days = 1096;
  Dataset data;
  Build(encore::plugins::predictive::bench::Generate(customers, days), days, &data);
  std::printf("customers %zu, orders %zu, threads %d\n", customers, data.view.order_count, threads);

  encore::sdk::testing::LoadedPlugin plugin(ENCORE_PREDICTIVE_PLUGIN);
  // Scoring runs (calibration to the as-of day) without and with validation, then a backtest
  // with a 273-day holdout.
  const nlohmann::json base = {{"threads", threads}, {"time_unit", "days"}};
  auto with = [&](const nlohmann::json& extra) {
    nlohmann::json config = base;
    config.update(extra);
    return config;
  };
  const std::vector<std::pair<const char*, nlohmann::json>> configs = {
      {"score, no validation", with({{"validation_holdout_days", 0}})},
      {"score + 90-day validation", base},
      {"score + 273-day validation", with({{"validation_holdout_days", 273}})},
      {"backtest, 273-day holdout", with({{"calibration_end", "1972-04-02"}})},
  };
  for (const auto& [label, config] : configs) {
    auto instance = plugin.Create(config);
    for (int i = 0; i < repeat; ++i) {
      encore::sdk::testing::MethodHarness harness(&data.view);
      const auto start = std::chrono::steady_clock::now();
      const double cpu = CpuSeconds();
      const encore::sdk::testing::MethodRun run = harness.Run(*instance);
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!run.ok()) {
        std::printf("run failed: %s\n", run.message.c_str());
        return 1;
      }
      const bool validated = run.json_metrics.count("predictive.holdout") > 0;
      std::printf(
          "%-28s wall %7.1f ms  cpu %7.1f ms  scored %.0f  r %.4f alpha %.2f a %.4f b %.4f  "
          "holdout actual %.0f predicted %.1f  warnings %zu\n",
          label, wall * 1e3, (CpuSeconds() - cpu) * 1e3, run.metric("predictive.customers"),
          run.metric("predictive.bgnbd.r"), run.metric("predictive.bgnbd.alpha"),
          run.metric("predictive.bgnbd.a"), run.metric("predictive.bgnbd.b"),
          validated ? run.metric("predictive.holdout.actual_transactions") : 0.0,
          validated ? run.metric("predictive.holdout.predicted_transactions") : 0.0,
          run.warnings.size());
    }
  }

  // A previous run a week earlier (purchases after its as-of day are ignored), then scoring runs
  // that compare with it.
  auto instance = plugin.Create(with({{"validation_holdout_days", 0}}));
  encore_dataset_v1 week_earlier = data.view;
  week_earlier.as_of -= 7 * kDay;
  encore::sdk::testing::MethodHarness earlier_harness(&week_earlier);
  const encore::sdk::testing::MethodRun earlier = earlier_harness.Run(*instance);
  if (!earlier.ok()) return 1;
  for (int i = 0; i < repeat; ++i) {
    encore::sdk::testing::MethodHarness harness(&data.view);
    harness.set_previous(earlier, &week_earlier, week_earlier.as_of);
    const auto start = std::chrono::steady_clock::now();
    const double cpu = CpuSeconds();
    const encore::sdk::testing::MethodRun run = harness.Run(*instance);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!run.ok()) {
      std::printf("run failed: %s\n", run.message.c_str());
      return 1;
    }
    std::printf("%-28s wall %7.1f ms  cpu %7.1f ms  scored %.0f  p_alive_drop events %zu\n",
                "score after a previous run", wall * 1e3, (CpuSeconds() - cpu) * 1e3,
                run.metric("predictive.customers"), run.events.size());
  }
  return 0;
}
