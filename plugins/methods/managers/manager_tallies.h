// One pass over every customer's visible orders that counts, per manager, everything the league
// table is made of: period and previous-period money, customers handled, portfolios, and the
// base and successes of conversion, retention and win-back per stratum. Definitions in
// README.md; the expected values and ranks are computed from these counts in league.h.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <vector>

#include "plugins/methods/managers/managers_options.h"
#include "plugins/methods/managers/strata.h"

namespace encore::plugins::managers {

struct Rate {
  int64_t base = 0;
  int64_t successes = 0;
};

// Counts of one manager; the last slot of ManagerTallies::managers holds customers and orders
// without a manager ("unassigned"), which count in the company-wide rates but have no row.
struct ManagerCounts {
  int64_t customers = 0;         // with an order of this manager in the period
  int64_t orders = 0;            // positive orders of this manager in the period
  int64_t revenue = 0;           // net value of this manager's orders in the period
  int64_t previous_revenue = 0;  // the same in the previous period
  int64_t portfolio = 0;         // customers whose owner at the as-of instant is this manager
  Rate conversion[kValueTiers];
  Rate retention[kHistoryStrata];
  Rate winback[kHistoryStrata];
};

struct ManagerTallies {
  int64_t as_of_day = 0;
  int64_t period_start = 0;             // first local day of the period
  std::vector<ManagerCounts> managers;  // manager_count + 1 (unassigned last)
  std::vector<uint32_t> owner_now;      // per customer: owner at the as-of instant, or kNone
  int64_t median_gap_days = 0;          // company median gap; 0 when nobody has a gap
  int64_t value_borders[kValueTiers - 1] = {0, 0};  // first-purchase value tier borders

  size_t unassigned() const { return managers.size() - 1; }
};

// `poll(done)` is called from the calling thread every few thousand customers and may throw to
// stop; the other parts then stop too.
ManagerTallies CountManagers(const sdk::Dataset& dataset, const ManagersOptions& options, int parts,
                             const std::function<void(size_t)>& poll);

}  // namespace encore::plugins::managers
