// Date-time formats and time-zone conversion. Expected UTC seconds were computed independently
// with Python's datetime and zoneinfo (fold=0 for a repeated local time).
#include <absl/time/civil_time.h>

#include <vector>

#include "plugins/sources/csv/date_time.h"
#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class CsvDatesTest : public CsvTest {
 protected:
  // Reads one line per date text and returns the ordered_at values.
  std::vector<int64_t> ReadDates(const std::vector<std::string>& dates,
                                 const nlohmann::json& config) {
    std::string content = kCanonicalHeader;
    for (size_t i = 0; i < dates.size(); ++i) {
      content += std::to_string(i) + ",C,\"" + dates[i] + "\",P,1,1.00,M\n";
    }
    const SourceRunResult r = Read(Write("dates.csv", content), config);
    EXPECT_EQ(r.status, ENCORE_OK) << r.message;
    return r.lines.ordered_at;
  }
};

TEST_F(CsvDatesTest, Iso8601Variants) {
  EXPECT_THAT(ReadDates({"2011-12-09", "2011-12-09T12:50", "2011-12-09 12:50",
                         "2011-12-09T12:50:30", "2011-12-09 12:50:30.999", "2011-12-09T12:50:30Z",
                         "2011-12-09T15:50:30+03:00", "2011-12-09T07:50:30-0500",
                         "2011-12-09T13:50:30+01", "2024-02-29", "1969-12-31T23:59:59"},
                        {}),
              ElementsAre(1323388800, 1323435000, 1323435000, 1323435030, 1323435030, 1323435030,
                          1323435030, 1323435030, 1323435030, 1709164800, -1));
}

TEST_F(CsvDatesTest, DayMonthYear) {
  EXPECT_THAT(ReadDates({"31.12.2021 23:59:59", "31.12.2021 23:59", "31.12.2021", "1.2.2022 7:05"},
                        {{"date_format", "dd.MM.yyyy HH:mm[:ss]"}}),
              ElementsAre(1640995199, 1640995140, 1640908800, 1643699100));
}

TEST_F(CsvDatesTest, MonthDayYear) {
  // The format of the Online Retail xlsx export.
  EXPECT_THAT(ReadDates({"12/1/2010 8:26", "12/01/2010 08:26:05", "12/1/2010"},
                        {{"date_format", "M/d/yyyy H:mm"}}),
              ElementsAre(1291191960, 1291191965, 1291161600));
}

TEST_F(CsvDatesTest, UnixSeconds) {
  EXPECT_THAT(ReadDates({"1291191960", "0", "-1"},
                        {{"date_format", "unix"}, {"time_zone", "Europe/Moscow"}}),
              ElementsAre(1291191960, 0, -1));  // unix seconds ignore the zone
}

TEST_F(CsvDatesTest, MoscowChangedItsOffset) {
  // UTC+3 until 2011-03-27, UTC+4 until 2014-10-26, then UTC+3 again.
  EXPECT_THAT(ReadDates({"2011-01-15 12:00", "2012-06-01 04:00", "2020-01-01 03:00"},
                        {{"time_zone", "Europe/Moscow"}}),
              ElementsAre(1295082000, 1338508800, 1577836800));
}

TEST_F(CsvDatesTest, LondonDaylightSaving) {
  EXPECT_THAT(
      ReadDates({"2011-06-01 10:00",    // BST, UTC+1
                 "2011-12-01 10:00",    // GMT
                 "2011-03-27 01:30",    // skipped: maps to the transition, 01:00 UTC
                 "2011-10-30 01:30",    // repeated: the first occurrence (BST)
                 "2011-10-30 02:30",    // after the repeat: GMT
                 "2011-06-01T10:00Z"},  // an explicit offset wins over the zone
                {{"time_zone", "Europe/London"}}),
      ElementsAre(1306918800, 1322733600, 1301187600, 1319934600, 1319938200 + 3600, 1306922400));
}

TEST_F(CsvDatesTest, NewYorkSummer) {
  EXPECT_THAT(ReadDates({"07/04/2022 12:00"},
                        {{"date_format", "M/d/yyyy H:mm"}, {"time_zone", "America/New_York"}}),
              ElementsAre(1656950400));
}

TEST(CsvDateParsers, RejectImpossibleOrMalformedDates) {
  WallTime wall;
  for (const char* text :
       {"2011-13-01 10:00", "2011-02-29", "2012-02-30", "2011-12-09T24:00", "2011-12-09T23:60",
        "2011-12-09T23:59:60", "2011-12-9", "11-12-09", "2011-12-09T", "2011-12-09x",
        "2011-12-09T10:00+25:00", "2011-12-09T10:00:00.", "2011/12/09", "", " 2011-12-09",
        "2011-12-09T10:00:00+03:00x", "2011-12-09 10"}) {
    EXPECT_FALSE(ParseIso8601(text, &wall)) << text;
  }
  for (const char* text : {"32.01.2022", "01.13.2022", "1.1.22", "01.01.2022 10",
                           "01.01.2022 25:00", "01/01/2022", "01.01.2022 10:5"}) {
    EXPECT_FALSE(ParseDayMonthYear(text, &wall)) << text;
  }
  for (const char* text : {"13/1/2022", "2/30/2022", "1/1/2022 8:26 PM", "1.1.2022"}) {
    EXPECT_FALSE(ParseMonthDayYear(text, &wall)) << text;
  }
  int64_t seconds = 0;
  for (const char* text : {"", "-", "1.5", "12a", "9999999999999999"}) {
    EXPECT_FALSE(ParseUnixSeconds(text, &seconds)) << text;
  }
}

TEST(CsvDateParsers, DaysFromCivil) {
  EXPECT_EQ(sdk::DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(sdk::DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(sdk::DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(sdk::DaysFromCivil(1600, 1, 1), -135140);
}

// The per-hour offset cache must give what absl gives for every local hour and a few minutes
// around each of them, transitions included.
TEST(CsvLocalToUtc, CacheAgreesWithAbslForAWholeYear) {
  for (const char* name : {"Europe/London", "Europe/Moscow", "America/New_York",
                           "Australia/Lord_Howe", "Asia/Kolkata"}) {
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(name, &zone));
    LocalToUtc converter(zone, false);
    const absl::CivilSecond epoch(1970, 1, 1, 0, 0, 0);
    const int64_t start = sdk::DaysFromCivil(2011, 1, 1) * 86400;
    for (int64_t local = start; local < start + 366 * 86400; local += 1799) {
      const int64_t expected = absl::ToUnixSeconds(absl::FromCivil(epoch + local, zone));
      ASSERT_EQ(converter.Convert(local), expected) << name << " local " << local;
    }
  }
}

}  // namespace
}  // namespace encore::plugins::csv::testing
