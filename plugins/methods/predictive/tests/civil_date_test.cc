#include "model/civil_date.h"

#include <gtest/gtest.h>

namespace encore::plugins::predictive {
namespace {

TEST(CivilDateTest, DayNumbers) {
  EXPECT_EQ(DayFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DayFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DayFromCivil(1997, 1, 1), 9862);
  EXPECT_EQ(DayFromCivil(1997, 9, 30), 10134);
  EXPECT_EQ(DayFromCivil(1998, 6, 30), 10407);
  EXPECT_EQ(DayFromCivil(2000, 2, 29), 11016);
  EXPECT_EQ(DayFromCivil(2024, 12, 31), 20088);
}

TEST(CivilDateTest, ParsesIsoDates) {
  int32_t day = 0;
  ASSERT_TRUE(ParseIsoDate("1997-09-30", &day));
  EXPECT_EQ(day, 10134);
  ASSERT_TRUE(ParseIsoDate("2022-01-01T00:06:50", &day));
  EXPECT_EQ(day, DayFromCivil(2022, 1, 1));
  ASSERT_TRUE(ParseIsoDate("2000-02-29", &day));
  EXPECT_EQ(day, 11016);
}

TEST(CivilDateTest, RejectsInvalidDates) {
  int32_t day = 7;
  for (const char* text : {"", "1997-9-30", "1997/09/30", "1997-02-30", "1999-02-29", "1997-13-01",
                           "1997-00-10", "1997-09-00", "19970930", "1997-09-301", "abcd-ef-gh"}) {
    EXPECT_FALSE(ParseIsoDate(text, &day)) << text;
  }
  EXPECT_EQ(day, 7);
}

TEST(CivilDateTest, FormatsDayNumbers) {
  EXPECT_EQ(FormatIsoDate(0), "1970-01-01");
  EXPECT_EQ(FormatIsoDate(10134), "1997-09-30");
  EXPECT_EQ(FormatIsoDate(11016), "2000-02-29");
  for (int32_t d = -1000; d < 30000; d += 37) {
    int32_t back = 0;
    ASSERT_TRUE(ParseIsoDate(FormatIsoDate(d), &back));
    EXPECT_EQ(back, d);
  }
}

}  // namespace
}  // namespace encore::plugins::predictive
