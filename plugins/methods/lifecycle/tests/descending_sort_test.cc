// The radix sort of the value tiers against std::sort, on both sides of the size at which it
// takes over and on value ranges that need one to six passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "model/descending_sort.h"

namespace encore::plugins::lifecycle {
namespace {

std::vector<int64_t> Random(size_t n, int64_t max, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> value(0, max);
  std::vector<int64_t> v(n);
  for (auto& x : v) x = value(rng);
  return v;
}

void ExpectSortedLikeStdSort(std::vector<int64_t> values) {
  std::vector<int64_t> expected = values;
  std::sort(expected.begin(), expected.end(), std::greater<int64_t>());
  SortNonNegativeDescending(values);
  EXPECT_EQ(values, expected);
}

TEST(DescendingSortTest, MatchesStdSortAcrossSizesAndRanges) {
  for (size_t n : {0u, 1u, 2u, 4095u, 4096u, 100000u}) {
    for (int64_t max :
         {int64_t{0}, int64_t{1}, int64_t{2047}, int64_t{2048}, int64_t{5000000}, INT64_MAX}) {
      SCOPED_TRACE(testing::Message() << "n " << n << ", max " << max);
      ExpectSortedLikeStdSort(Random(n, max, n * 31 + static_cast<uint64_t>(max % 97)));
    }
  }
}

TEST(DescendingSortTest, KeepsEveryDuplicate) {
  std::vector<int64_t> values(10000, 7);
  values[123] = 9;
  values[9999] = 0;
  SortNonNegativeDescending(values);
  EXPECT_EQ(values.front(), 9);
  EXPECT_EQ(values[1], 7);
  EXPECT_EQ(values[9998], 7);
  EXPECT_EQ(values.back(), 0);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
