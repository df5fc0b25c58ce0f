// Dataset-level CRM figures over the as-of view: customer counts, period revenue and ARPU,
// repeat purchase and second-order conversion, churn, Pareto concentration, the repeat-sales
// report and monthly cohort retention. Every figure is defined in docs/metrics.md, "Base metrics".
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace encore::plugins::base_metrics {

struct BaseMetricsOptions {
  int64_t period_days = 365;  // the revenue / new-customer window ending on the as-of day
  int64_t active_days = 365;  // a positive order this recent makes a customer active
  int64_t churn_days = 365;   // no positive order this recent makes a customer churned
  int64_t stale_days = 180;   // a one-time buyer whose order is older than this is "stale"
  int64_t pareto_percent = 80;
};

BaseMetricsOptions ParseBaseMetricsOptions(const sdk::Config& config);

// Customers with a first positive order in one group (an acquisition month or a manager), and
// how many of them placed a second positive order.
struct Conversion {
  int64_t customers = 0;
  int64_t converted = 0;
};

struct BaseMetrics {
  int64_t customers = 0;  // with a visible order
  int64_t buyers = 0;     // with a visible positive order
  int64_t active_customers = 0;
  int64_t new_customers = 0;
  int64_t repeat_customers = 0;
  int64_t one_time_customers = 0;
  int64_t churned_customers = 0;
  int64_t one_time_stale_customers = 0;

  int64_t period_revenue = 0;          // minor units, net
  int64_t period_customers = 0;        // with a positive order in the period
  int64_t period_positive_orders = 0;  // positive orders in the period

  int64_t total_revenue = 0;     // net, all visible orders
  int64_t pareto_customers = 0;  // smallest top list reaching pareto_percent of the revenue

  // Customers by number of visible positive orders: [0], [1], [2], [3], [4], [5 and more].
  int64_t by_orders[6] = {0, 0, 0, 0, 0, 0};

  // Customers acquired in one month (the local month of their first positive order).
  struct Cohort {
    Conversion conversion;
    // retention[k]: cohort customers with a positive order in cohort month + k, up to the
    // as-of month.
    std::vector<int64_t> retention;
  };
  // Keyed by month index (year * 12 + month - 1).
  std::map<int64_t, Cohort> cohorts;
  int64_t as_of_month = 0;

  // Indexed by the manager of the first positive order; the last element is "no manager".
  std::vector<Conversion> by_manager;
};

// `poll` is called every few thousand customers; it throws to stop the computation.
BaseMetrics ComputeBaseMetrics(const sdk::Dataset& dataset, const BaseMetricsOptions& options,
                               const std::function<void(size_t done)>& poll);

// "YYYY-MM" of a month index (year * 12 + month - 1).
std::string MonthText(int64_t month_index);

}  // namespace encore::plugins::base_metrics
