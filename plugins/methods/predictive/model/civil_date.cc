#include "civil_date.h"

#include <encore/sdk/civil_day.hpp>

namespace encore::plugins::predictive {
namespace {

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
  return static_cast<int32_t>(sdk::DaysFromCivil(year, month, day));
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
  const sdk::CivilDate check = sdk::CivilFromDays(number);
  if (check.month != month || check.day != day) return false;  // e.g. 1997-02-30
  *day_number = number;
  return true;
}

std::string FormatIsoDate(int32_t day_number) { return sdk::FormatDay(day_number); }

}  // namespace encore::plugins::predictive
