// The sufficient statistics of a BG/NBD or Pareto/NBD fit: customers with the same (x, t_x, T)
// contribute identical likelihood terms, and purchase histories built from calendar days share a
// few thousand distinct t_x and T values. The fits loop over distinct tuples with counts and
// look up ln(alpha + t) per distinct time instead of computing it per customer.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_HISTORY_TABLE_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_HISTORY_TABLE_H_

#include <cstdint>
#include <vector>

#include "summary.h"

namespace encore::plugins::predictive {

struct HistoryTable {
  std::vector<double> times;  // distinct values of t_x and T, ascending

  std::vector<int32_t> group_x;     // distinct x, ascending
  std::vector<double> group_count;  // customers with that x

  // Distinct (x, t_x, T) tuples ordered by x: group index, indexes into `times`, and count.
  std::vector<uint32_t> tuple_group;
  std::vector<uint32_t> tuple_tx;
  std::vector<uint32_t> tuple_T;
  std::vector<double> tuple_count;

  // Distinct (group, time) pairs that occur as (x, t_x) or (x, T), and each tuple's two pairs.
  // Filled only by AddTimePairs (the Pareto/NBD likelihood works per pair).
  std::vector<uint32_t> pair_group;
  std::vector<uint32_t> pair_time;
  std::vector<uint32_t> tuple_pair_tx;
  std::vector<uint32_t> tuple_pair_T;

  double customers = 0;         // customers in calibration
  double repeat_customers = 0;  // of which x > 0
  double total_x = 0;           // sum of x
  double total_T = 0;           // sum of T
};

// Customers with in_calibration == false are skipped. Non-finite or negative times are the
// caller's error (summaries never produce them).
HistoryTable BuildHistoryTable(const std::vector<CustomerSummary>& customers);

void AddTimePairs(HistoryTable* table);

// Every `every`-th tuple with its count (a systematic sample, stratified by x because tuples are
// ordered by x), with the totals recomputed; time pairs are not carried over.
HistoryTable SampleTuples(const HistoryTable& table, size_t every);

// Distinct (x, T) of the customers in calibration, for quantities that depend on the history only
// through (x, T) (expected transactions of an active customer, the discounted sum behind CLV).
struct HistoryPairs {
  static constexpr uint32_t kNone = 0xffffffffu;
  std::vector<int32_t> x;
  std::vector<double> T;
  std::vector<uint32_t> of_customer;  // index into x / T, or kNone when not in calibration
};

HistoryPairs BuildHistoryPairs(const std::vector<CustomerSummary>& customers);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_HISTORY_TABLE_H_
