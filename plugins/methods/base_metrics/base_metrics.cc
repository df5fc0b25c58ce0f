#include "plugins/methods/base_metrics/base_metrics.h"

#include <encore/sdk/civil_day.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace encore::plugins::base_metrics {
namespace {

constexpr size_t kPollEvery = 1 << 16;

int64_t MonthIndex(int64_t day_number) {
  const sdk::CivilDate date = sdk::CivilFromDays(day_number);
  return date.year * 12 + (date.month - 1);
}

int64_t CheckedDays(const sdk::Config& config, const std::string& key, int64_t fallback) {
  const int64_t days = config.has(key) ? config.integer(key) : fallback;
  if (days < 1 || days > 36600) {
    throw sdk::ConfigError("option '" + key + "' must be a number of days from 1 to 36600, got " +
                           std::to_string(days));
  }
  return days;
}

// Smallest number of customers whose revenues, taken from the largest down, reach `percent` of
// the sum of all positive customer revenues. Only the count is reported, so equal revenues need
// no tie-break: any order among them gives the same count.
//
// A full sort of a million revenues was a third of the method's time; only the top list's
// length is needed, so the range is halved instead: nth_element splits it into a larger and a
// smaller half, and the answer lies in the larger half when that half alone reaches what is
// still needed, otherwise the whole larger half is taken and the search goes on in the smaller.
// Linear on average, and nth_element keeps its own worst case at n log n.
int64_t ParetoCount(std::vector<int64_t>& revenue, int64_t percent) {
  __int128 total = 0;
  for (int64_t r : revenue) total += r;
  if (total == 0) return 0;
  // The running sum must reach percent / 100 of the total: need = ceil(total * percent / 100).
  __int128 need = (total * percent + 99) / 100;
  int64_t count = 0;
  auto lo = revenue.begin(), hi = revenue.end();
  constexpr ptrdiff_t kSortBelow = 64;
  while (hi - lo > kSortBelow) {
    const auto mid = lo + (hi - lo) / 2;
    std::nth_element(lo, mid, hi, std::greater<int64_t>());
    __int128 upper = 0;  // [lo, mid]: the larger half, pivot included
    for (auto it = lo; it <= mid; ++it) upper += *it;
    if (upper >= need) {
      hi = mid + 1;
    } else {
      need -= upper;
      count += (mid + 1) - lo;
      lo = mid + 1;
    }
  }
  std::sort(lo, hi, std::greater<int64_t>());
  for (auto it = lo; it != hi && need > 0; ++it) {
    need -= *it;
    ++count;
  }
  return count;
}

}  // namespace

BaseMetricsOptions ParseBaseMetricsOptions(const sdk::Config& config) {
  BaseMetricsOptions options;
  options.period_days = CheckedDays(config, "period_days", options.period_days);
  options.active_days = CheckedDays(config, "active_days", options.active_days);
  options.churn_days = CheckedDays(config, "churn_days", options.churn_days);
  options.stale_days = CheckedDays(config, "stale_days", options.stale_days);
  options.pareto_percent =
      config.has("pareto_percent") ? config.integer("pareto_percent") : options.pareto_percent;
  if (options.pareto_percent < 1 || options.pareto_percent > 100) {
    throw sdk::ConfigError("option 'pareto_percent' must be a whole percent from 1 to 100, got " +
                           std::to_string(options.pareto_percent));
  }
  return options;
}

std::string MonthText(int64_t month_index) {
  // The first day of the month, formatted, cut to "YYYY-MM".
  const int64_t year = month_index / 12;
  const int month = static_cast<int>(month_index % 12) + 1;
  return sdk::FormatDay(sdk::DaysFromCivil(year, month, 1)).substr(0, 7);
}

BaseMetrics ComputeBaseMetrics(const sdk::Dataset& dataset, const BaseMetricsOptions& options,
                               const std::function<void(size_t done)>& poll) {
  const size_t n = dataset.customer_count();
  const encore_dataset_v1& raw = dataset.raw();
  const int64_t* amount = raw.order_amount_minor;
  const int64_t* time = raw.order_time;
  const uint32_t* manager = raw.order_manager;

  BaseMetrics m;
  sdk::LocalDays local_day(dataset);
  const int64_t as_of_day = dataset.local_day(dataset.as_of());
  m.as_of_month = MonthIndex(as_of_day);
  std::vector<int64_t> positive_revenue;
  positive_revenue.reserve(n);
  m.by_manager.assign(dataset.manager_count() + 1, Conversion{});

  for (size_t c = 0; c < n; ++c) {
    if (c % kPollEvery == 0) poll(c);
    const uint32_t begin = dataset.first_order(c);
    const uint32_t end = dataset.end_order(c);
    if (begin >= end) continue;  // no visible order: not a customer at the as-of date
    ++m.customers;

    int64_t net = 0, positives = 0;
    int64_t first_positive_age = -1, last_positive_age = -1;
    bool buys_in_period = false;
    uint32_t first_manager = sdk::Dataset::kNone;
    int64_t cohort = 0, last_month = INT64_MIN;
    BaseMetrics::Cohort* acquired = nullptr;
    for (uint32_t o = begin; o < end; ++o) {
      const int64_t day = local_day(time[o]);
      const int64_t age = as_of_day - day;  // calendar days before the as-of day
      net += amount[o];
      const bool in_period = age < options.period_days;
      if (in_period) m.period_revenue += amount[o];
      if (amount[o] <= 0) continue;

      ++positives;
      if (in_period) ++m.period_positive_orders, buys_in_period = true;
      last_positive_age = age;
      const int64_t month = MonthIndex(day);
      if (positives == 1) {
        first_positive_age = age;
        first_manager = manager[o];
        cohort = month;
        auto [it, added] = m.cohorts.try_emplace(cohort);
        if (added) it->second.retention.assign(static_cast<size_t>(m.as_of_month - cohort + 1), 0);
        acquired = &it->second;
      }
      // Orders are in time order, so a customer's months never decrease: count each once.
      if (month != last_month) {
        ++acquired->retention[static_cast<size_t>(month - cohort)];
        last_month = month;
      }
    }

    m.total_revenue += net;
    if (net > 0) positive_revenue.push_back(net);
    ++m.by_orders[std::min<int64_t>(positives, 5)];
    if (buys_in_period) ++m.period_customers;
    // Without a positive order a customer never bought recently: churned, not active.
    if (positives == 0 || last_positive_age >= options.churn_days) ++m.churned_customers;
    if (positives == 0) continue;

    ++m.buyers;
    if (last_positive_age < options.active_days) ++m.active_customers;
    if (first_positive_age < options.period_days) ++m.new_customers;
    if (positives >= 2) ++m.repeat_customers;
    if (positives == 1) {
      ++m.one_time_customers;
      if (first_positive_age > options.stale_days) ++m.one_time_stale_customers;
    }
    Conversion& by_cohort = acquired->conversion;
    Conversion& by_manager =
        m.by_manager[first_manager == sdk::Dataset::kNone ? dataset.manager_count()
                                                          : first_manager];
    ++by_cohort.customers, ++by_manager.customers;
    if (positives >= 2) ++by_cohort.converted, ++by_manager.converted;
  }
  poll(n);
  m.pareto_customers = ParetoCount(positive_revenue, options.pareto_percent);
  return m;
}

}  // namespace encore::plugins::base_metrics
