#include "order_size_alert.h"

#include <algorithm>

#include "rhythm_alert.h"
#include "robust_stats.h"

namespace encore::plugins::lifecycle {

OrderSizeAlert EvaluateOrderSize(const CustomerHistory& history, const OrderSizeOptions& options) {
  OrderSizeAlert result;
  if (history.count == 0) return result;
  result.last_amount_minor = history.last().amount_minor;
  result.last_purchase_day = history.last().day;
  const size_t previous = history.count - 1;
  if (previous == 0 || static_cast<int>(previous) < options.min_previous) return result;

  const size_t used =
      std::min(previous, static_cast<size_t>(std::clamp(options.window, 1, kMaxWindow)));
  double values[kMaxWindow];
  for (size_t i = 0; i < used; ++i) {
    values[i] = static_cast<double>(history.purchases[previous - 1 - i].amount_minor);
  }
  result.eligible = true;
  result.previous_used = static_cast<int32_t>(used);
  result.median_minor = MedianInPlace(values, used);
  result.mad_minor = MedianAbsoluteDeviationInPlace(values, used, result.median_minor);
  result.robust_bound_minor = result.median_minor - options.z * kMadToSigma * result.mad_minor;
  result.drop_bound_minor = result.median_minor * (1 - options.min_drop);
  const double last = static_cast<double>(result.last_amount_minor);
  // Purchases are positive, so the median is; the guard only protects hand-made histories.
  result.drop_share = result.median_minor > 0 ? 1 - last / result.median_minor : 0;
  result.alert = last < result.robust_bound_minor && last < result.drop_bound_minor;
  return result;
}

}  // namespace encore::plugins::lifecycle
