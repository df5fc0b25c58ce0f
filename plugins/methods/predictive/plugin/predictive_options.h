// The predictive method's options, checked once when an instance is created.
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_PREDICTIVE_OPTIONS_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_PREDICTIVE_OPTIONS_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "model/summary.h"
#include "plugin/p_alive_events.h"

namespace encore::plugins::predictive {

enum class ModelKind { kBgNbd, kParetoNbd };

struct PredictiveOptions {
  ModelKind model = ModelKind::kBgNbd;
  TimeUnit time_unit = TimeUnit::kWeeks;
  std::optional<int32_t> calibration_end_day;  // unset: the as-of day
  std::optional<int32_t> holdout_end_day;      // unset: the as-of day if after calibration_end
  // Without calibration_end: the last this many days are the holdout of a validation fit on the
  // days before them (MODEL.md, "Holdout validation"); 0 turns it off.
  int64_t validation_holdout_days = 90;
  int64_t horizon_days = 365;
  double discount_rate = 0.01;  // per month of 30.4375 days
  double p_alive_threshold = 0.5;
  int64_t min_repeat_customers = 100;
  int threads = 2;
  DropAlertOptions drop_alert;  // the p_alive_drop event
};

// The option table declared to the host.
extern const encore_option_v1 kPredictiveOptions[13];

// Throws sdk::ConfigError naming the option when a value cannot work.
PredictiveOptions ParsePredictiveOptions(const sdk::Config& config);

const char* ModelName(ModelKind model);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_PREDICTIVE_OPTIONS_H_
