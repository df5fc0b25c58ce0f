// A customer's purchases as the lifecycle signals see them: one purchase per local day, positive
// value, ascending by day. Built once per customer from the raw orders, without allocating.
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_PURCHASE_HISTORY_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_PURCHASE_HISTORY_H_

#include <cstddef>
#include <cstdint>

namespace encore::plugins::lifecycle {

// An order as loaded: the local day number of its time and its net value (returns booked inside
// the order already subtracted), in minor units.
struct Order {
  int32_t day = 0;
  int64_t net_minor = 0;
};

// A purchase: the positive orders of one local day, their values summed.
struct Purchase {
  int32_t day = 0;
  int64_t amount_minor = 0;
};

// A view of a customer's purchases (ascending distinct days, positive amounts), as written by
// CollectPurchases. Does not own the memory.
struct CustomerHistory {
  const Purchase* purchases = nullptr;
  size_t count = 0;

  const Purchase& first() const { return purchases[0]; }
  const Purchase& last() const { return purchases[count - 1]; }
};

// Writes the purchases of `orders` (ascending by day) visible at `as_of_day` into `out`, which
// must hold `count` elements, and returns how many were written.
// - An order with net value <= 0 (a credit note, a fully returned order, a free replacement) is
//   not a purchase: it says nothing about when the customer chose to buy again.
// - Orders of the same day are one purchase with their values summed: a basket split into two
//   order numbers is one buying decision, and a gap of 0 days would break every rhythm statistic.
// - Orders after `as_of_day` are ignored, so an earlier as-of day reproduces earlier signals.
size_t CollectPurchases(const Order* orders, size_t count, int32_t as_of_day, Purchase* out);

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_PURCHASE_HISTORY_H_
