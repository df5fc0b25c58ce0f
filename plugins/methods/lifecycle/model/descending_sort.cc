#include "descending_sort.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>

namespace encore::plugins::lifecycle {
namespace {

constexpr int kDigitBits = 11;
constexpr uint64_t kBuckets = uint64_t{1} << kDigitBits;
constexpr uint64_t kDigitMask = kBuckets - 1;
// Below this size the radix passes' fixed cost (bucket counts, a scratch copy) does not pay.
constexpr size_t kRadixFrom = 4096;

}  // namespace

void SortNonNegativeDescending(std::vector<int64_t>& values) {
  if (values.size() < kRadixFrom) {
    std::sort(values.begin(), values.end(), std::greater<int64_t>());
    return;
  }
  uint64_t largest = 0;
  for (int64_t v : values) largest = std::max(largest, static_cast<uint64_t>(v));
  std::vector<int64_t> scratch(values.size());
  std::vector<int64_t>* from = &values;
  std::vector<int64_t>* to = &scratch;
  for (int shift = 0; shift < 64 && (largest >> shift) != 0; shift += kDigitBits) {
    // Digit d goes to bucket kDigitMask - d: each stable pass orders by its digit descending,
    // so after the last pass the values are in descending order.
    std::array<size_t, kBuckets + 1> start{};
    for (int64_t v : *from) {
      ++start[kDigitMask - ((static_cast<uint64_t>(v) >> shift) & kDigitMask) + 1];
    }
    for (size_t b = 1; b <= kBuckets; ++b) start[b] += start[b - 1];
    for (int64_t v : *from) {
      (*to)[start[kDigitMask - ((static_cast<uint64_t>(v) >> shift) & kDigitMask)]++] = v;
    }
    std::swap(from, to);
  }
  if (from != &values) values.swap(scratch);
}

}  // namespace encore::plugins::lifecycle
