#include "plugins/methods/replenishment/replenishment_options.h"

#include <cmath>
#include <string>

namespace encore::plugins::replenishment {
namespace {

int IntegerIn(const sdk::Config& config, const std::string& key, int64_t low, int64_t high) {
  const int64_t value = config.integer(key);
  if (value < low || value > high) {
    throw sdk::ConfigError("option '" + key + "' must be in " + std::to_string(low) + ".." +
                           std::to_string(high) + ", got " + std::to_string(value));
  }
  return static_cast<int>(value);
}

double AtLeastZero(const sdk::Config& config, const std::string& key) {
  const double value = config.number(key);
  if (!std::isfinite(value) || value < 0) {
    throw sdk::ConfigError("option '" + key + "' must be a number >= 0, got " +
                           std::to_string(value));
  }
  return value;
}

}  // namespace

ReplenishmentOptions ParseReplenishmentOptions(const sdk::Config& config) {
  ReplenishmentOptions o;
  o.cycle.min_purchases = IntegerIn(config, "min_purchases", 3, 1000000);
  o.cycle.max_cv = AtLeastZero(config, "max_cv");
  o.cycle.window_intervals = IntegerIn(config, "window_intervals", 2, kMaxWindow);
  o.cycle.min_interval_days = IntegerIn(config, "min_interval_days", 1, 36525);
  o.cycle.lead_days = IntegerIn(config, "lead_days", 0, 36525);
  o.cycle.max_overdue_factor = AtLeastZero(config, "max_overdue_factor");
  o.threads = IntegerIn(config, "threads", 1, 64);
  return o;
}

}  // namespace encore::plugins::replenishment
