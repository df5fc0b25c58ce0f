// Exact frequent itemsets of size 1, 2 and 3 (Apriori in three passes).
//
// Hand-written rather than taken from a library: no Debian package mines itemsets, and the
// counting loops are the whole cost. Items are renumbered by descending frequency so that the
// frequent ones are 0..F-1; pairs are counted in a dense triangular array when F(F-1)/2 counters
// fit in kDensePairLimit (a hash map otherwise); triples are counted only from frequent pairs
// inside each transaction, so the work stays proportional to what can be frequent. Each pass
// runs one thread per transaction chunk with private counters, merged at the end.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "plugins/methods/basket/transactions.h"

namespace encore::plugins::basket {

struct FrequentItemsets {
  int64_t transactions = 0;
  int64_t min_count = 0;               // the threshold used: count >= min_count is frequent
  std::vector<uint32_t> item_product;  // frequent item -> product id, by descending count
  std::vector<int64_t> item_count;     // transactions holding the item
  struct Pair {
    uint32_t a, b;  // frequent items, a < b
    int64_t count;
  };
  struct Triple {
    uint32_t a, b, c;  // frequent items, a < b < c
    int64_t count;
  };
  std::vector<Pair> pairs;      // sorted by (a, b)
  std::vector<Triple> triples;  // sorted by (a, b, c)

  // Count of the pair {x, y} (any order), 0 when it is not frequent. Binary search.
  int64_t PairCount(uint32_t x, uint32_t y) const;
};

constexpr uint64_t kDensePairLimit = uint64_t{32} << 20;  // counters per thread (128 MiB)

// The threshold count: max(min_count, ceil(min_support * transactions)).
int64_t ThresholdCount(int64_t transactions, double min_support, int64_t min_count);

// Mines the chunks (rewritten in place to their frequent items, renumbered and sorted).
// `poll` is called between passes and may throw to stop.
FrequentItemsets MineFrequentItemsets(std::vector<Transactions>& chunks, size_t product_count,
                                      double min_support, int64_t min_count,
                                      const std::function<void()>& poll);

}  // namespace encore::plugins::basket
