// p_alive_drop: a valuable customer whose P(alive) fell below `alert_p_alive_below` since the
// previous run (README.md, "Events"). Valuable is judged on the CLV the previous run gave the
// customer, before the drop pulled it down.
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_P_ALIVE_EVENTS_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_P_ALIVE_EVENTS_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <vector>

#include "model/scoring.h"
#include "model/summary.h"

namespace encore::plugins::predictive {

struct DropAlertOptions {
  double p_alive_below = 0.5;  // 0 turns the event off
  int64_t min_clv_minor = 0;   // the CLV before the drop must be at least this ...
  double top_clv_share = 0.2;  // ... and among the top share of customers by that CLV
};

// The previous run's scores this event compares with, aligned to this dataset.
struct PreviousScores {
  const encore_column_v1* p_alive = nullptr;    // F64 with nulls
  const encore_column_v1* clv_minor = nullptr;  // I64; nullptr: this run's CLV is used
};

// The smallest CLV that is "valuable": the nearest-rank top_clv_share of the positive values of
// `clv_before` (in descending order), raised to min_clv_minor and to 1. Customers tied at it are
// all valuable.
int64_t ValuableClvFloor(std::vector<int64_t> clv_before, const DropAlertOptions& options);

// The events, in customer order. `scores`, `customers` and `clv_minor` are this run's, one per
// dataset customer; days are counted to `calibration_end_day`.
std::vector<sdk::Event> PAliveDrops(const sdk::Dataset& dataset,
                                    const std::vector<CustomerSummary>& customers,
                                    const std::vector<CustomerScore>& scores,
                                    const std::vector<int64_t>& clv_minor,
                                    const PreviousScores& previous, int32_t calibration_end_day,
                                    int64_t horizon_days, const DropAlertOptions& options);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_P_ALIVE_EVENTS_H_
