#include "plugin/run_report.h"

#include <cmath>

#include "model/civil_date.h"

namespace encore::plugins::predictive {
namespace {

// Every number that leaves the plugin is finite; anything else becomes null.
nlohmann::json Number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

void PutFinite(const sdk::MethodContext& context, const std::string& name, double value,
               const char* unit = "") {
  if (std::isfinite(value)) context.put_metric(name, value, unit);
}

}  // namespace

nlohmann::json FitJson(const FitReport& report) {
  nlohmann::json parameters = nlohmann::json::object();
  for (const ParameterEstimate& p : report.parameters) {
    parameters[p.name] = {
        {"value", Number(p.value)},
        {"standard_error", report.standard_errors ? Number(p.standard_error) : nlohmann::json()}};
  }
  return {{"converged", report.converged},
          {"identified", report.identified},
          {"log_likelihood", Number(report.log_likelihood)},
          {"customers", Number(report.customers)},
          {"iterations", report.iterations},
          {"evaluations", report.evaluations},
          {"message", report.message},
          {"parameters", parameters}};
}

void PutFitMetrics(const sdk::MethodContext& context, const std::string& model,
                   const FitReport& report) {
  const std::string prefix = "predictive." + model + ".";
  for (const ParameterEstimate& p : report.parameters) {
    PutFinite(context, prefix + p.name, p.value);
    if (report.standard_errors)
      PutFinite(context, prefix + p.name + ".standard_error", p.standard_error);
  }
  PutFinite(context, prefix + "log_likelihood", report.log_likelihood);
  context.put_metric(prefix + "converged", report.converged ? 1 : 0);
  context.put_metric(prefix + "iterations", report.iterations);
}

double RelativeError(const HoldoutValidation& validation) {
  if (!(validation.actual_total > 0)) return std::nan("");
  return (validation.predicted_total - validation.actual_total) / validation.actual_total;
}

void PutHoldoutMetrics(const sdk::MethodContext& context, const HoldoutValidation& validation) {
  PutFinite(context, "predictive.holdout.customers", validation.customers);
  PutFinite(context, "predictive.holdout.actual_transactions", validation.actual_total);
  PutFinite(context, "predictive.holdout.predicted_transactions", validation.predicted_total);
  PutFinite(context, "predictive.holdout.relative_error", RelativeError(validation));
}

nlohmann::json HoldoutJson(const HoldoutValidation& validation, int32_t calibration_end_day,
                           int32_t holdout_end_day) {
  nlohmann::json bins = nlohmann::json::array();
  for (const FrequencyBin& bin : validation.bins) {
    bins.push_back({{"x", std::to_string(bin.x) + (bin.and_more ? "+" : "")},
                    {"customers", Number(bin.customers)},
                    {"actual_mean", Number(bin.actual_mean)},
                    {"predicted_mean", Number(bin.predicted_mean)}});
  }
  return {{"calibration_end", FormatIsoDate(calibration_end_day)},
          {"holdout_end", FormatIsoDate(holdout_end_day)},
          {"holdout_days", holdout_end_day - calibration_end_day},
          {"customers", Number(validation.customers)},
          {"actual_transactions", Number(validation.actual_total)},
          {"predicted_transactions", Number(validation.predicted_total)},
          {"relative_error", Number(RelativeError(validation))},
          {"by_frequency", bins}};
}

}  // namespace encore::plugins::predictive
