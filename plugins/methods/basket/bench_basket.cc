// Benchmark of the basket plugin: its real .so over a synthetic history built with the SDK's
// DatasetBuilder, timing run() only (the lines are loaded before the clock starts).
//
//   bench_basket [orders=3600000] [products=20000] [zipf_s=1.0] [repeats=3] [bundle_share=0.15]
//                [min_support=0.001]
//
// Orders have 1..4 lines drawn from a Zipf(s) law over the products, 4 orders per customer on
// average, fixed seed. So that there are rules to find and customers to recommend to, 15% of the
// orders (bundle_share) also carry one of 50 planted bundles (products 100+3b, 101+3b and, half of
// the time, 102+3b): about 2.8 lines per order, 10M lines for the default 3.6M orders. Default
// options otherwise (min_count 10).
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using encore::sdk::testing::DatasetBuilder;
using encore::sdk::testing::LoadedPlugin;
using encore::sdk::testing::MethodHarness;
using encore::sdk::testing::OrderLine;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  const long orders = argc > 1 ? std::stol(argv[1]) : 3600000;
  const int products = argc > 2 ? std::stoi(argv[2]) : 20000;
  const double s = argc > 3 ? std::stod(argv[3]) : 1.0;
  const int repeats = argc > 4 ? std::stoi(argv[4]) : 3;
  const double bundle_share = argc > 5 ? std::stod(argv[5]) : 0.15;
  const double min_support = argc > 6 ? std::stod(argv[6]) : 0.001;
  const long customers = std::max(1L, orders / 4);

  auto start = std::chrono::steady_clock::now();
  std::vector<double> cdf(static_cast<size_t>(products));
  double sum = 0;
  for (int k = 0; k < products; ++k) cdf[static_cast<size_t>(k)] = sum += 1.0 / std::pow(k + 1, s);
  for (double& c : cdf) c /= sum;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> size(1, 4);
  std::uniform_int_distribution<long> customer(0, customers - 1);
  std::uniform_int_distribution<int> bundle(0, 49);
  DatasetBuilder builder;
  long lines = 0;
  for (long o = 0; o < orders; ++o) {
    const std::string order = "O" + std::to_string(o);
    const std::string cust = "C" + std::to_string(customer(rng));
    const int64_t at = 19000 * 86400L + (o % 730) * 86400L;
    for (int n = size(rng); n > 0; --n, ++lines) {
      const auto p = std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin();
      builder.add(OrderLine{order, cust, at, "P" + std::to_string(p), 1000, 500, ""});
    }
    if (u(rng) < bundle_share) {
      const int b = bundle(rng);
      const int size = u(rng) < 0.5 ? 3 : 2;
      for (int i = 0; i < size; ++i, ++lines) {
        builder.add(
            OrderLine{order, cust, at, "P" + std::to_string(100 + 3 * b + i), 1000, 500, ""});
      }
    }
  }
  auto data = builder.Build();
  std::printf(
      "dataset: %ld orders, %ld lines, %zu customers, %d products (zipf s=%.2f); built in "
      "%.1f s\n",
      orders, lines, data->customer_count(), products, s, Seconds(start));

  LoadedPlugin plugin(ENCORE_BASKET_PLUGIN);
  auto basket = plugin.Create({{"min_support", min_support}});
  for (int r = 0; r < repeats; ++r) {
    MethodHarness harness(data->get());
    start = std::chrono::steady_clock::now();
    const auto run = harness.Run(*basket);
    const double wall = Seconds(start);
    if (!run.ok()) {
      std::fprintf(stderr, "run failed: %s\n", run.message.c_str());
      return 1;
    }
    std::printf(
        "run %d: %.3f s wall; transactions %.0f, threshold %.0f, frequent items %.0f, "
        "pairs %.0f, triples %.0f, rules %zu, customers with recommendations %.0f\n",
        r + 1, wall, run.metric("basket.transactions"), run.metric("basket.min_count"),
        run.metric("basket.frequent_items"), run.metric("basket.frequent_pairs"),
        run.metric("basket.frequent_triples"), run.tables.at("basket.rules").row_count,
        run.metric("basket.customers_with_recommendations"));
  }
  return 0;
}
