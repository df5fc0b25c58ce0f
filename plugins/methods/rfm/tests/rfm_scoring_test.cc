// QuantileBorders and Band against the definition in docs/metrics.md, on both of its paths
// (counting for narrow value ranges, selection for wide ones).
#include "plugins/methods/rfm/rfm_scoring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace encore::plugins::rfm {
namespace {

// The definition, written the slow and obvious way: sort, then take ranks ceil(i * n / k).
std::vector<int64_t> BordersByDefinition(std::vector<int64_t> values, int k) {
  std::sort(values.begin(), values.end());
  std::vector<int64_t> borders;
  for (int i = 1; i < k && !values.empty(); ++i) {
    const size_t rank = (static_cast<size_t>(i) * values.size() + k - 1) / k;
    borders.push_back(values[rank - 1]);
  }
  return borders;
}

TEST(QuantileBordersTest, MatchesTheDefinitionOnNarrowAndWideRanges) {
  std::mt19937_64 rng(20240331);
  for (int64_t range : {int64_t{1}, int64_t{3}, int64_t{40}, int64_t{5000}, int64_t{1} << 40}) {
    for (size_t n : {1u, 2u, 3u, 7u, 10u, 1000u, 100001u}) {
      for (int k : {3, 5}) {
        std::vector<int64_t> values(n);
        for (auto& v : values) v = static_cast<int64_t>(rng() % static_cast<uint64_t>(range)) - 7;
        std::vector<int64_t> scratch = values;
        EXPECT_EQ(QuantileBorders(scratch, k), BordersByDefinition(values, k))
            << "range " << range << " n " << n << " k " << k;
      }
    }
  }
}

TEST(QuantileBordersTest, HandlesExtremeValuesWithoutOverflow) {
  std::vector<int64_t> values = {INT64_MIN, -1, 0, 1, INT64_MAX, INT64_MAX};
  EXPECT_EQ(QuantileBorders(values, 3), (std::vector<int64_t>{-1, 1}));
}

TEST(QuantileBordersTest, EmptyInputHasNoBorders) {
  std::vector<int64_t> values;
  EXPECT_TRUE(QuantileBorders(values, 3).empty());
}

TEST(BandTest, CountsBordersStrictlyBelowTheValue) {
  const std::vector<int64_t> borders = {10, 20, 20, 30};
  EXPECT_EQ(Band(-5, borders), 1);
  EXPECT_EQ(Band(10, borders), 1);
  EXPECT_EQ(Band(11, borders), 2);
  EXPECT_EQ(Band(20, borders), 2);
  EXPECT_EQ(Band(21, borders), 4);  // band 3 is empty: its two borders are equal
  EXPECT_EQ(Band(30, borders), 4);
  EXPECT_EQ(Band(31, borders), 5);
}

}  // namespace
}  // namespace encore::plugins::rfm
