// The dates of a backtest given as a range: every month end between two dates.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/status.h"

namespace encore {

inline constexpr size_t kMaxBacktestDates = 120;

// "YYYY-MM-DD" of every last day of a month in [from, to] (both "YYYY-MM-DD"), oldest first.
// Errors name the field: "month_ends_from: not a YYYY-MM-DD date", "month_ends_to: before
// month_ends_from", "month_ends_to: more than 120 month ends".
Result<std::vector<std::string>> MonthEndDates(const std::string& from, const std::string& to);

}  // namespace encore
