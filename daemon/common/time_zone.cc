#include "daemon/common/time_zone.h"

#include <absl/time/civil_time.h>

namespace encore {

Result<TimeZone> TimeZone::Load(const std::string& name) {
  TimeZone tz;
  if (!absl::LoadTimeZone(name, &tz.zone_)) {
    return InvalidArgument("unknown time zone '" + name +
                           "' (expected an IANA name such as "
                           "'UTC' or 'Europe/Moscow')");
  }
  tz.name_ = name;
  return tz;
}

int32_t TimeZone::LocalDay(int64_t utc_seconds) const {
  const absl::CivilDay day = absl::ToCivilDay(absl::FromUnixSeconds(utc_seconds), zone_);
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}

int32_t TimeZone::UtcOffset(int64_t utc_seconds) const {
  return zone_.At(absl::FromUnixSeconds(utc_seconds)).offset;
}

int64_t TimeZone::ToUtc(int y, int mo, int d, int h, int mi, int s) const {
  const absl::TimeZone::TimeInfo info = zone_.At(absl::CivilSecond(y, mo, d, h, mi, s));
  return absl::ToUnixSeconds(info.pre);
}

std::string TimeZone::FormatDay(int32_t day) {
  return absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) + day);
}

}  // namespace encore
