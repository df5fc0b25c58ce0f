// The lifecycle method's configuration: the option structs of the model (model/), filled from the
// flat plugin options and checked at create() so that a bad value never reaches a run.
#ifndef ENCORE_PLUGINS_METHODS_LIFECYCLE_PLUGIN_LIFECYCLE_OPTIONS_H_
#define ENCORE_PLUGINS_METHODS_LIFECYCLE_PLUGIN_LIFECYCLE_OPTIONS_H_

#include <encore/sdk/plugin.hpp>

#include <cstddef>

#include "model/order_size_alert.h"
#include "model/population_thresholds.h"
#include "model/rhythm_alert.h"
#include "model/value_tiers.h"

namespace encore::plugins::lifecycle {

struct LifecycleOptions {
  RhythmOptions rhythm;
  OrderSizeOptions order_size;
  PopulationOptions population;
  ChurnOptions churn;
  TierOptions tiers;
  int threads = 2;  // for the evaluation and the events
};

// The plugin's options, flat: the model's field names with the signal as prefix (the population
// fields are unique as they are). Defaults are the model's, documented in ALERTS.md.
inline constexpr encore_option_v1 kLifecycleOptions[] = {
    sdk::Option("rhythm_min_purchases", ENCORE_OPTION_INT, "4",
                "Purchases (>= 2) before a customer has a rhythm of their own."),
    sdk::Option("rhythm_factor", ENCORE_OPTION_DOUBLE, "1.5",
                "Rhythm alert when days silent > max(median gap x factor, upper gap); >= 1."),
    sdk::Option("rhythm_upper_quantile", ENCORE_OPTION_DOUBLE, "0.9",
                "Nearest-rank quantile of the customer's own gaps the silence must beat; (0, 1]."),
    sdk::Option("rhythm_window_gaps", ENCORE_OPTION_INT, "24",
                "The most recent gaps the rhythm is learned from; 1..64."),
    sdk::Option("order_size_min_previous", ENCORE_OPTION_INT, "3",
                "Purchases before the latest one needed to know the usual size; >= 1."),
    sdk::Option("order_size_window", ENCORE_OPTION_INT, "12",
                "The most recent previous purchases the latest one is compared with; 1..64."),
    sdk::Option("order_size_z", ENCORE_OPTION_DOUBLE, "2.5",
                "Robust z: last < median - z x 1.4826 x MAD; >= 0."),
    sdk::Option("order_size_min_drop", ENCORE_OPTION_DOUBLE, "0.3",
                "... and last < median x (1 - min_drop); [0, 1)."),
    sdk::Option("second_order_quantile", ENCORE_OPTION_DOUBLE, "0.8",
                "Quantile of first-to-second purchase gaps that is the second-order day; (0, 1]."),
    sdk::Option("second_order_horizon_days", ENCORE_OPTION_INT, "0",
                "Cohort and sample horizon of the second-order day; 0 = half the span from the "
                "earliest first purchase to the as-of day."),
    sdk::Option("second_order_day_override", ENCORE_OPTION_INT, "0",
                "> 0: the second-order day, instead of learning it."),
    sdk::Option("min_second_order_sample", ENCORE_OPTION_INT, "30",
                "Second purchases needed to learn the second-order day; fewer use the fallback."),
    sdk::Option("fallback_second_order_day", ENCORE_OPTION_INT, "60",
                "The second-order day when the sample is too small."),
    sdk::Option("churn_quantile", ENCORE_OPTION_DOUBLE, "0.95",
                "Quantile of all gaps between purchases that is the churn threshold; (0, 1]."),
    sdk::Option("churn_days_override", ENCORE_OPTION_INT, "0",
                "> 0: the churn threshold in days, instead of learning it."),
    sdk::Option("min_gap_sample", ENCORE_OPTION_INT, "100",
                "Gaps needed to learn the churn threshold; fewer use the fallback."),
    sdk::Option("fallback_churn_days", ENCORE_OPTION_INT, "180",
                "The churn threshold when the gap sample is too small."),
    sdk::Option("churn_lead_days", ENCORE_OPTION_INT, "14",
                "Last call starts this many days before the churn threshold ..."),
    sdk::Option("churn_lead_share", ENCORE_OPTION_DOUBLE, "0.0",
                "... or this share of the threshold, whichever is longer; [0, 1)."),
    sdk::Option("tier_a_share", ENCORE_OPTION_DOUBLE, "0.8",
                "Share of revenue closed by value tier A; (0, 1]."),
    sdk::Option("tier_b_share", ENCORE_OPTION_DOUBLE, "0.95",
                "Share of revenue closed by tiers A and B; [tier_a_share, 1]."),
    sdk::Option("threads", ENCORE_OPTION_INT, "2",
                "Threads evaluating the customers and making the events; 1..64."),
};

// Throws sdk::ConfigError naming the option, e.g. "option 'rhythm_factor' must be at least 1,
// got 0.5".
LifecycleOptions ParseLifecycleOptions(const sdk::Config& config);

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_METHODS_LIFECYCLE_PLUGIN_LIFECYCLE_OPTIONS_H_
