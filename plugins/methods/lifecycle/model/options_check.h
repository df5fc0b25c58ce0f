// Checks of the option structs, for a plugin to turn into configuration errors before a run.
// Each returns an empty string when the options are usable, or a message naming the first bad
// field, e.g. "factor must be at least 1, got 0.5".
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_OPTIONS_CHECK_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_OPTIONS_CHECK_H_

#include <string>

#include "order_size_alert.h"
#include "population_thresholds.h"
#include "rhythm_alert.h"
#include "value_tiers.h"

namespace encore::plugins::lifecycle {

std::string CheckOptions(const RhythmOptions& options);
std::string CheckOptions(const OrderSizeOptions& options);
std::string CheckOptions(const PopulationOptions& options);
std::string CheckOptions(const ChurnOptions& options);
std::string CheckOptions(const TierOptions& options);

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_OPTIONS_CHECK_H_
