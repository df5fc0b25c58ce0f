// ParseAsOf: "latest", end of a local day, local date-times, clock changes, bad input.
#include <gtest/gtest.h>

#include "daemon/config/pipeline_spec.h"

namespace encore {
namespace {

int64_t AsOf(const std::string& value, const std::string& zone) {
  Result<std::optional<int64_t>> as_of = ParseAsOf(value, zone);
  EXPECT_TRUE(as_of.ok()) << as_of.status().message();
  if (!as_of.ok() || !as_of->has_value()) return -1;
  return **as_of;
}

std::string AsOfError(const std::string& value, const std::string& zone) {
  Result<std::optional<int64_t>> as_of = ParseAsOf(value, zone);
  if (as_of.ok()) return "<parsed>";
  EXPECT_EQ(as_of.status().code(), StatusCode::kInvalidArgument);
  return as_of.status().message();
}

TEST(ParseAsOfTest, LatestIsNoInstant) {
  Result<std::optional<int64_t>> as_of = ParseAsOf("latest", "Europe/London");
  ASSERT_TRUE(as_of.ok());
  EXPECT_FALSE(as_of->has_value());
}

TEST(ParseAsOfTest, DateIsTheLastSecondOfThatLocalDay) {
  EXPECT_EQ(AsOf("2011-12-09", "UTC"), 1323475199);            // 2011-12-09T23:59:59Z
  EXPECT_EQ(AsOf("2011-12-09", "Europe/Moscow"), 1323460799);  // 19:59:59Z (UTC+4 in 2011)
  EXPECT_EQ(AsOf("2024-02-29", "UTC"), 1709251199);            // leap day
}

TEST(ParseAsOfTest, DateTimeIsLocal) {
  EXPECT_EQ(AsOf("2011-12-10T08:30:00", "UTC"), 1323505800);
  EXPECT_EQ(AsOf("2021-07-01T12:00:00", "Europe/London"), 1625137200);  // BST: 11:00Z
  EXPECT_EQ(AsOf("2021-01-15T12:00:00", "Europe/London"), 1610712000);  // GMT: 12:00Z
}

TEST(ParseAsOfTest, EndOfDayAcrossDaylightSaving) {
  EXPECT_EQ(AsOf("2021-07-01", "Europe/London"), 1625180399);  // 22:59:59Z in summer
  EXPECT_EQ(AsOf("2021-01-15", "Europe/London"), 1610755199);  // 23:59:59Z in winter
  EXPECT_EQ(AsOf("2021-03-28", "Europe/London"), 1616972399);  // 23-hour day ends 22:59:59Z
  EXPECT_EQ(AsOf("2021-10-31", "Europe/London"), 1635724799);  // 25-hour day ends 23:59:59Z
}

TEST(ParseAsOfTest, EndOfDayWhenTheClockChangesAtMidnight) {
  // Chile moves its clocks at midnight. On 2022-04-02 the hour 23:00-24:00 happens twice; the
  // day ends after the second one (03:59:59Z), not the first (02:59:59Z).
  EXPECT_EQ(AsOf("2022-04-02", "America/Santiago"), 1648958399);
  // On 2022-09-11 local midnight does not exist (00:00 -> 01:00): 2022-09-10 still ends at its
  // 23:59:59 -04.
  EXPECT_EQ(AsOf("2022-09-10", "America/Santiago"), 1662868799);
}

TEST(ParseAsOfTest, RepeatedAndSkippedLocalTimes) {
  // 01:30 happens twice on 2021-10-31 in London: the earlier (BST) instant.
  EXPECT_EQ(AsOf("2021-10-31T01:30:00", "Europe/London"), 1635640200);  // 00:30Z
  // 01:30 does not exist on 2021-03-28: read with the offset before the change (GMT).
  EXPECT_EQ(AsOf("2021-03-28T01:30:00", "Europe/London"), 1616895000);  // 01:30Z
}

TEST(ParseAsOfTest, RejectsMalformedValues) {
  for (const char* value :
       {"2011-13-01", "2011-02-30", "2011-12-10 00:00:00", "2011-12-10T24:00:00",
        "2011-12-10T23:60:00", "2011-12-10T23:59:60", "2011-1-10", "yesterday", "", "Latest",
        "2011-12-10T00:00:00Z", "2011-12-10T00:00"}) {
    EXPECT_EQ(AsOfError(value, "UTC"),
              std::string("'") + value +
                  "' is not 'latest', a date 'YYYY-MM-DD' or a local time 'YYYY-MM-DDTHH:MM:SS'");
  }
}

TEST(ParseAsOfTest, RejectsUnknownZone) {
  EXPECT_EQ(AsOfError("2011-12-10", "Mars/Olympus"),
            "unknown time zone 'Mars/Olympus' (expected an IANA name such as 'UTC' or "
            "'Europe/Moscow')");
}

}  // namespace
}  // namespace encore
