#include "plugins/methods/rfm/rfm_scoring.h"

#include <algorithm>

namespace encore::plugins::rfm {

std::vector<int64_t> QuantileBorders(std::vector<int64_t>& values, int k) {
  std::vector<int64_t> borders;
  const size_t n = values.size();
  if (n == 0) return borders;
  // Ranks ascend with i, so each nth_element only has to look at what lies after the previous
  // border's position.
  auto from = values.begin();
  for (int i = 1; i < k; ++i) {
    const size_t rank = (static_cast<size_t>(i) * n + static_cast<size_t>(k) - 1) / k;  // ceil
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    if (nth >= from) {
      std::nth_element(from, nth, values.end());
      from = nth + 1;
    }
    borders.push_back(*nth);
  }
  return borders;
}

}  // namespace encore::plugins::rfm
