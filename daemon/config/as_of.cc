// ParseAsOf (declared in pipeline_spec.h): the as_of setting as a UTC instant.
#include <absl/time/civil_time.h>

#include "daemon/common/time_zone.h"
#include "daemon/config/pipeline_spec.h"

namespace encore {
namespace {

// Reads `count` digits at `pos`; false when any is not a digit.
bool Digits(const std::string& s, size_t pos, size_t count, int& out) {
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

struct LocalTime {
  int year, month, day, hour = 0, minute = 0, second = 0;
  bool date_only = true;
};

// Strict "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" with a real calendar date and time of day.
std::optional<LocalTime> ParseLocalTime(const std::string& s) {
  LocalTime t{};
  if (s.size() != 10 && s.size() != 19) return std::nullopt;
  if (!Digits(s, 0, 4, t.year) || s[4] != '-' || !Digits(s, 5, 2, t.month) || s[7] != '-' ||
      !Digits(s, 8, 2, t.day)) {
    return std::nullopt;
  }
  if (s.size() == 19) {
    t.date_only = false;
    if (s[10] != 'T' || !Digits(s, 11, 2, t.hour) || s[13] != ':' || !Digits(s, 14, 2, t.minute) ||
        s[16] != ':' || !Digits(s, 17, 2, t.second)) {
      return std::nullopt;
    }
  }
  // absl normalises 2011-02-30 to March 2; a date that does not survive the trip is invalid.
  const absl::CivilDay day(t.year, t.month, t.day);
  if (day.year() != t.year || day.month() != t.month || day.day() != t.day) return std::nullopt;
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
  return t;
}

}  // namespace

Result<std::optional<int64_t>> ParseAsOf(const std::string& as_of, const std::string& time_zone) {
  if (as_of == "latest") return std::optional<int64_t>();
  const std::optional<LocalTime> t = ParseLocalTime(as_of);
  if (!t.has_value()) {
    return InvalidArgument("'" + as_of +
                           "' is not 'latest', a date 'YYYY-MM-DD' or a local time "
                           "'YYYY-MM-DDTHH:MM:SS'");
  }
  Result<TimeZone> zone = TimeZone::Load(time_zone);
  if (!zone.ok()) return zone.status();
  if (!t->date_only) {
    return std::optional<int64_t>(
        zone->ToUtc(t->year, t->month, t->day, t->hour, t->minute, t->second));
  }
  // The end of the day is one second before the next local midnight. Computing it this way
  // (rather than from 23:59:59) stays right on days where a clock change repeats or skips the
  // last hour: the repeated 23:xx is counted, a skipped midnight lands on the real day end.
  const absl::CivilDay next = absl::CivilDay(t->year, t->month, t->day) + 1;
  const int64_t next_midnight =
      zone->ToUtc(static_cast<int>(next.year()), next.month(), next.day(), 0, 0, 0);
  return std::optional<int64_t>(next_midnight - 1);
}

}  // namespace encore
