// Per-customer repeat-purchase summary (x, t_x, T, mean repeat spend, holdout count) with the
// conventions of the BG/NBD, Pareto/NBD and Gamma-Gamma literature (see MODEL.md, "Summary").
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_SUMMARY_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_SUMMARY_H_

#include <cstddef>
#include <cstdint>

namespace encore::plugins::predictive {

enum class TimeUnit { kDays, kWeeks };

// Length of one model time unit in days: 1 or 7 (weeks are fractional: days / 7).
double DaysPerUnit(TimeUnit unit);

struct SummaryPeriod {
  int32_t calibration_end_day = 0;  // last calendar day of the calibration period (inclusive)
  // Last day of the holdout period (inclusive). A value <= calibration_end_day means no holdout.
  int32_t holdout_end_day = 0;
  TimeUnit unit = TimeUnit::kDays;
};

struct CustomerSummary {
  // False when the first purchase is after the calibration end: such a customer is not part of
  // the fit and gets no score. All other fields are zero then.
  bool in_calibration = false;
  int32_t x = 0;    // repeat transactions: distinct purchase days in calibration - 1
  double t_x = 0;   // (last - first purchase day) / days per unit
  double T = 0;     // (calibration end - first purchase day) / days per unit
  double zbar = 0;  // mean value of the repeat transactions (first day excluded); 0 when x = 0
  double first_value = 0;  // value of the first purchase day
  int32_t x_holdout = 0;   // distinct purchase days after calibration end, up to the holdout end
  int32_t first_day = 0;   // first purchase day
  int32_t last_day = 0;    // last purchase day on or before calibration end
};

// Summarises one customer's purchases. `days` are calendar day numbers in ascending order (equal
// days allowed: they are one transaction and their values are summed); `values` are parallel.
// Purchases after the holdout end are ignored. Unsorted input is sorted on a copy first.
CustomerSummary SummarizeCustomer(const int32_t* days, const double* values, size_t count,
                                  const SummaryPeriod& period);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_SUMMARY_H_
