// The replenishment method's configuration, checked once at create() so run() can trust it.
#ifndef ENCORE_PLUGINS_METHODS_REPLENISHMENT_REPLENISHMENT_OPTIONS_H_
#define ENCORE_PLUGINS_METHODS_REPLENISHMENT_REPLENISHMENT_OPTIONS_H_

#include <encore/sdk/plugin.hpp>

#include "plugins/methods/replenishment/purchase_cycles.h"

namespace encore::plugins::replenishment {

struct ReplenishmentOptions {
  CycleOptions cycle;
  int threads = 2;
};

inline constexpr encore_option_v1 kReplenishmentOptions[] = {
    sdk::Option("min_purchases", ENCORE_OPTION_INT, "3",
                "Purchases (distinct days) of a product before its rhythm counts; >= 3."),
    sdk::Option("max_cv", ENCORE_OPTION_DOUBLE, "0.5",
                "Steady: standard deviation / mean of the intervals at most this; >= 0."),
    sdk::Option("window_intervals", ENCORE_OPTION_INT, "12",
                "The most recent intervals between purchases the rhythm is learned from; 2..64."),
    sdk::Option("min_interval_days", ENCORE_OPTION_INT, "7",
                "A usual interval shorter than this is ordinary shopping, not replenishment; "
                ">= 1."),
    sdk::Option("lead_days", ENCORE_OPTION_INT, "3",
                "item_due from this many days before the expected date; >= 0."),
    sdk::Option("max_overdue_factor", ENCORE_OPTION_DOUBLE, "1.0",
                "Overdue by more than this x the usual interval, the cycle has lapsed: no "
                "item_due; >= 0."),
    sdk::Option("threads", ENCORE_OPTION_INT, "2", "Threads reading the customers; 1..64."),
};

// Throws sdk::ConfigError naming the option.
ReplenishmentOptions ParseReplenishmentOptions(const sdk::Config& config);

}  // namespace encore::plugins::replenishment

#endif  // ENCORE_PLUGINS_METHODS_REPLENISHMENT_REPLENISHMENT_OPTIONS_H_
