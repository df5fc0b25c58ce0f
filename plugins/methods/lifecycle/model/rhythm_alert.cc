#include "rhythm_alert.h"

#include <algorithm>

#include "robust_stats.h"

namespace encore::plugins::lifecycle {

RhythmAlert EvaluateRhythm(const CustomerHistory& history, int32_t as_of_day,
                           const RhythmOptions& options) {
  RhythmAlert result;
  result.purchases = static_cast<int32_t>(history.count);
  if (history.count == 0) return result;
  result.last_purchase_day = history.last().day;
  result.days_silent = as_of_day - result.last_purchase_day;
  if (history.count < 2 || static_cast<int>(history.count) < options.min_purchases) return result;

  const int window = std::clamp(options.window_gaps, 1, kMaxWindow);
  const size_t gaps = std::min(history.count - 1, static_cast<size_t>(window));
  double values[kMaxWindow];
  for (size_t i = 0; i < gaps; ++i) {
    const size_t later = history.count - 1 - i;
    values[i] = history.purchases[later].day - history.purchases[later - 1].day;
  }
  result.eligible = true;
  result.gaps_used = static_cast<int32_t>(gaps);
  result.median_gap_days = MedianInPlace(values, gaps);
  result.upper_gap_days = NearestRankQuantileInPlace(values, gaps, options.upper_quantile);
  // Histories from CollectPurchases have gaps >= 1 day; the floor keeps a hand-made history with
  // zero gaps from alerting on every customer who did not buy today.
  const double usual = std::max(result.median_gap_days, 1.0);
  result.threshold_days = std::max(usual * options.factor, result.upper_gap_days);
  result.ratio = result.days_silent / usual;
  result.alert = result.days_silent > result.threshold_days;
  return result;
}

}  // namespace encore::plugins::lifecycle
