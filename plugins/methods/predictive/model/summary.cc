#include "summary.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace encore::plugins::predictive {
namespace {

CustomerSummary SummarizeSorted(const int32_t* days, const double* values, size_t count,
                                const SummaryPeriod& period) {
  CustomerSummary s;
  if (count == 0 || days[0] > period.calibration_end_day) return s;
  s.in_calibration = true;
  s.first_day = days[0];
  s.last_day = days[0];
  int32_t holdout_days = 0;
  double repeat_value = 0;  // summed value of calibration purchases after the first day
  int32_t previous_day = days[0];
  for (size_t i = 1; i < count; ++i) {
    const int32_t day = days[i];
    if (day > period.calibration_end_day) {
      if (day > period.holdout_end_day) break;
      if (day != previous_day) ++holdout_days;
      previous_day = day;
      continue;
    }
    if (day != previous_day) {
      ++s.x;
      s.last_day = day;
      previous_day = day;
    }
    if (day != s.first_day) repeat_value += values[i];
  }
  for (size_t i = 0; i < count && days[i] == s.first_day; ++i) s.first_value += values[i];
  const double unit = DaysPerUnit(period.unit);
  s.t_x = (s.last_day - s.first_day) / unit;
  s.T = (period.calibration_end_day - s.first_day) / unit;
  s.zbar = s.x > 0 ? repeat_value / s.x : 0;
  s.x_holdout = holdout_days;
  return s;
}

}  // namespace

double DaysPerUnit(TimeUnit unit) { return unit == TimeUnit::kWeeks ? 7.0 : 1.0; }

CustomerSummary SummarizeCustomer(const int32_t* days, const double* values, size_t count,
                                  const SummaryPeriod& period) {
  if (std::is_sorted(days, days + count)) return SummarizeSorted(days, values, count, period);
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return days[a] < days[b]; });
  std::vector<int32_t> sorted_days(count);
  std::vector<double> sorted_values(count);
  for (size_t i = 0; i < count; ++i) {
    sorted_days[i] = days[order[i]];
    sorted_values[i] = values[order[i]];
  }
  return SummarizeSorted(sorted_days.data(), sorted_values.data(), count, period);
}

}  // namespace encore::plugins::predictive
