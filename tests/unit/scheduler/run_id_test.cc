#include "daemon/scheduler/run_id.h"

#include <gtest/gtest.h>

#include <regex>

namespace encore {
namespace {

TEST(RunIdGeneratorTest, ReadsAsTheUtcInstantToTheMillisecond) {
  RunIdGenerator ids;
  // 2026-11-23T10:15:02.123Z
  const std::string id = ids.NextAt(1795428902123);
  EXPECT_EQ(id.substr(0, 21), "r-20261123-101502123-");
  EXPECT_TRUE(std::regex_match(id, std::regex(R"(r-\d{8}-\d{9}-[0-9a-f]{4})"))) << id;
}

TEST(RunIdGeneratorTest, IdsIncreaseEvenWhenTheClockStallsOrStepsBack) {
  RunIdGenerator ids;
  const std::string a = ids.NextAt(1795428902123);
  const std::string b = ids.NextAt(1795428902123);
  const std::string c = ids.NextAt(1795428901000);
  EXPECT_EQ(b.substr(0, 21), "r-20261123-101502124-");
  EXPECT_EQ(c.substr(0, 21), "r-20261123-101502125-");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(RunIdGeneratorTest, SortsByTimeAcrossDays) {
  RunIdGenerator ids;
  const std::string before = ids.NextAt(1795391999999);  // 2026-11-22T23:59:59.999Z
  const std::string after = ids.NextAt(1795392000000);   // 2026-11-23T00:00:00.000Z
  EXPECT_EQ(before.substr(0, 21), "r-20261122-235959999-");
  EXPECT_EQ(after.substr(0, 21), "r-20261123-000000000-");
  EXPECT_LT(before, after);
}

}  // namespace
}  // namespace encore
