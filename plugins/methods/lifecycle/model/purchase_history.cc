#include "purchase_history.h"

namespace encore::plugins::lifecycle {

size_t CollectPurchases(const Order* orders, size_t count, int32_t as_of_day, Purchase* out) {
  size_t written = 0;
  for (size_t i = 0; i < count; ++i) {
    const Order& order = orders[i];
    if (order.day > as_of_day) break;  // ascending: nothing later is visible either
    if (order.net_minor <= 0) continue;
    if (written > 0 && out[written - 1].day == order.day) {
      out[written - 1].amount_minor += order.net_minor;
    } else {
      out[written++] = Purchase{order.day, order.net_minor};
    }
  }
  return written;
}

}  // namespace encore::plugins::lifecycle
