// Value tiers (Pareto / ABC analysis): A are the customers producing the top 80% of revenue, B
// the next 15%, C the rest. Definition and tie rule: ../ALERTS.md, section "Value tiers".
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_VALUE_TIERS_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_VALUE_TIERS_H_

#include <cstddef>
#include <cstdint>

#include "purchase_history.h"

namespace encore::plugins::lifecycle {

enum class ValueTier : uint8_t { kA, kB, kC };

struct TierOptions {
  double a_share = 0.8;   // cumulative revenue share closed by tier A
  double b_share = 0.95;  // cumulative revenue share closed by tiers A and B
};

struct TierSummary {
  int64_t customers = 0;
  int64_t a_customers = 0, b_customers = 0, c_customers = 0;
  double a_customer_share = 0, b_customer_share = 0, c_customer_share = 0;
  double pareto_share = 0;          // share of customers producing a_share of revenue (= tier A)
  int64_t total_revenue_minor = 0;  // sum of the positive revenues
  double a_revenue_share = 0;       // revenue of tier A / total revenue
  int64_t a_min_revenue_minor = 0;  // smallest revenue in tier A (0 when empty)
  int64_t b_min_revenue_minor = 0;  // smallest revenue in tier B (0 when empty)
};

// The net revenue of a customer's orders visible at `as_of_day`: all orders, returns and credit
// notes included, so a returned purchase does not lift a customer into a higher tier.
int64_t NetRevenue(const Order* orders, size_t count, int32_t as_of_day);

// Assigns a tier to each of `count` customers from their revenue in the period and writes it to
// tiers[c]. Equal revenue always gives the same tier. Allocates one sorted copy of the revenues.
TierSummary AssignValueTiers(const int64_t* revenue_minor, size_t count, ValueTier* tiers,
                             const TierOptions& options = {});

const char* ToString(ValueTier tier);

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_VALUE_TIERS_H_
