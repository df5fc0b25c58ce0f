#include "daemon/store/local_day_table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace encore::store {
namespace {

constexpr int64_t k2022 = 1640995200;  // 2022-01-01T00:00:00Z
constexpr int64_t k2025 = 1735689600;  // 2025-01-01T00:00:00Z

class LocalDayTableTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LocalDayTableTest, AgreesWithTheZoneEverywhere) {
  const TimeZone zone = TimeZone::Load(GetParam()).value();
  const LocalDayTable table(zone, k2022, k2025);
  std::mt19937_64 random(7);
  for (int i = 0; i < 200000; ++i) {
    const int64_t t =
        k2022 - 86400 * 30 + static_cast<int64_t>(random() % (k2025 - k2022 + 86400 * 60));
    ASSERT_EQ(table.LocalDay(t), zone.LocalDay(t)) << GetParam() << " at " << t;
  }
  // Every second around each local midnight of the span, where an off-by-offset error shows.
  for (int64_t day_start = k2022 - 86400; day_start < k2025 + 86400; day_start += 86400) {
    for (int64_t t = day_start - 15 * 3600; t < day_start + 15 * 3600; t += 900) {
      ASSERT_EQ(table.LocalDay(t), zone.LocalDay(t)) << GetParam() << " at " << t;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Zones, LocalDayTableTest,
                         ::testing::Values("UTC", "Europe/London", "America/New_York",
                                           "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham",
                                           "America/St_Johns"));

TEST(LocalDayTableSegmentsTest, FindsEachTransitionOnce) {
  const TimeZone utc = TimeZone::Load("UTC").value();
  EXPECT_EQ(LocalDayTable(utc, k2022, k2025).segment_count(), 1u);
  const TimeZone london = TimeZone::Load("Europe/London").value();
  // Three years: two changes a year.
  EXPECT_EQ(LocalDayTable(london, k2022, k2025).segment_count(), 7u);
}

TEST(LocalDayTableSegmentsTest, NegativeInstantsRoundDown) {
  const TimeZone utc = TimeZone::Load("UTC").value();
  const LocalDayTable table(utc, -86400 * 3, 86400);
  EXPECT_EQ(table.LocalDay(-1), -1);
  EXPECT_EQ(table.LocalDay(-86400), -1);
  EXPECT_EQ(table.LocalDay(-86401), -2);
  EXPECT_EQ(table.LocalDay(0), 0);
}

}  // namespace
}  // namespace encore::store
