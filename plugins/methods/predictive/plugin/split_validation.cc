#include "plugin/split_validation.h"

#include <cmath>
#include <memory>
#include <vector>

#include "model/civil_date.h"
#include "model/empirical_models.h"
#include "model/history_table.h"

namespace encore::plugins::predictive {
namespace {

constexpr int kMaxFrequency = 7;  // bins x = 0 .. 6 and 7+, as in the literature's tables

std::string Skipped(const std::string& reason) { return "validation skipped: " + reason; }

}  // namespace

SplitValidation ValidateOnSplit(const PredictiveOptions& options, const TransactionChoice& scoring,
                                const DatasetSummaries& summaries, const ValidationSplit& split) {
  SplitValidation out;
  const int64_t holdout_days = split.holdout_end_day - split.calibration_end_day;
  // Days from the first purchase to the as-of day, both included. Shorter than twice the holdout
  // and the calibration part is shorter than the period it predicts: the fit would see fewer
  // repeat purchases per customer than the holdout counts, and the table would mostly measure
  // how little the split saw (MODEL.md).
  const int64_t history_days = split.holdout_end_day - summaries.first_purchase_day + 1;
  if (summaries.in_calibration == 0 || history_days < 2 * holdout_days) {
    out.skipped = Skipped(
        "the history from " + FormatIsoDate(summaries.first_purchase_day) + " to " +
        FormatIsoDate(split.holdout_end_day) + " is " + std::to_string(history_days) +
        " days, shorter than twice validation_holdout_days (" + std::to_string(holdout_days) +
        "); set validation_holdout_days to at most " +
        std::to_string(std::max<int64_t>(history_days / 2, 0)) + ", or to 0 to turn it off");
    return out;
  }
  if (summaries.validation_repeat_customers < static_cast<size_t>(options.min_repeat_customers)) {
    out.skipped = Skipped(std::to_string(summaries.validation_repeat_customers) +
                          " customers with a repeat purchase up to " +
                          FormatIsoDate(split.calibration_end_day) +
                          " (the calibration part of the split), fewer than "
                          "min_repeat_customers (" +
                          std::to_string(options.min_repeat_customers) + ")");
    return out;
  }

  std::unique_ptr<TransactionModel> model;
  if (scoring.fallback) {
    // The scores use the fallback rule: validate that rule, it is what the scores rest on.
    out.model = "fallback";
    model = std::make_unique<EmpiricalRateModel>(
        EmpiricalRateModel::FromCustomers(summaries.validation));
  } else {
    out.model = ModelName(options.model);
    const HistoryTable table = BuildHistoryTable(summaries.validation);
    FitOptions fit_options;
    fit_options.threads = options.threads;
    // The point estimate is all the table needs: no Hessian (the search converging is the
    // usability test). The search starts from the scoring fit, the same model on a history that
    // differs only in its last H days, with its curvature model.
    fit_options.standard_errors = false;
    for (const ParameterEstimate& p : scoring.report->parameters) {
      fit_options.start.push_back(std::log(p.value));
    }
    fit_options.bfgs.initial_inverse_hessian = scoring.inverse_hessian;
    out.report.emplace();
    std::vector<double> inverse_hessian;
    model = FitTransactionModel(options.model, table, fit_options, &*out.report, &inverse_hessian);
    if (!model) {
      out.skipped = Skipped("the " + out.model + " fit on the history up to " +
                            FormatIsoDate(split.calibration_end_day) +
                            " is not usable: " + UnusableFitReason(*out.report, false));
      return out;
    }
  }
  const double unit_days = DaysPerUnit(options.time_unit);
  out.table = ValidateHoldout(*model, summaries.validation, holdout_days / unit_days, kMaxFrequency,
                              options.threads);
  return out;
}

}  // namespace encore::plugins::predictive
