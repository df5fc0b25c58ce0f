// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), the unit in which
// the dataset reports local purchase days.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_CIVIL_DATE_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_CIVIL_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace encore::plugins::predictive {

int32_t DayFromCivil(int32_t year, int32_t month, int32_t day);

// Parses "YYYY-MM-DD" (anything after the date, such as "T12:00:00", is ignored). Returns false
// when the text is not a valid calendar date.
bool ParseIsoDate(std::string_view text, int32_t* day_number);

// "YYYY-MM-DD" of a day number.
std::string FormatIsoDate(int32_t day_number);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_CIVIL_DATE_H_
