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
#include "model/history_table.h"
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
  // The fit's final inverse-Hessian model (log-parameters), a warm start for the validation fit.
  std::vector<double> inverse_hessian;
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

// The configured purchase-count model fitted to `table`, or nullptr when the fit is not usable
// (`report` says why). `fit_options.start` may carry a warm start.
std::unique_ptr<TransactionModel> FitTransactionModel(ModelKind model, const HistoryTable& table,
                                                      const FitOptions& fit_options,
                                                      FitReport* report,
                                                      std::vector<double>* inverse_hessian);

// Why a finished fit cannot be used (no convergence, a parameter the data do not identify), or ""
// when it can. Without standard errors (fit_options.standard_errors false) only convergence is
// judged.
std::string UnusableFitReason(const FitReport& report, bool judged_identification);

SpendChoice ChooseSpendModel(const PredictiveOptions& options,
                             const std::vector<CustomerSummary>& customers);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_MODEL_CHOICE_H_
