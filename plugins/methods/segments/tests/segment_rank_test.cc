// The default rank of the segments never contradicts the R and F scores, and the priority of a
// move follows its direction and destination.
#include <gtest/gtest.h>
#include <encore/sdk/plugin.hpp>

#include <string>

#include "plugins/methods/segments/default_segments.h"
#include "plugins/methods/segments/segment_events.h"
#include "plugins/methods/segments/segments_options.h"

namespace encore::plugins::segments {
namespace {

SegmentsOptions DefaultOptions() {
  return ParseSegmentsOptions(
      sdk::Config(nlohmann::json{{"r_score", "r_score"},
                                 {"f_score", "f_score"},
                                 {"k", 0},
                                 {"threads", 2},
                                 {"rank", nlohmann::json::parse(kDefaultRankJson)}}));
}

// For every two cells where the second has an R and an F at least as good as the first, the
// second's segment ranks at least as well (rank 1 is best).
void ExpectRankFollowsTheScores(const SegmentMap& map) {
  const int k = map.k;
  auto rank = [&](int r, int f) {
    return map.segments[map.cell_segment[static_cast<size_t>((r - 1) * k + (f - 1))]].rank;
  };
  for (int r = 1; r <= k; ++r) {
    for (int f = 1; f <= k; ++f) {
      ASSERT_GT(rank(r, f), 0) << "cell " << r << f << " is not ranked";
      for (int r2 = r; r2 <= k; ++r2) {
        for (int f2 = f; f2 <= k; ++f2) {
          EXPECT_LE(rank(r2, f2), rank(r, f))
              << "k " << k << ": cell " << r2 << f2 << " ranks below cell " << r << f;
        }
      }
    }
  }
}

TEST(SegmentRankTest, DefaultRankFollowsTheScoresOnBothDefaultMaps) {
  const SegmentsOptions options = DefaultOptions();
  ASSERT_EQ(options.maps.size(), 2u);
  EXPECT_TRUE(options.unranked.empty());
  ExpectRankFollowsTheScores(options.maps[0]);
  ExpectRankFollowsTheScores(options.maps[1]);
}

TEST(SegmentRankTest, DefaultRankIsTheDocumentedOrder) {
  const SegmentsOptions options = DefaultOptions();
  const std::vector<std::string> best_first = {"champions",
                                               "loyal",
                                               "potential_loyalist",
                                               "new",
                                               "promising",
                                               "need_attention",
                                               "about_to_sleep",
                                               "cant_lose",
                                               "at_risk",
                                               "hibernating",
                                               "lost"};
  ASSERT_EQ(options.rank.size(), best_first.size());
  for (size_t i = 0; i < best_first.size(); ++i) {
    EXPECT_EQ(options.rank.at(best_first[i]), static_cast<int64_t>(i + 1)) << best_first[i];
  }
}

TEST(SegmentRankTest, PriorityOfAMove) {
  EXPECT_EQ(MovePriority(true, "at_risk"), 1);
  EXPECT_EQ(MovePriority(true, "cant_lose"), 1);
  EXPECT_EQ(MovePriority(true, "lost"), 2);
  EXPECT_EQ(MovePriority(true, "need_attention"), 2);
  EXPECT_EQ(MovePriority(false, "at_risk"), 3);
  EXPECT_EQ(MovePriority(false, "champions"), 3);
}

}  // namespace
}  // namespace encore::plugins::segments
