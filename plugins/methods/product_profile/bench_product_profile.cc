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
#include <encore/sdk/testing/synthetic_history.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;
constexpr size_t kProducts = 20000;

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
  namespace testing = encore::sdk::testing;
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
  testing::SyntheticHistory h;
  h.order_begin.resize(customers);
  h.order_end.resize(customers);
  for (size_t c = 0; c < customers; ++c) {
    h.order_begin[c] = static_cast<uint32_t>(h.order_time.size());
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 1095);
    for (int o = 0, orders = 1 + static_cast<int>(rng() % 6); o < orders && day <= as_of_day; ++o) {
      const int64_t at = day * kDay + 3600;
      int64_t amount = 0;
      h.line_begin.push_back(static_cast<uint32_t>(h.line_product.size()));
      for (int l = 0, lines = 1 + static_cast<int>(rng() % 5); l < lines; ++l) {
        const auto p = std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin();
        const bool ret = rng() % 100 < 3;
        const int64_t value = static_cast<int64_t>(100 + rng() % 9900) * (ret ? -1 : 1);
        h.line_product.push_back(static_cast<uint32_t>(p));
        h.line_quantity.push_back(ret ? -1000 : 1000);
        h.line_amount.push_back(value);
        h.line_time.push_back(at);
        amount += value;
      }
      h.order_time.push_back(at);
      h.order_amount.push_back(amount);
      h.order_manager.push_back(UINT32_MAX);
      day += static_cast<int32_t>(rng() % 120);
    }
    h.order_end[c] = static_cast<uint32_t>(h.order_time.size());
  }
  h.line_begin.push_back(static_cast<uint32_t>(h.line_product.size()));
  h.product_names = testing::NumberedNames("P", kProducts);
  const encore_dataset_v1& dataset = h.View(as_of_day * kDay + kDay - 1);
  encore_method_io_v1 io = testing::NullMethodIo();

  nlohmann::json config{{"top_n", top_n}};
  if (categories > 0) config["categories_file"] = WriteCategories(categories);
  testing::LoadedPlugin plugin(ENCORE_PRODUCT_PROFILE_PLUGIN);
  auto instance = plugin.Create(config);
  const auto timings = testing::TimeMethodRuns(*instance, dataset, io, repeat);
  if (testing::ReportFailure(timings)) return 1;
  std::printf(
      "product_profile: %zu customers, %zu orders, %zu lines, %zu products, %zu categories, "
      "top_n %d; %s\n",
      customers, h.order_count(), h.line_count(), kProducts, categories, top_n,
      timings.summary().c_str());
  return 0;
}
