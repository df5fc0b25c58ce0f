// Replenishment cycles: is a product bought by one customer at a steady rhythm, and where does
// the customer stand in that rhythm today? Definitions and defaults: README.md.
#ifndef ENCORE_PLUGINS_METHODS_REPLENISHMENT_PURCHASE_CYCLES_H_
#define ENCORE_PLUGINS_METHODS_REPLENISHMENT_PURCHASE_CYCLES_H_

#include <cstddef>
#include <cstdint>

namespace encore::plugins::replenishment {

// The most recent intervals a rhythm is learned from, at most; bounds the stack buffers.
constexpr int kMaxWindow = 64;

struct CycleOptions {
  int min_purchases = 3;            // purchases (distinct days) of the product, >= 3
  double max_cv = 0.5;              // coefficient of variation of the intervals, at most
  int window_intervals = 12;        // the most recent intervals used, 2..kMaxWindow
  int min_interval_days = 7;        // a shorter usual interval is ordinary shopping, not a stock
  int lead_days = 3;                // due from this many days before the expected day ...
  double max_overdue_factor = 1.0;  // ... until overdue by more than this x the interval
};

// One purchase of one product by one customer: a local day with at least one line of it of
// positive quantity, the quantities of that day summed.
struct ItemPurchase {
  int32_t day = 0;
  int64_t time = 0;            // UTC seconds of the day's first order with the product
  int64_t quantity_milli = 0;  // thousandths of a unit
};

struct Cycle {
  bool regular = false;  // enough purchases, steady and long enough intervals
  int32_t purchases = 0;
  int32_t intervals_used = 0;
  double usual_interval_days = 0;  // median of the intervals used
  double interval_cv = 0;          // population standard deviation / mean of the intervals used
  double usual_quantity = 0;       // median quantity (units) of the purchases of the window
  int32_t last_day = 0;
  int64_t last_time = 0;
};

// `purchases` ascending by day, days distinct. Does not allocate.
Cycle DetectCycle(const ItemPurchase* purchases, size_t count, const CycleOptions& options);

enum class CycleStage { kNotDue, kDue, kLapsed };

struct CycleState {
  CycleStage stage = CycleStage::kNotDue;
  int32_t days_since_last_purchase = 0;
  double days_overdue = 0;  // days since - usual interval; negative before the expected day
  int64_t expected_at = 0;  // last purchase time + usual interval
};

// Where a regular cycle stands on `as_of_day`:
//   due    <=> days since >= interval - lead_days and days overdue <= max_overdue_factor x interval
//   lapsed <=> days overdue > max_overdue_factor x interval
CycleState StateOf(const Cycle& cycle, int32_t as_of_day, const CycleOptions& options);

}  // namespace encore::plugins::replenishment

#endif  // ENCORE_PLUGINS_METHODS_REPLENISHMENT_PURCHASE_CYCLES_H_
