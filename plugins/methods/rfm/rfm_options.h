// The rfm method's configuration, checked once in the constructor so run() can trust it.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace encore::plugins::rfm {

enum class Scoring { kQuantile, kFixed };

// Upper borders of the bands 1..k-1 of each dimension, ascending (see docs/metrics.md): a value
// is in band 1 + (number of borders strictly below it). Recency in days, frequency in orders,
// monetary in minor units of the pipeline currency.
struct Borders {
  std::vector<int64_t> recency;
  std::vector<int64_t> frequency;
  std::vector<int64_t> monetary;
};

struct RfmOptions {
  int k = 3;
  Scoring scoring = Scoring::kQuantile;
  Borders fixed_borders;  // only with Scoring::kFixed
};

// Throws sdk::ConfigError naming the offending key.
RfmOptions ParseRfmOptions(const sdk::Config& config);

}  // namespace encore::plugins::rfm
