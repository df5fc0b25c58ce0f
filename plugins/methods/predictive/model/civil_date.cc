#include "civil_date.h"

#include <cstdio>

namespace encore::plugins::predictive {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
struct Civil {
  int32_t year, month, day;
};

Civil CivilFromDay(int32_t z) {
  z += 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m, d};
}

bool ParseDigits(std::string_view text, size_t begin, size_t count, int32_t* value) {
  int32_t v = 0;
  for (size_t i = begin; i < begin + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

}  // namespace

int32_t DayFromCivil(int32_t year, int32_t month, int32_t day) {
  year -= month <= 2;
  const int32_t era = (year >= 0 ? year : year - 399) / 400;
  const int32_t yoe = year - era * 400;
  const int32_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool ParseIsoDate(std::string_view text, int32_t* day_number) {
  int32_t year = 0, month = 0, day = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!ParseDigits(text, 0, 4, &year) || !ParseDigits(text, 5, 2, &month) ||
      !ParseDigits(text, 8, 2, &day)) {
    return false;
  }
  if (text.size() > 10 && text[10] >= '0' && text[10] <= '9') return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const int32_t number = DayFromCivil(year, month, day);
  const Civil check = CivilFromDay(number);
  if (check.month != month || check.day != day) return false;  // e.g. 1997-02-30
  *day_number = number;
  return true;
}

std::string FormatIsoDate(int32_t day_number) {
  const Civil c = CivilFromDay(day_number);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", static_cast<int>(c.year),
                static_cast<int>(c.month), static_cast<int>(c.day));
  return buffer;
}

}  // namespace encore::plugins::predictive
