// Times the lifecycle core on a synthetic base: 1,000,000 customers with 1..12 orders each (mean
// about 4.5), as a method plugin would run it: collect purchases, learn the population, evaluate
// every signal per customer, assign value tiers.
//
//   bench_lifecycle_model [customers]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "model/order_size_alert.h"
#include "model/population_thresholds.h"
#include "model/purchase_history.h"
#include "model/rhythm_alert.h"
#include "model/value_tiers.h"

using namespace encore::plugins::lifecycle;

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int32_t as_of_day = 20000;
  std::mt19937_64 rng(42);
  std::vector<Order> orders;
  std::vector<size_t> begin;
  for (size_t c = 0; c < customers; ++c) {
    begin.push_back(orders.size());
    const int n = 1 + static_cast<int>(rng() % 12 == 0 ? rng() % 12 : rng() % 6);
    int32_t day = as_of_day - static_cast<int32_t>(rng() % 730);
    for (int i = 0; i < n && day <= as_of_day; ++i) {
      orders.push_back(Order{day, static_cast<int64_t>(500 + rng() % 20000)});
      day += static_cast<int32_t>(rng() % 120);  // same-day repeats included
    }
  }
  begin.push_back(orders.size());

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  std::vector<Purchase> purchases(orders.size());
  std::vector<CustomerHistory> histories(customers);
  std::vector<int64_t> revenue(customers);
  size_t written = 0;
  for (size_t c = 0; c < customers; ++c) {
    const Order* o = orders.data() + begin[c];
    const size_t n = begin[c + 1] - begin[c];
    const size_t k = CollectPurchases(o, n, as_of_day, purchases.data() + written);
    histories[c] = CustomerHistory{purchases.data() + written, k};
    revenue[c] = NetRevenue(o, n, as_of_day);
    written += k;
  }
  const auto t1 = Clock::now();
  const PopulationStats population = LearnPopulation(histories.data(), customers, as_of_day);
  const auto t2 = Clock::now();
  size_t rhythm = 0, smaller = 0, second = 0, last_call = 0, churned = 0;
  for (size_t c = 0; c < customers; ++c) {
    const CustomerHistory& h = histories[c];
    rhythm += EvaluateRhythm(h, as_of_day).alert;
    smaller += EvaluateOrderSize(h).alert;
    second += EvaluateSecondOrder(h, as_of_day, population).alert;
    const ChurnStage stage = EvaluateChurn(h, as_of_day, population).stage;
    last_call += stage == ChurnStage::kLastCall;
    churned += stage == ChurnStage::kChurned;
  }
  const auto t3 = Clock::now();
  std::vector<ValueTier> tiers(customers);
  const TierSummary summary = AssignValueTiers(revenue.data(), customers, tiers.data());
  const auto t4 = Clock::now();

  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("customers %zu, orders %zu, purchases %zu\n", customers, orders.size(), written);
  std::printf("collect %.1f ms, learn %.1f ms, evaluate %.1f ms, tiers %.1f ms, total %.1f ms\n",
              ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t4 - t0));
  std::printf("second order day %d, churn threshold %d, pareto share %.4f\n",
              population.second_order_day, population.churn_threshold_days, summary.pareto_share);
  std::printf("alerts: rhythm %zu, smaller %zu, no second order %zu, last call %zu, churned %zu\n",
              rhythm, smaller, second, last_call, churned);
  return 0;
}
