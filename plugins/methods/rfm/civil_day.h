// "YYYY-MM-DD" of a day number (days since 1970-01-01), without a time zone library: the day
// number already is a calendar day of the pipeline zone.
#pragma once

#include <cstdint>
#include <string>

namespace encore::plugins::rfm {

// H. Hinnant's civil_from_days, proleptic Gregorian.
inline std::string FormatDay(int64_t day) {
  const int64_t z = day + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);

  std::string text(10, '0');
  int64_t year = y < 0 ? 0 : y > 9999 ? 9999 : y;  // four digits; out-of-range years clamp
  for (int i = 3; i >= 0; --i, year /= 10) text[i] = static_cast<char>('0' + year % 10);
  text[4] = '-';
  text[5] = static_cast<char>('0' + m / 10);
  text[6] = static_cast<char>('0' + m % 10);
  text[7] = '-';
  text[8] = static_cast<char>('0' + d / 10);
  text[9] = static_cast<char>('0' + d % 10);
  return text;
}

}  // namespace encore::plugins::rfm
