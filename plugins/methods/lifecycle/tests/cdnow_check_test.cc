// The model on real data: the full CDNOW cohort (23,570 customers, 1997-01-01 .. 1998-06-30).
// The Pareto share is recomputed here by a plain loop; the learned thresholds were recomputed
// independently from the same file (nearest-rank quantiles of whole days).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/population_thresholds.h"
#include "model/purchase_history.h"
#include "model/value_tiers.h"

namespace encore::plugins::lifecycle {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

// "11.77" -> 1177; CDNOW prices always have two decimals.
int64_t Cents(const std::string& price) {
  const size_t dot = price.find('.');
  return std::stoll(price.substr(0, dot)) * 100 + std::stoll(price.substr(dot + 1));
}

struct Cdnow {
  std::vector<std::vector<Order>> orders;  // per customer, ascending by day
  int32_t as_of_day = DaysFromCivil(1998, 6, 30);
};

const Cdnow& LoadCdnow() {
  static const Cdnow* data = [] {
    auto* d = new Cdnow;
    std::ifstream in(std::string(ENCORE_SHARED_DATA_DIR) + "/cdnow_orders.csv");
    std::string line;
    std::getline(in, line);  // header
    std::map<std::string, size_t> index;
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      std::string field;
      while (std::getline(ss, field, ',')) f.push_back(field);
      const std::string& date = f[2];
      const int32_t day = DaysFromCivil(std::stoi(date.substr(0, 4)),
                                        static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                                        static_cast<unsigned>(std::stoi(date.substr(8, 2))));
      auto [it, added] = index.emplace(f[1], d->orders.size());
      if (added) d->orders.emplace_back();
      d->orders[it->second].push_back(Order{day, std::stoll(f[4]) * Cents(f[5])});
    }
    for (auto& o : d->orders) {
      std::stable_sort(o.begin(), o.end(),
                       [](const Order& a, const Order& b) { return a.day < b.day; });
    }
    return d;
  }();
  return *data;
}

TEST(CdnowCheckTest, ParetoShareMatchesPlainLoop) {
  const Cdnow& data = LoadCdnow();
  ASSERT_EQ(data.orders.size(), 23570u);
  std::vector<int64_t> revenue;
  for (const auto& o : data.orders) {
    revenue.push_back(NetRevenue(o.data(), o.size(), data.as_of_day));
  }
  std::vector<ValueTier> tiers(revenue.size());
  const TierSummary s = AssignValueTiers(revenue.data(), revenue.size(), tiers.data());

  // Plain loop: largest first until 80% is reached (integer arithmetic), then the ties.
  std::vector<int64_t> sorted = revenue;
  std::sort(sorted.rbegin(), sorted.rend());
  int64_t total = 0;
  for (int64_t r : sorted) total += std::max<int64_t>(r, 0);
  size_t k = 0;
  int64_t running = 0;
  while (running * 100 < total * 80) running += sorted[k++];
  while (k < sorted.size() && sorted[k] == sorted[k - 1]) ++k;

  EXPECT_EQ(total, 250031563);  // $2,500,315.63, the README total
  EXPECT_EQ(s.total_revenue_minor, total);
  EXPECT_EQ(s.a_customers, static_cast<int64_t>(k));
  EXPECT_DOUBLE_EQ(s.pareto_share, static_cast<double>(k) / 23570.0);
  EXPECT_EQ(s.a_customers, 7695);
  EXPECT_EQ(s.b_customers, 8067);
  EXPECT_EQ(s.c_customers, 7808);
  EXPECT_EQ(s.a_min_revenue_minor, 7787);
  EXPECT_EQ(s.b_min_revenue_minor, 2699);
}

TEST(CdnowCheckTest, LearnedThresholds) {
  const Cdnow& data = LoadCdnow();
  std::vector<Purchase> buffer;
  std::vector<size_t> begin;
  for (const auto& o : data.orders) {
    begin.push_back(buffer.size());
    buffer.resize(buffer.size() + o.size());
    const size_t n =
        CollectPurchases(o.data(), o.size(), data.as_of_day, buffer.data() + begin.back());
    buffer.resize(begin.back() + n);
  }
  begin.push_back(buffer.size());
  std::vector<CustomerHistory> histories;
  for (size_t c = 0; c + 1 < begin.size(); ++c) {
    histories.push_back(CustomerHistory{buffer.data() + begin[c], begin[c + 1] - begin[c]});
  }
  const PopulationStats s = LearnPopulation(histories.data(), histories.size(), data.as_of_day);
  EXPECT_EQ(s.customers, 23502);  // 68 customers have only orders of value 0
  EXPECT_EQ(s.one_time_buyers, 11989);
  EXPECT_EQ(s.second_order_horizon_days, 272);
  EXPECT_EQ(s.second_order_cohort, 23500);
  EXPECT_EQ(s.second_order_sample, 10013);
  EXPECT_EQ(s.second_order_day, 138);
  EXPECT_EQ(s.second_order_source, ThresholdSource::kLearned);
  EXPECT_EQ(s.gap_sample, 44009);
  EXPECT_EQ(s.churn_threshold_days, 283);
  EXPECT_EQ(s.churn_source, ThresholdSource::kLearned);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
