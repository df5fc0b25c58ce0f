#include "plugin/predictive_options.h"

#include <cmath>

#include "model/civil_date.h"

namespace encore::plugins::predictive {

const encore_option_v1 kPredictiveOptions[13] = {
    sdk::Option("model", ENCORE_OPTION_STRING, "\"bgnbd\"",
                "Purchase-count model: bgnbd (BG/NBD) or paretonbd (Pareto/NBD).",
                "bgnbd|paretonbd"),
    sdk::Option("time_unit", ENCORE_OPTION_STRING, "\"weeks\"",
                "Unit of the model's time parameters (alpha, beta): days or weeks (days / 7).",
                "days|weeks"),
    sdk::Option("calibration_end", ENCORE_OPTION_STRING, nullptr,
                "Last day (YYYY-MM-DD) of the history the model is fitted on and scores are as "
                "of; default: the as-of day."),
    sdk::Option("holdout_end", ENCORE_OPTION_STRING, nullptr,
                "Last day (YYYY-MM-DD) of the holdout period after calibration_end whose actual "
                "purchases validate the fit; default: the as-of day when calibration_end is "
                "earlier, else no holdout."),
    sdk::Option("validation_holdout_days", ENCORE_OPTION_INT, "90",
                "Without calibration_end: the model is also fitted on the history up to this many "
                "days before the as-of day and its predictions for those days are compared with "
                "the actual purchases (run metrics predictive.holdout*); 0 turns this off. "
                "Scores always come from the fit on the whole history."),
    sdk::Option("horizon_days", ENCORE_OPTION_INT, "365",
                "Days ahead counted by expected_purchases_<N>d and by clv_minor."),
    sdk::Option("discount_rate", ENCORE_OPTION_DOUBLE, "0.01",
                "CLV discount rate per month of 30.4375 days (0.01 = 12.7% a year)."),
    sdk::Option("p_alive_threshold", ENCORE_OPTION_DOUBLE, "0.5",
                "Customers with P(alive) below this get no next_order_date."),
    sdk::Option("min_repeat_customers", ENCORE_OPTION_INT, "100",
                "Fewer customers with a repeat purchase than this: no model fit, the fallback "
                "rule scores everybody."),
    sdk::Option("threads", ENCORE_OPTION_INT, "2",
                "Threads for the summary, the likelihood sums and the scoring."),
    sdk::Option("alert_p_alive_below", ENCORE_OPTION_DOUBLE, "0.5",
                "Event p_alive_drop when a valuable customer's P(alive) was at least this in the "
                "previous run and is below it now; 0 turns the event off."),
    sdk::Option("alert_min_clv_minor", ENCORE_OPTION_INT, "0",
                "Valuable for p_alive_drop: CLV in the previous run (minor units) at least "
                "this ..."),
    sdk::Option("alert_top_clv_share", ENCORE_OPTION_DOUBLE, "0.2",
                "... and among this share of the customers with the highest CLV in the previous "
                "run; 1 = every customer with a CLV."),
};

const char* ModelName(ModelKind model) {
  return model == ModelKind::kParetoNbd ? "paretonbd" : "bgnbd";
}

namespace {

std::optional<int32_t> DateOption(const sdk::Config& config, const std::string& key) {
  if (!config.has(key)) return std::nullopt;
  const std::string text = config.string(key);
  int32_t day = 0;
  if (text.size() != 10 || !ParseIsoDate(text, &day)) {
    throw sdk::ConfigError("option '" + key + "' must be a date YYYY-MM-DD, not '" + text + "'");
  }
  return day;
}

}  // namespace

PredictiveOptions ParsePredictiveOptions(const sdk::Config& config) {
  PredictiveOptions o;
  const std::string model = config.string("model");
  if (model == "bgnbd") {
    o.model = ModelKind::kBgNbd;
  } else if (model == "paretonbd") {
    o.model = ModelKind::kParetoNbd;
  } else {
    throw sdk::ConfigError("option 'model' must be bgnbd or paretonbd, not '" + model + "'");
  }
  const std::string unit = config.string("time_unit");
  if (unit == "days") {
    o.time_unit = TimeUnit::kDays;
  } else if (unit == "weeks") {
    o.time_unit = TimeUnit::kWeeks;
  } else {
    throw sdk::ConfigError("option 'time_unit' must be days or weeks, not '" + unit + "'");
  }
  o.calibration_end_day = DateOption(config, "calibration_end");
  o.holdout_end_day = DateOption(config, "holdout_end");
  if (o.calibration_end_day && o.holdout_end_day && *o.holdout_end_day <= *o.calibration_end_day) {
    throw sdk::ConfigError("option 'holdout_end' must be after 'calibration_end'");
  }
  o.validation_holdout_days = config.integer("validation_holdout_days");
  if (o.validation_holdout_days < 0 || o.validation_holdout_days > 36525) {
    throw sdk::ConfigError("option 'validation_holdout_days' must be between 0 and 36525");
  }
  o.horizon_days = config.integer("horizon_days");
  if (o.horizon_days < 1 || o.horizon_days > 36525) {
    throw sdk::ConfigError("option 'horizon_days' must be between 1 and 36525");
  }
  o.discount_rate = config.number("discount_rate");
  if (!std::isfinite(o.discount_rate) || o.discount_rate < 0 || o.discount_rate > 1) {
    throw sdk::ConfigError("option 'discount_rate' must be between 0 and 1 (per month)");
  }
  o.p_alive_threshold = config.number("p_alive_threshold");
  if (!(o.p_alive_threshold >= 0 && o.p_alive_threshold <= 1)) {
    throw sdk::ConfigError("option 'p_alive_threshold' must be between 0 and 1");
  }
  o.min_repeat_customers = config.integer("min_repeat_customers");
  if (o.min_repeat_customers < 1) {
    throw sdk::ConfigError("option 'min_repeat_customers' must be at least 1");
  }
  const int64_t threads = config.integer("threads");
  if (threads < 1 || threads > 64) {
    throw sdk::ConfigError("option 'threads' must be between 1 and 64");
  }
  o.threads = static_cast<int>(threads);
  o.drop_alert.p_alive_below = config.number("alert_p_alive_below");
  if (!(o.drop_alert.p_alive_below >= 0 && o.drop_alert.p_alive_below <= 1)) {
    throw sdk::ConfigError("option 'alert_p_alive_below' must be between 0 and 1");
  }
  o.drop_alert.min_clv_minor = config.integer("alert_min_clv_minor");
  if (o.drop_alert.min_clv_minor < 0) {
    throw sdk::ConfigError("option 'alert_min_clv_minor' must be at least 0");
  }
  o.drop_alert.top_clv_share = config.number("alert_top_clv_share");
  if (!(o.drop_alert.top_clv_share > 0 && o.drop_alert.top_clv_share <= 1)) {
    throw sdk::ConfigError("option 'alert_top_clv_share' must be above 0 and at most 1");
  }
  return o;
}

}  // namespace encore::plugins::predictive
