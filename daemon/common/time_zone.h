// Calendar arithmetic in a pipeline's time zone (IANA names from the system tz database).
#pragma once

#include <absl/time/time.h>

#include <cstdint>
#include <string>

#include "daemon/common/status.h"

namespace encore {

class TimeZone {
 public:
  static Result<TimeZone> Load(const std::string& name);  // "UTC", "Europe/Moscow", ...
  const std::string& name() const { return name_; }
  // Days since 1970-01-01 of the local calendar date of a UTC instant.
  int32_t LocalDay(int64_t utc_seconds) const;
  // Seconds east of UTC at that instant.
  int32_t UtcOffset(int64_t utc_seconds) const;
  // UTC seconds of a local civil time (the earlier instant when it is ambiguous).
  int64_t ToUtc(int y, int mo, int d, int h, int mi, int s) const;
  // "YYYY-MM-DD" of a day number.
  static std::string FormatDay(int32_t day);

 private:
  std::string name_;
  absl::TimeZone zone_;
};

}  // namespace encore
