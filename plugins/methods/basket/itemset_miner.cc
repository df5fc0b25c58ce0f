#include "plugins/methods/basket/itemset_miner.h"

#include <absl/container/flat_hash_map.h>
#include <encore/sdk/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <tuple>

namespace encore::plugins::basket {
namespace {

// Runs body(chunk index) once per chunk, one thread each (exceptions reach the caller).
template <class Body>
void ForEachChunk(size_t chunks, Body&& body) {
  sdk::ForEachPart(static_cast<int>(chunks), [&body](int p) { body(static_cast<size_t>(p)); });
}

uint64_t PairKey(uint32_t a, uint32_t b) { return uint64_t{a} << 32 | b; }
// Triples pack 21 bits per item; MineFrequentItemsets refuses more frequent items than that.
constexpr uint32_t kTripleItemBits = 21;
uint64_t TripleKey(uint32_t a, uint32_t b, uint32_t c) {
  return (uint64_t{a} << 2 * kTripleItemBits) | (uint64_t{b} << kTripleItemBits) | c;
}

// Position of the pair a < b in the row-major upper triangle of an f x f matrix.
inline uint64_t TriangleIndex(uint64_t a, uint64_t b, uint64_t f) {
  return a * f - a * (a + 1) / 2 + (b - a - 1);
}

// Pair counts over the frequent items, dense or hashed.
class PairCounter {
 public:
  PairCounter(uint32_t items, bool dense) : f_(items), dense_(dense) {
    if (dense_) counts_.assign(uint64_t{f_} * (f_ - (f_ > 0 ? 1 : 0)) / 2, 0);
  }
  void Add(uint32_t a, uint32_t b) {
    if (dense_) {
      ++counts_[TriangleIndex(a, b, f_)];
    } else {
      ++sparse_[PairKey(a, b)];
    }
  }
  void Merge(const PairCounter& other) {
    if (dense_) {
      for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    } else {
      for (const auto& [key, n] : other.sparse_) sparse_[key] += n;
    }
  }
  // Calls visit(a, b, count) for every pair with count >= threshold, in (a, b) order for the
  // dense layout.
  template <class Visit>
  void ForEachFrequent(int64_t threshold, Visit&& visit) const {
    if (dense_) {
      uint64_t i = 0;
      for (uint32_t a = 0; a < f_; ++a) {
        for (uint32_t b = a + 1; b < f_; ++b, ++i) {
          if (counts_[i] >= threshold) visit(a, b, counts_[i]);
        }
      }
    } else {
      for (const auto& [key, n] : sparse_) {
        if (n >= threshold) visit(static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), n);
      }
    }
  }

 private:
  uint32_t f_;
  bool dense_;
  std::vector<uint32_t> counts_;
  absl::flat_hash_map<uint64_t, uint32_t> sparse_;
};

// Answers "is {a, b} a frequent pair" in O(1).
class FrequentPairSet {
 public:
  FrequentPairSet(uint32_t items, bool dense, const std::vector<FrequentItemsets::Pair>& pairs)
      : f_(items), dense_(dense) {
    if (dense_) {
      bits_.assign((uint64_t{f_} * (f_ - (f_ > 0 ? 1 : 0)) / 2 + 63) / 64, 0);
      for (const auto& p : pairs) {
        const uint64_t i = TriangleIndex(p.a, p.b, f_);
        bits_[i >> 6] |= uint64_t{1} << (i & 63);
      }
    } else {
      for (const auto& p : pairs) sparse_.emplace(PairKey(p.a, p.b), 1);
    }
  }
  bool Contains(uint32_t a, uint32_t b) const {  // a < b
    if (dense_) {
      const uint64_t i = TriangleIndex(a, b, f_);
      return (bits_[i >> 6] >> (i & 63)) & 1;
    }
    return sparse_.contains(PairKey(a, b));
  }

 private:
  uint32_t f_;
  bool dense_;
  std::vector<uint64_t> bits_;
  absl::flat_hash_map<uint64_t, uint8_t> sparse_;
};

}  // namespace

int64_t FrequentItemsets::PairCount(uint32_t x, uint32_t y) const {
  const uint32_t a = std::min(x, y), b = std::max(x, y);
  auto it = std::lower_bound(pairs.begin(), pairs.end(), std::make_pair(a, b),
                             [](const Pair& p, const std::pair<uint32_t, uint32_t>& key) {
                               return std::make_pair(p.a, p.b) < key;
                             });
  return it != pairs.end() && it->a == a && it->b == b ? it->count : 0;
}

int64_t ThresholdCount(int64_t transactions, double min_support, int64_t min_count) {
  const auto by_support = static_cast<int64_t>(std::ceil(min_support * transactions));
  return std::max(min_count, by_support);
}

