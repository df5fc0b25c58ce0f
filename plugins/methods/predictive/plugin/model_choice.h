// Fits the configured purchase-count model and the Gamma-Gamma spend model, and falls back to the
// empirical rule (model/empirical_models.h) with a warning naming the reason when the data
// cannot support a fit.
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MODEL_CHOICE_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MODEL_CHOICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/fit_report.h"
#include "model/spend_model.h"
#include "model/summary.h"
#include "model/transaction_model.h"
#include "plugin/predictive_options.h"

namespace encore::plugins::predictive {

struct TransactionChoice {
  std::unique_ptr<TransactionModel> model;
  bool fallback = false;
  std::optional<FitReport> report;  // the fit that was tried, if any
  std::string warning;              // why the fallback rule is used; empty otherwise
};

struct SpendChoice {
  std::unique_ptr<SpendModel> model;
  bool fallback = false;
  std::optional<FitReport> report;
  std::string warning;
  size_t customers = 0;  // repeat customers with a positive mean spend (the fit's data)
  size_t excluded = 0;   // repeat customers left out: returns exceed purchases
};

TransactionChoice ChooseTransactionModel(const PredictiveOptions& options,
                                         const std::vector<CustomerSummary>& customers);

SpendChoice ChooseSpendModel(const PredictiveOptions& options,
                             const std::vector<CustomerSummary>& customers);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MODEL_CHOICE_H_
