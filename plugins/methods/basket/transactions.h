// Transactions of the basket analysis, read from a dataset: one per visible order of positive
// net value, holding the distinct products bought on it (lines with a product and a positive
// quantity). Returns and credit-note lines are not purchases; an order with no such line is no
// transaction.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <vector>

namespace encore::plugins::basket {

// Transactions in compressed rows: the items of transaction t are items[begin[t], begin[t+1]).
struct Transactions {
  std::vector<uint32_t> begin{0};
  std::vector<uint32_t> items;

  size_t size() const { return begin.size() - 1; }
};

// The purchases of one order (distinct product ids, first-seen order) appended to `out`.
// `seen` has one slot per product and `stamp` is a value no slot holds yet; the caller
// increments it between orders, so no clearing is needed.
void AppendPurchases(const sdk::Dataset& dataset, size_t order, std::vector<uint32_t>& seen,
                     uint32_t stamp, std::vector<uint32_t>& out);

// True when the order is worth more than zero after netting. Visibility at as-of is the caller's:
// it walks each customer's visible range [first_order, end_order).
inline bool IsPositive(const sdk::Dataset& dataset, size_t order) {
  return dataset.order_amount(order) > 0;
}

// The transactions of the customers [first, last), in customer then order sequence.
Transactions CollectTransactions(const sdk::Dataset& dataset, size_t first, size_t last);

// The dataset's transactions in `parts` chunks over consecutive customer ranges, collected in
// parallel (one thread per chunk).
std::vector<Transactions> CollectTransactionsParallel(const sdk::Dataset& dataset, int parts);

}  // namespace encore::plugins::basket
