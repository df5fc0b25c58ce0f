// Date-time parsing for the supported formats and local-time to UTC conversion.
//
// Hand-written parsers (fixed digit positions, no locale, no allocation) because every row has
// a date. Zone conversion uses absl::TimeZone, but only once per local hour: the UTC offset of
// an hour without a transition is cached, so rows pay a table lookup, not a zone lookup.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_DATE_TIME_H_
#define ENCORE_PLUGINS_SOURCES_CSV_DATE_TIME_H_

#include <absl/time/time.h>
#include <encore/sdk/civil_day.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "plugins/sources/csv/csv_options.h"

namespace encore::plugins::csv {

// A parsed date-time: the wall-clock reading, and the UTC offset if the text carried one.
struct WallTime {
  int64_t local_seconds = 0;  // seconds since 1970-01-01T00:00 of the wall clock
  bool has_offset = false;
  int32_t offset_seconds = 0;  // east of UTC
};

// Each returns false when `text` does not match the format or names an impossible date/time.
// iso8601: YYYY-MM-DD, optionally [T or space]HH:MM[:SS[.fraction]] and then Z or +hh[:mm] /
// -hh[:mm]. dd.MM.yyyy and M/d/yyyy: day and month 1 or 2 digits, optional " H:mm[:ss]".
bool ParseIso8601(std::string_view text, WallTime* out);
bool ParseDayMonthYear(std::string_view text, WallTime* out);
bool ParseMonthDayYear(std::string_view text, WallTime* out);
bool ParseUnixSeconds(std::string_view text, int64_t* utc_seconds);

// Converts wall-clock seconds in a zone to UTC seconds. A repeated local time (clocks go back)
// maps to its first occurrence; a skipped one (clocks go forward) to the moment of the
// transition, as absl::FromCivil does. Not thread-safe: one per thread.
class LocalToUtc {
 public:
  LocalToUtc(const absl::TimeZone& zone, bool is_utc) : zone_(zone), is_utc_(is_utc) {}
  int64_t Convert(int64_t local_seconds);

 private:
  struct HourOffset {
    int64_t hour = INT64_MIN;  // local hour number (local_seconds / 3600, floored)
    int32_t offset = 0;        // seconds east of UTC during that whole hour
    bool uniform = false;      // false: a transition falls in this hour, ask absl per row
  };
  int64_t ConvertExactly(int64_t local_seconds) const;
  void Fill(HourOffset* slot, int64_t hour) const;

  absl::TimeZone zone_;
  bool is_utc_;
  std::array<HourOffset, 512> cache_{};
};

// Parses the configured format and converts to UTC seconds. Not thread-safe: one per thread.
class DateTimeParser {
 public:
  DateTimeParser(DateFormat format, const absl::TimeZone& zone, bool zone_is_utc)
      : format_(format), to_utc_(zone, zone_is_utc) {}

  bool Parse(std::string_view text, int64_t* utc_seconds) {
    // The lines of one order share its date-time, and files are mostly in time order: the
    // previous answer is often the right one.
    if (text.size() == last_size_ && SameBytes(text.data(), last_text_, last_size_)) {
      *utc_seconds = last_utc_;
      return true;
    }
    return ParseAndRemember(text, utc_seconds);
  }

 private:
  // memcmp for the short texts of dates, without a library call.
  static bool SameBytes(const char* a, const char* b, size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (; n > 0; ++a, ++b, --n) {
      if (*a != *b) return false;
    }
    return true;
  }
  bool ParseAndRemember(std::string_view text, int64_t* utc_seconds);
  // ParseIso8601, reusing the day of the previous call when the date part is the same.
  bool ParseIsoRememberingDay(std::string_view text, WallTime* wall);

  DateFormat format_;
  LocalToUtc to_utc_;
  char last_text_[32];
  size_t last_size_ = sizeof(last_text_) + 1;  // nothing remembered yet
  int64_t last_utc_ = 0;
  char day_text_[10];
  bool day_known_ = false;
  int64_t day_seconds_ = 0;  // local midnight of day_text_
};

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_DATE_TIME_H_
