#include "plugins/methods/basket/transactions.h"

#include <encore/sdk/parallel.hpp>

namespace encore::plugins::basket {

void AppendPurchases(const sdk::Dataset& dataset, size_t order, std::vector<uint32_t>& seen,
                     uint32_t stamp, std::vector<uint32_t>& out) {
  for (uint32_t l = dataset.first_line(order), end = dataset.end_line(order); l < end; ++l) {
    const uint32_t product = dataset.line_product(l);
    if (product == sdk::Dataset::kNone || dataset.line_quantity_milli(l) <= 0) continue;
    if (seen[product] == stamp) continue;
    seen[product] = stamp;
    out.push_back(product);
  }
}

Transactions CollectTransactions(const sdk::Dataset& dataset, size_t first, size_t last) {
  Transactions t;
  std::vector<uint32_t> seen(dataset.product_count(), 0);
  uint32_t stamp = 0;
  for (size_t c = first; c < last; ++c) {
    for (uint32_t o = dataset.first_order(c), end = dataset.end_order(c); o < end; ++o) {
      if (!IsPositive(dataset, o)) continue;
      const size_t before = t.items.size();
      AppendPurchases(dataset, o, seen, ++stamp, t.items);
      if (t.items.size() != before) t.begin.push_back(static_cast<uint32_t>(t.items.size()));
    }
  }
  return t;
}

std::vector<Transactions> CollectTransactionsParallel(const sdk::Dataset& dataset, int parts) {
  const size_t customers = dataset.customer_count();
  std::vector<Transactions> chunks(static_cast<size_t>(parts));
  sdk::ForEachRange(customers, parts, [&](int p, size_t begin, size_t end) {
    chunks[static_cast<size_t>(p)] = CollectTransactions(dataset, begin, end);
  });
  return chunks;
}

}  // namespace encore::plugins::basket
