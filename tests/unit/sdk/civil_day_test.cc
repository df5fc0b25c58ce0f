// sdk/civil_day.hpp against dates whose day numbers are known independently.
#include <gtest/gtest.h>
#include <encore/sdk/civil_day.hpp>

namespace encore::sdk {
namespace {

TEST(CivilDayTest, DayNumbersOfKnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 2, 29), 11016);
  EXPECT_EQ(DaysFromCivil(1997, 9, 30), 10134);  // the CDNOW calibration end
  EXPECT_EQ(DaysFromCivil(1600, 1, 1), -135140);
}

TEST(CivilDayTest, RoundTripsEveryDayOfFourCenturies) {
  for (int64_t day = DaysFromCivil(1800, 1, 1); day <= DaysFromCivil(2200, 1, 1); ++day) {
    const CivilDate date = CivilFromDays(day);
    ASSERT_EQ(DaysFromCivil(date.year, date.month, date.day), day);
  }
}

TEST(CivilDayTest, FormatsIsoDates) {
  EXPECT_EQ(FormatDay(0), "1970-01-01");
  EXPECT_EQ(FormatDay(11016), "2000-02-29");
  EXPECT_EQ(FormatDay(-1), "1969-12-31");
}

}  // namespace
}  // namespace encore::sdk
