// Fit reports and the holdout table as run metrics (numbers and JSON documents).
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_RUN_REPORT_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_RUN_REPORT_H_

#include <encore/sdk/plugin.hpp>

#include <string>

#include "model/fit_report.h"
#include "model/holdout_validation.h"

namespace encore::plugins::predictive {

// {"converged", "identified", "log_likelihood", "customers", "iterations", "evaluations",
//  "message", "parameters": {"r": {"value", "standard_error"}, ...}}; a standard error the
// Hessian does not give is null.
nlohmann::json FitJson(const FitReport& report);

// predictive.<model>.<parameter>, .<parameter>.standard_error, .log_likelihood, .converged,
// .iterations as numeric metrics.
void PutFitMetrics(const sdk::MethodContext& context, const std::string& model,
                   const FitReport& report);

// (predicted - actual) / actual of the holdout totals: positive when the model over-predicts.
// NaN when nobody bought in the holdout.
double RelativeError(const HoldoutValidation& validation);

// {"calibration_end", "holdout_end", "holdout_days", "customers", "actual_transactions",
//  "predicted_transactions", "relative_error", "by_frequency": [{"x": "0", "customers",
//  "actual_mean", "predicted_mean"}, ..., {"x": "7+", ...}]}; a relative error without actual
// transactions is null.
nlohmann::json HoldoutJson(const HoldoutValidation& validation, int32_t calibration_end_day,
                           int32_t holdout_end_day);

// predictive.holdout.customers, .actual_transactions, .predicted_transactions and
// .relative_error (absent when not finite) as numeric metrics.
void PutHoldoutMetrics(const sdk::MethodContext& context, const HoldoutValidation& validation);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_RUN_REPORT_H_
