// The basket method's configuration, checked once in the constructor so run() can trust it.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>

namespace encore::plugins::basket {

struct BasketOptions {
  double min_support = 0.001;  // share of transactions
  int64_t min_count = 10;      // transactions
  double min_confidence = 0.1;
  double min_lift = 1.0;
  int64_t max_rules = 1000;
  int64_t recommendations = 3;  // products per customer
};

// Throws sdk::ConfigError naming the offending key.
BasketOptions ParseBasketOptions(const sdk::Config& config);

}  // namespace encore::plugins::basket
