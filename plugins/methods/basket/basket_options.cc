#include "plugins/methods/basket/basket_options.h"

#include <cmath>
#include <string>

namespace encore::plugins::basket {
namespace {

double NumberIn(const sdk::Config& config, const std::string& key, double low, double high) {
  const double value = config.number(key);
  if (!std::isfinite(value) || value < low || value > high) {
    throw sdk::ConfigError("option '" + key + "' must be between " + std::to_string(low) + " and " +
                           std::to_string(high) + ", got " + std::to_string(value));
  }
  return value;
}

int64_t IntegerIn(const sdk::Config& config, const std::string& key, int64_t low, int64_t high) {
  const int64_t value = config.integer(key);
  if (value < low || value > high) {
    throw sdk::ConfigError("option '" + key + "' must be between " + std::to_string(low) + " and " +
                           std::to_string(high) + ", got " + std::to_string(value));
  }
  return value;
}

}  // namespace

BasketOptions ParseBasketOptions(const sdk::Config& config) {
  BasketOptions o;
  o.min_support = NumberIn(config, "min_support", 0.0, 1.0);
  o.min_count = IntegerIn(config, "min_count", 1, INT32_MAX);
  o.min_confidence = NumberIn(config, "min_confidence", 0.0, 1.0);
  o.min_lift = NumberIn(config, "min_lift", 0.0, 1e12);
  o.max_rules = IntegerIn(config, "max_rules", 0, 1000000);
  o.recommendations = IntegerIn(config, "recommendations", 0, 100);
  return o;
}

}  // namespace encore::plugins::basket
