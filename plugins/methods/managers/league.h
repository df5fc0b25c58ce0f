// The league table: per manager, the raw figures of the period and, for conversion, retention
// and win-back, the actual rate next to the rate expected from the manager's own mix of
// customers (indirect standardization over the strata of strata.h), ranked by the adjusted
// score. Definitions in README.md.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "plugins/methods/managers/manager_tallies.h"

namespace encore::plugins::managers {

// One measure of one manager compared with the company.
struct Comparison {
  int64_t base = 0;          // customers in the measure's base
  int64_t successes = 0;     // of them converted / retained / won back
  double rate = 0;           // successes / base
  double expected = 0;       // sum over strata of base in stratum x company rate of stratum
  double expected_rate = 0;  // expected / base
  double adjusted = 0;       // rate - expected_rate
  double ratio = 0;          // successes / expected; 0 when expected is 0
};

struct LeagueRow {
  uint32_t manager = 0;  // dataset manager index
  int64_t rank = 0;      // 1 = best adjusted score
  double adjusted_score = 0;
  bool measured = false;  // has a base in at least one of the three measures
  ManagerCounts counts;
  Comparison conversion, retention, winback;
  double revenue_growth = 0;
  double average_order_value = 0;
};

// Company-wide rates per stratum (every customer, unassigned included).
struct CompanyRates {
  Rate conversion[kValueTiers];
  Rate retention[kHistoryStrata];
  Rate winback[kHistoryStrata];
};

CompanyRates CompanyRatesOf(const ManagerTallies& tallies);

// Rows of the managers with anything to show (customers, revenue in either period, a portfolio
// or a base), best rank first: managers with a base in some measure before those without, then
// by adjusted score descending, then by manager key.
std::vector<LeagueRow> BuildLeague(const ManagerTallies& tallies, const CompanyRates& company,
                                   const sdk::Dataset& dataset);

// Sum of successes / sum of bases of a measure's strata; 0 when there is no base.
double OverallRate(const Rate* strata, int count);

}  // namespace encore::plugins::managers
