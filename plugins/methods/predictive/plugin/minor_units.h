// Money leaves the plugin as integer minor units (ARCHITECTURE.md, "Money").
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MINOR_UNITS_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MINOR_UNITS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace encore::plugins::predictive {

// A non-negative amount rounded to a whole minor unit; 0 for negatives and NaN.
inline int64_t MinorUnits(double value) {
  if (!(value > 0)) return 0;
  return std::llround(std::min(value, 9.0e18));
}

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MINOR_UNITS_H_
