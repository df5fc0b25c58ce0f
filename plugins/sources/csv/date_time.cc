#include "plugins/sources/csv/date_time.h"

#include <absl/time/civil_time.h>

namespace encore::plugins::csv {
namespace {

bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Reads between `min` and `max` digits at `*p`.
bool ReadNumber(const char** p, const char* end, int min, int max, int* value) {
  int n = 0;
  int v = 0;
  const char* s = *p;
  while (s < end && n < max && IsDigit(*s)) {
    v = v * 10 + (*s - '0');
    ++s;
    ++n;
  }
  if (n < min) return false;
  *p = s;
  *value = v;
  return true;
}

bool TwoDigits(const char* p, int* value) {
  const unsigned tens = static_cast<unsigned>(p[0] - '0');
  const unsigned ones = static_cast<unsigned>(p[1] - '0');
  if (tens > 9 || ones > 9) return false;
  *value = static_cast<int>(tens * 10 + ones);
  return true;
}

bool Expect(const char** p, const char* end, char c) {
  if (*p >= end || **p != c) return false;
  ++*p;
  return true;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Checks ranges and fills local_seconds.
bool Assemble(int year, int month, int day, int hour, int minute, int second, WallTime* out) {
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  out->local_seconds =
      sdk::DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

// " H:mm[:ss]" after a day-first or month-first date; absent = midnight.
bool ParseClockAfterDate(const char* p, const char* end, int* hour, int* minute, int* second) {
  *hour = *minute = *second = 0;
  if (p == end) return true;
  if (!Expect(&p, end, ' ') || !ReadNumber(&p, end, 1, 2, hour) || !Expect(&p, end, ':') ||
      !ReadNumber(&p, end, 2, 2, minute)) {
    return false;
  }
  if (p < end && *p == ':' && !(++p, ReadNumber(&p, end, 2, 2, second))) return false;
  return p == end;
}

bool ParseDateWithSeparator(std::string_view text, char separator, bool day_first, WallTime* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  int first = 0, second_part = 0, year = 0;
  if (!ReadNumber(&p, end, 1, 2, &first) || !Expect(&p, end, separator) ||
      !ReadNumber(&p, end, 1, 2, &second_part) || !Expect(&p, end, separator) ||
      !ReadNumber(&p, end, 4, 4, &year)) {
    return false;
  }
  int hour, minute, second;
  if (!ParseClockAfterDate(p, end, &hour, &minute, &second)) return false;
  const int day = day_first ? first : second_part;
  const int month = day_first ? second_part : first;
  out->has_offset = false;
  return Assemble(year, month, day, hour, minute, second, out);
}

}  // namespace

bool ParseIso8601(std::string_view text, WallTime* out) {
  // The common layouts have fixed positions: YYYY-MM-DD, then [T ]HH:MM and :SS.
  const size_t n = text.size();
  const char* f = text.data();
  if ((n == 10 || n == 16 || n == 19) && f[4] == '-' && f[7] == '-') {
    int century, year_of_century, month, day, hour = 0, minute = 0, second = 0;
    bool ok = TwoDigits(f, &century) && TwoDigits(f + 2, &year_of_century) &&
              TwoDigits(f + 5, &month) && TwoDigits(f + 8, &day);
    if (ok && n >= 16) {
      ok = (f[10] == 'T' || f[10] == ' ') && f[13] == ':' && TwoDigits(f + 11, &hour) &&
           TwoDigits(f + 14, &minute);
    }
    if (ok && n == 19) ok = f[16] == ':' && TwoDigits(f + 17, &second);
    if (!ok) return false;
    out->has_offset = false;
    out->offset_seconds = 0;
    return Assemble(century * 100 + year_of_century, month, day, hour, minute, second, out);
  }
  const char* p = text.data();
  const char* end = p + text.size();
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadNumber(&p, end, 4, 4, &year) || !Expect(&p, end, '-') ||
      !ReadNumber(&p, end, 2, 2, &month) || !Expect(&p, end, '-') ||
      !ReadNumber(&p, end, 2, 2, &day)) {
    return false;
  }
  out->has_offset = false;
  out->offset_seconds = 0;
  if (p < end) {
    if (*p != 'T' && *p != ' ') return false;
    ++p;
    if (!ReadNumber(&p, end, 2, 2, &hour) || !Expect(&p, end, ':') ||
        !ReadNumber(&p, end, 2, 2, &minute)) {
      return false;
    }
    if (p < end && *p == ':') {
      ++p;
      if (!ReadNumber(&p, end, 2, 2, &second)) return false;
      if (p < end && (*p == '.' || *p == ',')) {  // fractions of a second are dropped
        const char* digits = ++p;
        while (p < end && IsDigit(*p)) ++p;
        if (p == digits) return false;
      }
    }
    if (p < end) {
      out->has_offset = true;
      if (*p == 'Z') {
        ++p;
      } else if (*p == '+' || *p == '-') {
        const int sign = *p++ == '-' ? -1 : 1;
        int offset_hours = 0, offset_minutes = 0;
        if (!ReadNumber(&p, end, 2, 2, &offset_hours)) return false;
        if (p < end) {
          Expect(&p, end, ':');
          if (!ReadNumber(&p, end, 2, 2, &offset_minutes)) return false;
        }
        if (offset_hours > 23 || offset_minutes > 59) return false;
        out->offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
      } else {
        return false;
      }
    }
    if (p != end) return false;
  }
  return Assemble(year, month, day, hour, minute, second, out);
}

bool ParseDayMonthYear(std::string_view text, WallTime* out) {
  return ParseDateWithSeparator(text, '.', /*day_first=*/true, out);
}

bool ParseMonthDayYear(std::string_view text, WallTime* out) {
  return ParseDateWithSeparator(text, '/', /*day_first=*/false, out);
}

bool ParseUnixSeconds(std::string_view text, int64_t* utc_seconds) {
  const char* p = text.data();
  const char* end = p + text.size();
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  if (p == end || end - p > 15) return false;  // 15 digits: far beyond any real date
  int64_t value = 0;
  for (; p < end; ++p) {
    if (!IsDigit(*p)) return false;
    value = value * 10 + (*p - '0');
  }
  *utc_seconds = negative ? -value : value;
  return true;
}

int64_t LocalToUtc::Convert(int64_t local_seconds) {
  if (is_utc_) return local_seconds;
  const int64_t hour =
      local_seconds >= 0 ? local_seconds / 3600 : -((-local_seconds + 3599) / 3600);
  HourOffset& slot = cache_[static_cast<uint64_t>(hour) % cache_.size()];
  if (slot.hour != hour) Fill(&slot, hour);
  return slot.uniform ? local_seconds - slot.offset : ConvertExactly(local_seconds);
}

int64_t LocalToUtc::ConvertExactly(int64_t local_seconds) const {
  const absl::CivilSecond civil = absl::CivilSecond(1970, 1, 1, 0, 0, 0) + local_seconds;
  return absl::ToUnixSeconds(absl::FromCivil(civil, zone_));
}

void LocalToUtc::Fill(HourOffset* slot, int64_t hour) const {
  const int64_t first = hour * 3600;
  const int64_t last = first + 3599;
  const absl::CivilSecond epoch(1970, 1, 1, 0, 0, 0);
  const absl::TimeZone::TimeInfo at_first = zone_.At(epoch + first);
  const absl::TimeZone::TimeInfo at_last = zone_.At(epoch + last);
  const int64_t offset_first = first - absl::ToUnixSeconds(at_first.pre);
  const int64_t offset_last = last - absl::ToUnixSeconds(at_last.pre);
  slot->hour = hour;
  slot->offset = static_cast<int32_t>(offset_first);
  slot->uniform = at_first.kind == absl::TimeZone::TimeInfo::UNIQUE &&
                  at_last.kind == absl::TimeZone::TimeInfo::UNIQUE && offset_first == offset_last;
}

bool DateTimeParser::ParseIsoRememberingDay(std::string_view text, WallTime* wall) {
  const size_t n = text.size();
  const char* f = text.data();
  if ((n != 10 && n != 16 && n != 19) || f[4] != '-' || f[7] != '-') {
    return ParseIso8601(text, wall);
  }
  if (!day_known_ || std::memcmp(f, day_text_, sizeof(day_text_)) != 0) {
    WallTime day;
    if (!ParseIso8601(text.substr(0, 10), &day)) return false;
    std::memcpy(day_text_, f, sizeof(day_text_));
    day_seconds_ = day.local_seconds;
    day_known_ = true;
  }
  int hour = 0, minute = 0, second = 0;
  if (n >= 16 && !((f[10] == 'T' || f[10] == ' ') && f[13] == ':' && TwoDigits(f + 11, &hour) &&
                   TwoDigits(f + 14, &minute) && hour <= 23 && minute <= 59)) {
    return false;
  }
  if (n == 19 && !(f[16] == ':' && TwoDigits(f + 17, &second) && second <= 59)) return false;
  wall->local_seconds = day_seconds_ + hour * 3600 + minute * 60 + second;
  wall->has_offset = false;
  wall->offset_seconds = 0;
  return true;
}

bool DateTimeParser::ParseAndRemember(std::string_view text, int64_t* utc_seconds) {
  WallTime wall;
  bool ok = false;
  switch (format_) {
    case DateFormat::kUnix:
      ok = ParseUnixSeconds(text, &wall.local_seconds);
      wall.has_offset = true;  // already UTC
      break;
    case DateFormat::kIso8601:
      ok = ParseIsoRememberingDay(text, &wall);
      break;
    case DateFormat::kDayMonthYear:
      ok = ParseDayMonthYear(text, &wall);
      break;
    case DateFormat::kMonthDayYear:
      ok = ParseMonthDayYear(text, &wall);
      break;
  }
  if (!ok) return false;
  *utc_seconds = wall.has_offset ? wall.local_seconds - wall.offset_seconds
                                 : to_utc_.Convert(wall.local_seconds);
  if (text.size() <= sizeof(last_text_)) {
    std::memcpy(last_text_, text.data(), text.size());
    last_size_ = text.size();
    last_utc_ = *utc_seconds;
  }
  return true;
}

}  // namespace encore::plugins::csv
