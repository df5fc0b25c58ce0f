// Calendar days as day numbers (days since 1970-01-01, proleptic Gregorian): the unit in which
// the dataset reports local days (Dataset::local_day). Pure arithmetic, no time zone library:
// a day number already is a calendar day of the pipeline's zone. Header-only, C++17.
#ifndef ENCORE_SDK_CIVIL_DAY_HPP_
#define ENCORE_SDK_CIVIL_DAY_HPP_

#include <cstdint>
#include <string>

namespace encore::sdk {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Howard Hinnant's days_from_civil (public-domain algorithm).
constexpr int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Howard Hinnant's civil_from_days (public-domain algorithm).
constexpr CivilDate CivilFromDays(int64_t day_number) {
  const int64_t z = day_number + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// "YYYY-MM-DD" of a day number; years outside 0..9999 are clamped to four digits.
inline std::string FormatDay(int64_t day_number) {
  const CivilDate date = CivilFromDays(day_number);
  int64_t year = date.year < 0 ? 0 : date.year > 9999 ? 9999 : date.year;
  std::string text(10, '0');
  for (int i = 3; i >= 0; --i, year /= 10) text[i] = static_cast<char>('0' + year % 10);
  text[4] = '-';
  text[5] = static_cast<char>('0' + date.month / 10);
  text[6] = static_cast<char>('0' + date.month % 10);
  text[7] = '-';
  text[8] = static_cast<char>('0' + date.day / 10);
  text[9] = static_cast<char>('0' + date.day % 10);
  return text;
}

static_assert(DaysFromCivil(1970, 1, 1) == 0, "epoch");
static_assert(DaysFromCivil(2000, 3, 1) == 11017, "leap century");
static_assert(CivilFromDays(-1).year == 1969 && CivilFromDays(-1).day == 31, "before the epoch");

}  // namespace encore::sdk

#endif  // ENCORE_SDK_CIVIL_DAY_HPP_
