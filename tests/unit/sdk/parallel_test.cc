// sdk/parallel.hpp: every part runs once, ranges tile [0, n), and a failing part reaches the
// caller as an exception instead of terminating the process.
#include <gtest/gtest.h>
#include <encore/sdk/parallel.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace encore::sdk {
namespace {

TEST(ParallelTest, EveryPartRunsOnce) {
  std::vector<std::atomic<int>> runs(5);
  ForEachPart(5, [&](int part) { ++runs[static_cast<size_t>(part)]; });
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
}

TEST(ParallelTest, NoPartsRunsNothing) {
  int calls = 0;
  ForEachPart(0, [&](int) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(ParallelTest, RangesTileTheWholeInterval) {
  std::vector<std::pair<size_t, size_t>> ranges(3);
  ForEachRange(10, 3, [&](int part, size_t begin, size_t end) {
    ranges[static_cast<size_t>(part)] = {begin, end};
  });
  EXPECT_EQ(ranges, (std::vector<std::pair<size_t, size_t>>{{0, 3}, {3, 6}, {6, 10}}));
}

TEST(ParallelTest, AnExceptionInAWorkerReachesTheCallerAfterAllPartsFinish) {
  std::atomic<int> finished{0};
  try {
    ForEachPart(4, [&](int part) {
      if (part == 2) throw std::runtime_error("part 2 failed");
      ++finished;
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "part 2 failed");
  }
  EXPECT_EQ(finished.load(), 3);
}

TEST(ParallelTest, TheLowestFailingPartWins) {
  try {
    ForEachPart(3, [](int part) { throw std::runtime_error("part " + std::to_string(part)); });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "part 0");
  }
}

}  // namespace
}  // namespace encore::sdk
