// The lifecycle signals of one run as events for the playbook (README.md, "Events"):
// rhythm_slowdown, smaller_orders, no_second_order, last_call, churned, value_tier_up and
// value_tier_down, with the numbers behind each as evidence.
//
// Storm rules: the silence events give way to each other, so a customer gets at most one of
// them a run (churned > last_call > rhythm_slowdown, no_second_order); churned fires only on
// the run where the customer crosses the threshold, and nothing about silence or order size
// follows for a churned customer. The other events repeat on every run while their condition
// holds: the daemon keeps one open task per (type, customer, subject) and refreshes it.
#ifndef ENCORE_PLUGINS_METHODS_LIFECYCLE_PLUGIN_LIFECYCLE_EVENTS_H_
#define ENCORE_PLUGINS_METHODS_LIFECYCLE_PLUGIN_LIFECYCLE_EVENTS_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/order_size_alert.h"
#include "model/population_thresholds.h"
#include "model/rhythm_alert.h"
#include "model/value_tiers.h"

namespace encore::plugins::lifecycle {

// Everything the run found about one customer with a purchase.
struct CustomerSignals {
  RhythmAlert rhythm;
  OrderSizeAlert size;
  SecondOrderSignal second;
  ChurnSignal churn;
  int32_t purchases = 0;
  ValueTier tier = ValueTier::kC;
  int64_t revenue_minor = 0;
};

// The previous run's scores of this method, aligned to this dataset (null columns: no such
// run or score).
class PreviousRun {
 public:
  explicit PreviousRun(const sdk::MethodContext& context);
  std::optional<std::string_view> churn_stage(size_t c) const { return Text(churn_stage_, c); }
  std::optional<std::string_view> value_tier(size_t c) const { return Text(value_tier_, c); }
  std::optional<int64_t> revenue_minor(size_t c) const;

 private:
  static std::optional<std::string_view> Text(const encore_column_v1* column, size_t c);
  const encore_column_v1* churn_stage_;
  const encore_column_v1* value_tier_;
  const encore_column_v1* revenue_minor_;
};

// What every event of the run shares.
struct RunFacts {
  int32_t utc_offset = 0;  // of the pipeline zone at as_of: local day -> UTC midnight
  int64_t tier_a_floor_minor = 0;
  int64_t tier_b_floor_minor = 0;
};

// Appends the events of customer c to `out`.
void AppendLifecycleEvents(const sdk::Dataset& dataset, uint32_t c, const CustomerSignals& s,
                           const PreviousRun& previous, const RunFacts& facts,
                           std::vector<sdk::Event>* out);

// UTC seconds of the start of a local day, with the zone's offset at as_of (a daylight-saving
// change between the two moves it by the change, never by a day).
inline int64_t LocalMidnightUtc(int32_t day, int32_t utc_offset) {
  return static_cast<int64_t>(day) * 86400 - utc_offset;
}

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_METHODS_LIFECYCLE_PLUGIN_LIFECYCLE_EVENTS_H_
