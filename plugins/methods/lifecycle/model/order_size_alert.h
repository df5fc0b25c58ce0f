// Smaller orders: the customer's latest purchase is far below their own usual purchase, by a
// robust test that a naturally variable customer does not fail. Definition and defaults:
// ../ALERTS.md, section "Smaller orders".
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_ORDER_SIZE_ALERT_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_ORDER_SIZE_ALERT_H_

#include <cstdint>

#include "purchase_history.h"

namespace encore::plugins::lifecycle {

struct OrderSizeOptions {
  int min_previous = 3;   // purchases before the latest one needed to know the usual size
  int window = 12;        // the most recent previous purchases compared with, 1..kMaxWindow
  double z = 2.5;         // robust z: last < median - z * 1.4826 * MAD ...
  double min_drop = 0.3;  // ... and last < median * (1 - min_drop)
};

struct OrderSizeAlert {
  bool eligible = false;
  bool alert = false;
  int32_t previous_used = 0;
  int64_t last_amount_minor = 0;
  double median_minor = 0;        // the usual purchase
  double mad_minor = 0;           // median absolute deviation of the previous purchases
  double robust_bound_minor = 0;  // median - z * 1.4826 * MAD
  double drop_bound_minor = 0;    // median * (1 - min_drop)
  double drop_share = 0;          // 1 - last / median
  int32_t last_purchase_day = 0;
};

// Does not allocate. `history` must come from CollectPurchases.
OrderSizeAlert EvaluateOrderSize(const CustomerHistory& history,
                                 const OrderSizeOptions& options = {});

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_ORDER_SIZE_ALERT_H_
