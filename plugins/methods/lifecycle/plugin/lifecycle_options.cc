#include "plugins/methods/lifecycle/plugin/lifecycle_options.h"

#include <cstdint>
#include <limits>
#include <string>

#include "model/options_check.h"

namespace encore::plugins::lifecycle {
namespace {

// The model's fields are int; a JSON integer that does not fit must not wrap into a valid value.
int Int32(const sdk::Config& config, const char* name) {
  const int64_t value = config.integer(name);
  if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
    throw sdk::ConfigError(std::string("option '") + name + "' is out of range, got " +
                           std::to_string(value));
  }
  return static_cast<int>(value);
}

// CheckOptions names the model's field first ("factor must be at least 1, got 0.5"); the plugin
// option is that field with the signal's prefix.
void ThrowIfBad(const std::string& message, const std::string& prefix) {
  if (message.empty()) return;
  const size_t space = message.find(' ');
  throw sdk::ConfigError("option '" + prefix + message.substr(0, space) + "'" +
                         message.substr(space));
}

}  // namespace

LifecycleOptions ParseLifecycleOptions(const sdk::Config& config) {
  LifecycleOptions o;
  o.rhythm.min_purchases = Int32(config, "rhythm_min_purchases");
  o.rhythm.factor = config.number("rhythm_factor");
  o.rhythm.upper_quantile = config.number("rhythm_upper_quantile");
  o.rhythm.window_gaps = Int32(config, "rhythm_window_gaps");
  ThrowIfBad(CheckOptions(o.rhythm), "rhythm_");

  o.order_size.min_previous = Int32(config, "order_size_min_previous");
  o.order_size.window = Int32(config, "order_size_window");
  o.order_size.z = config.number("order_size_z");
  o.order_size.min_drop = config.number("order_size_min_drop");
  ThrowIfBad(CheckOptions(o.order_size), "order_size_");

  PopulationOptions& p = o.population;
  p.second_order_quantile = config.number("second_order_quantile");
  p.second_order_horizon_days = Int32(config, "second_order_horizon_days");
  p.second_order_day_override = Int32(config, "second_order_day_override");
  p.min_second_order_sample = config.integer("min_second_order_sample");
  p.fallback_second_order_day = Int32(config, "fallback_second_order_day");
  p.churn_quantile = config.number("churn_quantile");
  p.churn_days_override = Int32(config, "churn_days_override");
  p.min_gap_sample = config.integer("min_gap_sample");
  p.fallback_churn_days = Int32(config, "fallback_churn_days");
  ThrowIfBad(CheckOptions(p), "");

  o.churn.lead_days = Int32(config, "churn_lead_days");
  o.churn.lead_share = config.number("churn_lead_share");
  ThrowIfBad(CheckOptions(o.churn), "churn_");

  o.tiers.a_share = config.number("tier_a_share");
  o.tiers.b_share = config.number("tier_b_share");
  // The model names the tier fields a_share / b_share and refers to "a_share" in a message.
  std::string tiers = CheckOptions(o.tiers);
  if (tiers.find("[a_share") != std::string::npos) {
    tiers.replace(tiers.find("[a_share"), 8, "[tier_a_share");
  }
  ThrowIfBad(tiers, "tier_");

  o.threads = Int32(config, "threads");
  if (o.threads < 1 || o.threads > 64) {
    throw sdk::ConfigError("option 'threads' must be in 1..64, got " + std::to_string(o.threads));
  }
  return o;
}

}  // namespace encore::plugins::lifecycle
