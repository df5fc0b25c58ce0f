#include "plugins/methods/rfm/rfm_scoring.h"

#include <algorithm>

namespace encore::plugins::rfm {
namespace {

// 1-based rank of border i (1..k-1) among n sorted values: ceil(i * n / k).
size_t BorderRank(int i, size_t n, int k) {
  return (static_cast<size_t>(i) * n + static_cast<size_t>(k) - 1) / static_cast<size_t>(k);
}

// Days and order counts span a few thousand distinct values at most: counting them is one
// sequential pass, several times faster than selecting in a million-element array.
std::vector<int64_t> BordersByCounting(const std::vector<int64_t>& values, int k, int64_t min,
                                       int64_t max) {
  std::vector<uint32_t> counts(static_cast<size_t>(max - min) + 1, 0);
  for (int64_t v : values) ++counts[static_cast<size_t>(v - min)];
  std::vector<int64_t> borders;
  size_t seen = 0;  // values <= min + bucket
  size_t bucket = 0;
  for (int i = 1; i < k; ++i) {
    const size_t rank = BorderRank(i, values.size(), k);
    while (seen + counts[bucket] < rank) seen += counts[bucket++];
    borders.push_back(min + static_cast<int64_t>(bucket));
  }
  return borders;
}

std::vector<int64_t> BordersBySelection(std::vector<int64_t>& values, int k) {
  std::vector<int64_t> borders;
  // Ranks ascend with i, so each nth_element only has to look at what lies after the previous
  // border's position.
  auto from = values.begin();
  for (int i = 1; i < k; ++i) {
    const auto nth =
        values.begin() + static_cast<std::ptrdiff_t>(BorderRank(i, values.size(), k) - 1);
    if (nth >= from) {
      std::nth_element(from, nth, values.end());
      from = nth + 1;
    }
    borders.push_back(*nth);
  }
  return borders;
}

}  // namespace

std::vector<int64_t> QuantileBorders(std::vector<int64_t>& values, int k) {
  if (values.empty()) return {};
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const int64_t min = *min_it, max = *max_it;
  // Counting needs one counter per distinct candidate; allow up to about one per value.
  const bool small_range = static_cast<uint64_t>(max) - static_cast<uint64_t>(min) <
                           std::max<uint64_t>(values.size(), 1u << 16);
  return small_range ? BordersByCounting(values, k, min, max) : BordersBySelection(values, k);
}

}  // namespace encore::plugins::rfm
