// The pattern syntax and the coverage check of the segment map, on the functions themselves.
#include "plugins/methods/segments/segment_map.h"

#include <gtest/gtest.h>
#include <encore/sdk/plugin.hpp>

#include <string>
#include <vector>

namespace encore::plugins::segments {
namespace {

std::vector<std::string> Codes(const std::vector<int>& cells, int k) {
  std::vector<std::string> codes;
  for (int cell : cells) codes.push_back(CellCode(cell, k));
  return codes;
}

std::string ExpandError(const std::string& pattern, int k) {
  try {
    ExpandPattern(pattern, k, "seg");
  } catch (const sdk::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SegmentMapTest, ExpandsScoresRangesSetsAndStars) {
  EXPECT_EQ(Codes(ExpandPattern("55", 5, "s"), 5), (std::vector<std::string>{"55"}));
  EXPECT_EQ(Codes(ExpandPattern("4[4-5]", 5, "s"), 5), (std::vector<std::string>{"44", "45"}));
  EXPECT_EQ(Codes(ExpandPattern("[1-2][3-4]", 5, "s"), 5),
            (std::vector<std::string>{"13", "14", "23", "24"}));
  EXPECT_EQ(Codes(ExpandPattern("[52]1", 5, "s"), 5), (std::vector<std::string>{"21", "51"}));
  EXPECT_EQ(Codes(ExpandPattern("3*", 3, "s"), 3), (std::vector<std::string>{"31", "32", "33"}));
  EXPECT_EQ(Codes(ExpandPattern("**", 3, "s"), 3).size(), 9u);
}

TEST(SegmentMapTest, RefusesPatternsOutsideTheGrammarOrTheGrid) {
  const std::string tail =
      "' of segment 'seg' is not R then F, each a score 1..5, a range [a-b], "
      "a set [abc] or *";
  for (const std::string bad :
       {"5", "555", "56", "05", "[5-4]1", "[1-6]1", "[]1", "[1-2", "a1", "", "4-5", "[1-2]"}) {
    EXPECT_EQ(ExpandError(bad, 5), "option 'map': pattern '" + bad + tail) << bad;
  }
  EXPECT_EQ(ExpandError("44", 3),
            "option 'map': pattern '44' of segment 'seg' is not R then F, each a score 1..3, a "
            "range [a-b], a set [abc] or *");
}

TEST(SegmentMapTest, BuildsTheLookupTableRowByRow) {
  const SegmentMap map =
      BuildSegmentMap(3, {{"top", {"3*"}, "a", "c"}, {"rest", {"[1-2]*"}, "a2", "c2"}});
  EXPECT_EQ(map.k, 3);
  ASSERT_EQ(map.segments.size(), 2u);
  EXPECT_EQ(map.segments[0].cells, (std::vector<std::string>{"31", "32", "33"}));
  EXPECT_EQ(map.cell_segment, (std::vector<uint8_t>{1, 1, 1, 1, 1, 1, 0, 0, 0}));
}

TEST(SegmentMapTest, ACellTwiceInOneSegmentIsNotAnOverlap) {
  const SegmentMap map =
      BuildSegmentMap(3, {{"top", {"33", "3*"}, "a", "c"}, {"rest", {"[12]*"}, "a", "c"}});
  EXPECT_EQ(map.segments[0].cells, (std::vector<std::string>{"31", "32", "33"}));
}

}  // namespace
}  // namespace encore::plugins::segments
