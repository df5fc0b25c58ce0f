// The managers method's configuration, checked once in the constructor so run() can trust it.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>

namespace encore::plugins::managers {

struct ManagersOptions {
  int64_t period_days = 90;      // the period: the N calendar days ending on the as-of day
  int64_t conversion_days = 60;  // a newcomer converts with a second purchase this soon
  double winback_factor = 2.0;   // at risk: silent longer than this many usual gaps
};

// Throws sdk::ConfigError naming the offending key.
ManagersOptions ParseManagersOptions(const sdk::Config& config);

}  // namespace encore::plugins::managers
