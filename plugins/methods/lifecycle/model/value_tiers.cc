#include "value_tiers.h"

#include <algorithm>
#include <vector>

#include "descending_sort.h"

namespace encore::plugins::lifecycle {
namespace {

// The smallest revenue of the tier closing `share` of `total`: walking customers from the
// highest revenue down, the revenue of the customer with whom the running sum first reaches the
// share. Returns 0 when the share is never reached (no positive revenue).
int64_t ClosingRevenue(const std::vector<int64_t>& descending, int64_t total, double share) {
  // A relative tolerance so that 80 of 100 reaches 0.8 although 0.8 * 100 is not exact.
  const double target = share * static_cast<double>(total) * (1 - 1e-12);
  double running = 0;
  for (int64_t value : descending) {
    running += static_cast<double>(value);
    if (running >= target) return value;
  }
  return descending.empty() ? 0 : descending.back();
}

}  // namespace

int64_t NetRevenue(const Order* orders, size_t count, int32_t as_of_day) {
  int64_t sum = 0;
  for (size_t i = 0; i < count && orders[i].day <= as_of_day; ++i) sum += orders[i].net_minor;
  return sum;
}

TierSummary AssignValueTiers(const int64_t* revenue_minor, size_t count, ValueTier* tiers,
                             const TierOptions& options) {
  TierSummary summary;
  summary.customers = static_cast<int64_t>(count);
  std::vector<int64_t> positive;
  positive.reserve(count);
  for (size_t c = 0; c < count; ++c) {
    if (revenue_minor[c] > 0) {
      positive.push_back(revenue_minor[c]);
      summary.total_revenue_minor += revenue_minor[c];
    }
  }
  SortNonNegativeDescending(positive);

  // A customer is in the tier whose closing revenue they reach; ties at a closing revenue all
  // join the higher tier, so the result does not depend on the input order.
  int64_t a_floor = 0, b_floor = 0;
  if (summary.total_revenue_minor > 0) {
    a_floor = ClosingRevenue(positive, summary.total_revenue_minor, options.a_share);
    b_floor = ClosingRevenue(positive, summary.total_revenue_minor, options.b_share);
  }
  int64_t a_revenue = 0;
  int64_t b_min = 0;
  for (size_t c = 0; c < count; ++c) {
    const int64_t r = revenue_minor[c];
    ValueTier tier = ValueTier::kC;
    if (r > 0 && r >= a_floor) {
      tier = ValueTier::kA;
      ++summary.a_customers;
      a_revenue += r;
    } else if (r > 0 && r >= b_floor) {
      tier = ValueTier::kB;
      ++summary.b_customers;
      b_min = (b_min == 0) ? r : std::min(b_min, r);
    } else {
      ++summary.c_customers;
    }
    tiers[c] = tier;
  }
  summary.a_min_revenue_minor = summary.a_customers > 0 ? a_floor : 0;
  summary.b_min_revenue_minor = b_min;
  if (count > 0) {
    const double n = static_cast<double>(count);
    summary.a_customer_share = summary.a_customers / n;
    summary.b_customer_share = summary.b_customers / n;
    summary.c_customer_share = summary.c_customers / n;
    summary.pareto_share = summary.a_customer_share;
  }
  if (summary.total_revenue_minor > 0) {
    summary.a_revenue_share =
        static_cast<double>(a_revenue) / static_cast<double>(summary.total_revenue_minor);
  }
  return summary;
}

const char* ToString(ValueTier tier) {
  switch (tier) {
    case ValueTier::kA:
      return "A";
    case ValueTier::kB:
      return "B";
    case ValueTier::kC:
      return "C";
  }
  return "C";
}

}  // namespace encore::plugins::lifecycle
