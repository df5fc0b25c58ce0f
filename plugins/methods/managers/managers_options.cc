#include "plugins/methods/managers/managers_options.h"

#include <cmath>
#include <string>

namespace encore::plugins::managers {
namespace {

int64_t Days(const sdk::Config& config, const std::string& key) {
  const int64_t days = config.integer(key);
  if (days < 1 || days > 3660) {
    throw sdk::ConfigError("option '" + key + "' must be a number of days from 1 to 3660, got " +
                           std::to_string(days));
  }
  return days;
}

}  // namespace

ManagersOptions ParseManagersOptions(const sdk::Config& config) {
  ManagersOptions o;
  o.period_days = Days(config, "period_days");
  o.conversion_days = Days(config, "conversion_days");
  o.winback_factor = config.number("winback_factor");
  if (!std::isfinite(o.winback_factor) || o.winback_factor < 1.0 || o.winback_factor > 100.0) {
    throw sdk::ConfigError("option 'winback_factor' must be from 1 to 100, got " +
                           std::to_string(o.winback_factor));
  }
  return o;
}

}  // namespace encore::plugins::managers
