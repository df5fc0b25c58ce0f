#include "plugins/methods/replenishment/purchase_cycles.h"

#include <algorithm>
#include <cmath>

namespace encore::plugins::replenishment {
namespace {

// Median of n values (the mean of the two middle ones for an even n); reorders `values`.
double MedianInPlace(double* values, size_t n) {
  const size_t mid = n / 2;
  std::nth_element(values, values + mid, values + n);
  if (n % 2 == 1) return values[mid];
  const double upper = values[mid];
  const double lower = *std::max_element(values, values + mid);
  return (lower + upper) / 2;
}

}  // namespace

Cycle DetectCycle(const ItemPurchase* purchases, size_t count, const CycleOptions& options) {
  Cycle cycle;
  cycle.purchases = static_cast<int32_t>(count);
  if (count == 0) return cycle;
  cycle.last_day = purchases[count - 1].day;
  cycle.last_time = purchases[count - 1].time;
  if (count < static_cast<size_t>(options.min_purchases) || count < 3) return cycle;

  // The most recent window: up to window_intervals intervals and the purchases around them.
  const size_t intervals = std::min(count - 1, static_cast<size_t>(options.window_intervals));
  const ItemPurchase* window = purchases + (count - 1 - intervals);
  double gaps[kMaxWindow], quantities[kMaxWindow + 1];
  double sum = 0;
  for (size_t i = 0; i < intervals; ++i) {
    gaps[i] = window[i + 1].day - window[i].day;
    sum += gaps[i];
  }
  for (size_t i = 0; i <= intervals; ++i) quantities[i] = window[i].quantity_milli / 1000.0;
  const double mean = sum / static_cast<double>(intervals);
  double squares = 0;
  for (size_t i = 0; i < intervals; ++i) squares += (gaps[i] - mean) * (gaps[i] - mean);
  cycle.intervals_used = static_cast<int32_t>(intervals);
  cycle.interval_cv = std::sqrt(squares / static_cast<double>(intervals)) / mean;
  cycle.usual_interval_days = MedianInPlace(gaps, intervals);
  cycle.usual_quantity = MedianInPlace(quantities, intervals + 1);
  cycle.regular =
      cycle.interval_cv <= options.max_cv && cycle.usual_interval_days >= options.min_interval_days;
  return cycle;
}

CycleState StateOf(const Cycle& cycle, int32_t as_of_day, const CycleOptions& options) {
  CycleState state;
  state.days_since_last_purchase = as_of_day - cycle.last_day;
  state.days_overdue = state.days_since_last_purchase - cycle.usual_interval_days;
  // The interval is whole or half days: exact in seconds.
  state.expected_at = cycle.last_time + std::llround(cycle.usual_interval_days * 86400);
  if (state.days_overdue > options.max_overdue_factor * cycle.usual_interval_days) {
    state.stage = CycleStage::kLapsed;
  } else if (state.days_since_last_purchase >= cycle.usual_interval_days - options.lead_days) {
    state.stage = CycleStage::kDue;
  }
  return state;
}

}  // namespace encore::plugins::replenishment