FrequentItemsets MineFrequentItemsets(std::vector<Transactions>& chunks, size_t product_count,
                                      double min_support, int64_t min_count,
                                      const std::function<void()>& poll) {
  FrequentItemsets out;
  for (const auto& chunk : chunks) out.transactions += static_cast<int64_t>(chunk.size());
  out.min_count = ThresholdCount(out.transactions, min_support, min_count);
  const size_t parts = chunks.size();

  // Pass 1: item counts.
  std::vector<std::vector<uint32_t>> item_counts(parts);
  ForEachChunk(parts, [&](size_t p) {
    item_counts[p].assign(product_count, 0);
    for (uint32_t product : chunks[p].items) ++item_counts[p][product];
  });
  std::vector<int64_t> counts(product_count, 0);
  for (const auto& part : item_counts) {
    for (size_t i = 0; i < product_count; ++i) counts[i] += part[i];
  }
  item_counts.clear();
  std::vector<uint32_t> frequent;
  for (uint32_t i = 0; i < product_count; ++i) {
    if (counts[i] >= out.min_count) frequent.push_back(i);
  }
  // Most frequent first (product id breaks ties) so the busiest pairs share cache lines.
  std::sort(frequent.begin(), frequent.end(), [&](uint32_t x, uint32_t y) {
    return counts[x] != counts[y] ? counts[x] > counts[y] : x < y;
  });
  const auto f = static_cast<uint32_t>(frequent.size());
  if (f >= (uint32_t{1} << kTripleItemBits)) {
    throw std::length_error("basket: more than 2^21 frequent items; raise min_count");
  }
  constexpr uint32_t kInfrequent = UINT32_MAX;
  std::vector<uint32_t> item_of(product_count, kInfrequent);
  for (uint32_t i = 0; i < f; ++i) {
    item_of[frequent[i]] = i;
    out.item_product.push_back(frequent[i]);
    out.item_count.push_back(counts[frequent[i]]);
  }
  poll();

  // Pass 2: rewrite each transaction to its frequent items (sorted) and count pairs.
  const bool dense = uint64_t{f} * (f > 0 ? f - 1 : 0) / 2 <= kDensePairLimit;
  std::vector<PairCounter> pair_counts;
  for (size_t p = 0; p < parts; ++p) pair_counts.emplace_back(f, dense);
  ForEachChunk(parts, [&](size_t p) {
    Transactions& t = chunks[p];
    PairCounter& pc = pair_counts[p];
    uint32_t write = 0;
    for (size_t r = 0; r < t.size(); ++r) {
      const uint32_t row_begin = write;
      for (uint32_t i = t.begin[r]; i < t.begin[r + 1]; ++i) {
        const uint32_t item = item_of[t.items[i]];
        if (item != kInfrequent) t.items[write++] = item;
      }
      t.begin[r] = row_begin;
      uint32_t* row = t.items.data() + row_begin;
      const uint32_t n = write - row_begin;
      std::sort(row, row + n);
      for (uint32_t x = 0; x + 1 < n; ++x) {
        for (uint32_t y = x + 1; y < n; ++y) pc.Add(row[x], row[y]);
      }
    }
    t.begin.back() = write;
    t.items.resize(write);
  });
  for (size_t p = 1; p < parts; ++p) pair_counts[0].Merge(pair_counts[p]);
  if (parts > 1) pair_counts.erase(pair_counts.begin() + 1, pair_counts.end());
  if (f > 0) {
    pair_counts[0].ForEachFrequent(out.min_count, [&](uint32_t a, uint32_t b, int64_t n) {
      out.pairs.push_back(FrequentItemsets::Pair{a, b, n});
    });
  }
  pair_counts.clear();
  std::sort(out.pairs.begin(), out.pairs.end(), [](const auto& x, const auto& y) {
    return std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b);
  });
  poll();
  if (out.pairs.empty()) return out;

  // Pass 3: triples whose three pairs are all frequent (Apriori), from each transaction.
  const FrequentPairSet frequent_pairs(f, dense, out.pairs);
  std::vector<absl::flat_hash_map<uint64_t, uint32_t>> triple_counts(parts);
  ForEachChunk(parts, [&](size_t p) {
    const Transactions& t = chunks[p];
    auto& tc = triple_counts[p];
    std::vector<uint32_t> partners;
    for (size_t r = 0; r < t.size(); ++r) {
      const uint32_t* row = t.items.data() + t.begin[r];
      const uint32_t n = t.begin[r + 1] - t.begin[r];
      if (n < 3) continue;
      for (uint32_t x = 0; x + 2 < n; ++x) {
        partners.clear();
        for (uint32_t y = x + 1; y < n; ++y) {
          if (frequent_pairs.Contains(row[x], row[y])) partners.push_back(row[y]);
        }
        for (size_t i = 0; i + 1 < partners.size(); ++i) {
          for (size_t j = i + 1; j < partners.size(); ++j) {
            if (frequent_pairs.Contains(partners[i], partners[j])) {
              ++tc[TripleKey(row[x], partners[i], partners[j])];
            }
          }
        }
      }
    }
  });
  for (size_t p = 1; p < parts; ++p) {
    for (const auto& [key, n] : triple_counts[p]) triple_counts[0][key] += n;
  }
  constexpr uint64_t kMask = (uint64_t{1} << kTripleItemBits) - 1;
  for (const auto& [key, n] : triple_counts[0]) {
    if (n < out.min_count) continue;
    out.triples.push_back(
        FrequentItemsets::Triple{static_cast<uint32_t>(key >> 2 * kTripleItemBits),
                                 static_cast<uint32_t>(key >> kTripleItemBits & kMask),
                                 static_cast<uint32_t>(key & kMask), n});
  }
  std::sort(out.triples.begin(), out.triples.end(), [](const auto& x, const auto& y) {
    return std::tie(x.a, x.b, x.c) < std::tie(y.a, y.b, y.c);
  });
  poll();
  return out;
}

}  // namespace encore::plugins::basket
