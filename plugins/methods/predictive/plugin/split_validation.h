// The validation a run carries by default (option validation_holdout_days = H, no
// calibration_end): the model the scores come from is fitted again on the history up to H days
// before the as-of day, and its predictions for the last H days are compared with what the
// customers bought in them (MODEL.md, "Holdout validation"). The scores still come from the fit
// on the whole history; this fit only measures how well the procedure predicts.
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_SPLIT_VALIDATION_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_SPLIT_VALIDATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "model/fit_report.h"
#include "model/holdout_validation.h"
#include "plugin/dataset_summaries.h"
#include "plugin/model_choice.h"
#include "plugin/predictive_options.h"

namespace encore::plugins::predictive {

struct ValidationSplit {
  int32_t calibration_end_day = 0;  // the as-of day - H
  int32_t holdout_end_day = 0;      // the as-of day
};

struct SplitValidation {
  // Why there is no table, as the run's warning; empty when there is one.
  std::string skipped;
  // What was validated: the configured model ("bgnbd", "paretonbd") or, when the scores use the
  // fallback rule, "fallback".
  std::string model;
  std::optional<FitReport> report;  // the validation fit, when a model was fitted
  std::optional<HoldoutValidation> table;
};

// `summaries.validation` holds the customers summarised over `split` (calibration to its
// calibration end, holdout to its holdout end); `scoring` is the choice the scores come from.
// The split is skipped, with the reason, when the history is shorter than twice the holdout or
// its calibration part has fewer than min_repeat_customers repeat customers, or when the
// validation fit does not converge. Never throws for the data's sake.
SplitValidation ValidateOnSplit(const PredictiveOptions& options, const TransactionChoice& scoring,
                                const DatasetSummaries& summaries, const ValidationSplit& split);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_SPLIT_VALIDATION_H_
