// Benchmark of the product_profile plugin as the daemon calls it: the built
// encore_product_profile.so, loaded through the SDK test loader, run over a dataset view of N
// customers with 1..6 orders (3.5 on average) of 1..5 lines (3 on average) drawn from a Zipf(1)
// law over 20000 products, 3% of the lines returns: about 10.5M lines for the default 1M
// customers. With categories > 0 a product_id,category file mapping 90% of the products into
// that many categories is written to $TMPDIR (or /tmp) first. put_scores() and the metric
// callbacks only take the call, so the figure is the method alone.
//
//   bench_product_profile [customers=1000000] [categories=50] [repeat=5] [top_n=3]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;
constexpr size_t kProducts = 20000;

int32_t PutScores(void*, const encore_column_v1*) { return ENCORE_OK; }
const encore_column_v1* FindScores(void*, encore_str) { return nullptr; }
int32_t PutMetric(void*, encore_str, double, encore_str) { return ENCORE_OK; }
int32_t PutMetricJson(void*, encore_str, encore_str) { return ENCORE_OK; }
void Warn(void*, encore_str) {}
void Progress(void*, int64_t, int64_t) {}
int32_t StopRequested(void*) { return 0; }
int32_t PutEvents(void*, const encore_event_v1*, size_t) { return ENCORE_OK; }
const encore_column_v1* FindPreviousScores(void*, encore_str) { return nullptr; }
int32_t PutTable(void*, encore_str, const encore_table_v1*) { return ENCORE_OK; }
int32_t LocalDay(const encore_dataset_v1*, int64_t utc) { return static_cast<int32_t>(utc / kDay); }

std::string WriteCategories(size_t categories) {
  const char* dir = std::getenv("TMPDIR");
  const std::string path =
      std::string(dir != nullptr ? dir : "/tmp") + "/bench_product_profile_categories.csv";
  std::ofstream out(path);
  out << "product_id,category\n";
  for (size_t p = 0; p < kProducts; ++p) {
    if (p % 10 == 9) continue;  // unmapped: category "other"
    out << 'P' << p << ",category-" << p % categories << '\n';
  }
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const size_t categories = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 50;
  const int repeat = argc > 3 ? std::atoi(argv[3]) : 5;
  const int top_n = argc > 4 ? std::atoi(argv[4]) : 3;
  const int32_t as_of_day = 20000;

  std::vector<double> cdf(kProducts);
  double sum = 0;
  for (size_t k = 0; k < kProducts; ++k) cdf[k] = sum += 1.0 / static_cast<double>(k + 1);
  for (double& c : cdf) c /= sum;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<uint32_t> begin(customers), end(customers), order_manager, line_begin, line_product;
  std::vector<int64_t> order_time, order_amount, line_quantity, line_amount, line_time;
  for (size_t c = 0; c < customers; ++c) {
    begin[c] = static_cast<uint32_t>(order_time.size());
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 1095);
    for (int o = 0, orders = 1 + static_cast<int>(rng() % 6); o < orders && day <= as_of_day; ++o) {
      const int64_t at = day * kDay + 3600;
      int64_t amount = 0;
      line_begin.push_back(static_cast<uint32_t>(line_product.size()));
      for (int l = 0, lines = 1 + static_cast<int>(rng() % 5); l < lines; ++l) {
        const auto p = std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin();
        const bool ret = rng() % 100 < 3;
        const int64_t value = static_cast<int64_t>(100 + rng() % 9900) * (ret ? -1 : 1);
        line_product.push_back(static_cast<uint32_t>(p));
        line_quantity.push_back(ret ? -1000 : 1000);
        line_amount.push_back(value);
        line_time.push_back(at);
        amount += value;
      }
      order_time.push_back(at);
      order_amount.push_back(amount);
      order_manager.push_back(UINT32_MAX);
      day += static_cast<int32_t>(rng() % 120);
    }
    end[c] = static_cast<uint32_t>(order_time.size());
  }
  line_begin.push_back(static_cast<uint32_t>(line_product.size()));
  std::vector<std::string> product_names;
  std::vector<encore_str> product_keys;
  for (size_t p = 0; p < kProducts; ++p) product_names.push_back("P" + std::to_string(p));
  for (const auto& name : product_names) product_keys.push_back({name.data(), name.size()});

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
  dataset.line_count = line_product.size();
  dataset.line_product = line_product.data();
  dataset.line_quantity_milli = line_quantity.data();
  dataset.line_amount_minor = line_amount.data();
  dataset.line_time = line_time.data();
  dataset.product_count = kProducts;
  dataset.product_key = product_keys.data();

  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.put_scores = &PutScores;
  io.find_scores = &FindScores;
  io.put_metric = &PutMetric;
  io.put_metric_json = &PutMetricJson;
  io.warn = &Warn;
  io.progress = &Progress;
  io.stop_requested = &StopRequested;
  io.put_events = &PutEvents;
  io.find_previous_scores = &FindPreviousScores;
  io.put_table = &PutTable;

  nlohmann::json config{{"top_n", top_n}};
  if (categories > 0) config["categories_file"] = WriteCategories(categories);
  encore::sdk::testing::LoadedPlugin plugin(ENCORE_PRODUCT_PROFILE_PLUGIN);
  auto instance = plugin.Create(config);
  const auto timings = encore::sdk::testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (!timings.ok()) {
    std::fprintf(stderr, "run failed: %s\n", timings.error.c_str());
    return 1;
  }
  std::printf(
      "product_profile: %zu customers, %zu orders, %zu lines, %zu products, %zu categories, "
      "top_n %d; %d runs: min %.1f ms, median %.1f ms, max %.1f ms\n",
      customers, order_time.size(), line_product.size(), kProducts, categories, top_n, repeat,
      timings.min(), timings.median(), timings.max());
  return 0;
}
