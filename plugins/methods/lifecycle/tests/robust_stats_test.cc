#include "model/robust_stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace encore::plugins::lifecycle {
namespace {

double Median(std::vector<double> v) { return MedianInPlace(v.data(), v.size()); }
double Quantile(std::vector<double> v, double q) {
  return NearestRankQuantileInPlace(v.data(), v.size(), q);
}
double Mad(std::vector<double> v) {
  const double m = Median(v);
  return MedianAbsoluteDeviationInPlace(v.data(), v.size(), m);
}

TEST(RobustStatsTest, MedianOddAndEven) {
  EXPECT_DOUBLE_EQ(Median({5}), 5);
  EXPECT_DOUBLE_EQ(Median({9, 1, 5}), 5);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median({7, 7, 7, 7}), 7);
}

TEST(RobustStatsTest, NearestRankQuantile) {
  const std::vector<double> ten = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  EXPECT_DOUBLE_EQ(Quantile(ten, 0.9), 9);  // rank 9, not 10: 0.9 * 10 is rank 9 exactly
  EXPECT_DOUBLE_EQ(Quantile(ten, 0.91), 10);
  EXPECT_DOUBLE_EQ(Quantile(ten, 0.5), 5);
  EXPECT_DOUBLE_EQ(Quantile(ten, 0.0), 1);  // rank clamped to 1
  EXPECT_DOUBLE_EQ(Quantile(ten, 1.0), 10);
  EXPECT_DOUBLE_EQ(Quantile({30, 90, 60}, 0.9), 90);  // rank ceil(2.7) = 3
}

TEST(RobustStatsTest, NearestRankToleratesFloatingProducts) {
  EXPECT_EQ(NearestRank(10, 0.9), 9u);
  EXPECT_EQ(NearestRank(100, 0.95), 95u);
  EXPECT_EQ(NearestRank(5, 0.8), 4u);
  EXPECT_EQ(NearestRank(3, 0.5), 2u);
  EXPECT_EQ(NearestRank(1, 0.1), 1u);
}

TEST(RobustStatsTest, MedianAbsoluteDeviation) {
  EXPECT_DOUBLE_EQ(Mad({1, 2, 3, 4, 100}), 1);  // deviations 2 1 0 1 97
  EXPECT_DOUBLE_EQ(Mad({5, 5, 5}), 0);
  EXPECT_DOUBLE_EQ(Mad({1000, 5000, 2000, 8000, 3000, 6000}), 2000);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
