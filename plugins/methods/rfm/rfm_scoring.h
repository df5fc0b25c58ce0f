// Quantile borders and bands: the arithmetic behind R, F and M scores (docs/metrics.md,
// "Scores"). Kept free of plugin types so the rule is easy to read in one place.
#pragma once

#include <cstdint>
#include <vector>

namespace encore::plugins::rfm {

// The k-1 quantile borders of `values`: border i is the value at 1-based rank ceil(i * n / k)
// of the values sorted ascending (i = 1..k-1). Reorders `values` (it is scratch space); runs in
// O(n) per border with nth_element instead of a full sort. Empty when `values` is empty.
std::vector<int64_t> QuantileBorders(std::vector<int64_t>& values, int k);

// The band of a value: 1 + the number of borders strictly below it. Equal values always share
// a band, and a value equal to a border belongs to the band that border closes.
inline int Band(int64_t value, const std::vector<int64_t>& borders) {
  int band = 1;
  for (int64_t border : borders) band += border < value ? 1 : 0;
  return band;
}

}  // namespace encore::plugins::rfm
