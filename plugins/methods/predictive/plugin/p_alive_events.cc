#include "plugin/p_alive_events.h"

#include <algorithm>
#include <cmath>

namespace encore::plugins::predictive {
namespace {

bool IsNull(const encore_column_v1* column, size_t c) {
  return column->null_mask != nullptr && column->null_mask[c] != 0;
}

// The time of the customer's latest purchase (an order of value >= 0) on or before `day`.
int64_t LastPurchaseAt(const sdk::Dataset& dataset, uint32_t c, int32_t day) {
  for (uint32_t o = dataset.end_order(c); o > dataset.first_order(c); --o) {
    if (dataset.order_amount(o - 1) >= 0 && dataset.local_day(dataset.order_time(o - 1)) <= day) {
      return dataset.order_time(o - 1);
    }
  }
  return 0;
}

}  // namespace

int64_t ValuableClvFloor(std::vector<int64_t> clv_before, const DropAlertOptions& options) {
  clv_before.erase(
      std::remove_if(clv_before.begin(), clv_before.end(), [](int64_t v) { return v <= 0; }),
      clv_before.end());
  int64_t floor = std::max<int64_t>(options.min_clv_minor, 1);
  if (clv_before.empty()) return floor;
  // Nearest rank ceil(share * n), a whole product up to rounding counting as that whole number
  // (0.4 * 5 is 2, not 3).
  const double product = options.top_clv_share * static_cast<double>(clv_before.size());
  auto rank = static_cast<size_t>(std::ceil(product - 1e-9 * std::max(1.0, product)));
  rank = std::clamp<size_t>(rank, 1, clv_before.size());
  std::nth_element(clv_before.begin(), clv_before.begin() + static_cast<ptrdiff_t>(rank - 1),
                   clv_before.end(), std::greater<int64_t>());
  return std::max(floor, clv_before[rank - 1]);
}

std::vector<sdk::Event> PAliveDrops(const sdk::Dataset& dataset,
                                    const std::vector<CustomerSummary>& customers,
                                    const std::vector<CustomerScore>& scores,
                                    const std::vector<int64_t>& clv_minor,
                                    const PreviousScores& previous, int32_t calibration_end_day,
                                    int64_t horizon_days, const DropAlertOptions& options) {
  std::vector<sdk::Event> events;
  if (previous.p_alive == nullptr || options.p_alive_below <= 0) return events;
  const size_t n = customers.size();
  const auto* p_before = static_cast<const double*>(previous.p_alive->values);
  // The CLV before the drop: the previous run's, or this run's when it has none.
  std::vector<int64_t> clv_before(n, 0);
  for (size_t c = 0; c < n; ++c) {
    if (previous.clv_minor == nullptr) {
      clv_before[c] = customers[c].in_calibration ? clv_minor[c] : 0;
    } else if (!IsNull(previous.clv_minor, c)) {
      clv_before[c] = static_cast<const int64_t*>(previous.clv_minor->values)[c];
    }
  }
  const int64_t floor = ValuableClvFloor(clv_before, options);

  for (size_t c = 0; c < n; ++c) {
    if (!customers[c].in_calibration || IsNull(previous.p_alive, c)) continue;
    const double before = p_before[c], now = scores[c].p_alive;
    if (!(before >= options.p_alive_below && now < options.p_alive_below)) continue;
    if (clv_before[c] < floor) continue;
    sdk::Event& e = events.emplace_back();
    e.customer = static_cast<uint32_t>(c);
    e.type = "p_alive_drop";
    e.priority = 1;
    const auto customer = static_cast<uint32_t>(c);
    e.evidence = {{"p_alive_before", before},
                  {"p_alive", now},
                  {"clv_before_minor", clv_before[c]},
                  {"clv_minor", clv_minor[c]},
                  {"expected_purchases", scores[c].expected_purchases},
                  {"horizon_days", horizon_days},
                  {"days_since_last_order", calibration_end_day - customers[c].last_day},
                  {"last_order_at", LastPurchaseAt(dataset, customer, calibration_end_day)}};
  }
  return events;
}

}  // namespace encore::plugins::predictive
