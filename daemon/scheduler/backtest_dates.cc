#include "daemon/scheduler/backtest_dates.h"

#include <absl/time/civil_time.h>

#include <cstdio>

namespace encore {
namespace {

Result<absl::CivilDay> ParseDay(const std::string& text, const char* field) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return InvalidArgument(std::string(field) + ": '" + text + "' is not a YYYY-MM-DD date");
  }
  return day;
}

}  // namespace

Result<std::vector<std::string>> MonthEndDates(const std::string& from, const std::string& to) {
  Result<absl::CivilDay> first = ParseDay(from, "month_ends_from");
  if (!first.ok()) return first.status();
  Result<absl::CivilDay> last = ParseDay(to, "month_ends_to");
  if (!last.ok()) return last.status();
  if (*last < *first) return InvalidArgument("month_ends_to: before month_ends_from");
  std::vector<std::string> dates;
  for (absl::CivilMonth month(*first);; ++month) {
    const absl::CivilDay end = absl::CivilDay(month + 1) - 1;
    if (end > *last) break;
    if (end >= *first) {
      if (dates.size() == kMaxBacktestDates) {
        return InvalidArgument("month_ends_to: more than " + std::to_string(kMaxBacktestDates) +
                               " month ends");
      }
      char text[16];
      std::snprintf(text, sizeof(text), "%04d-%02d-%02d", static_cast<int>(end.year()), end.month(),
                    end.day());
      dates.push_back(text);
    }
  }
  return dates;
}

}  // namespace encore
