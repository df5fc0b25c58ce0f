#include "plugin/model_choice.h"

#include "model/bgnbd.h"
#include "model/empirical_models.h"
#include "model/gamma_gamma.h"
#include "model/history_table.h"
#include "model/paretonbd.h"

namespace encore::plugins::predictive {
std::string UnusableFitReason(const FitReport& report, bool judged_identification) {
  if (!report.converged) return "the fit did not converge: " + report.message;
  if (judged_identification && !report.identified) return report.message;
  return "";
}

std::unique_ptr<TransactionModel> FitTransactionModel(ModelKind model, const HistoryTable& table,
                                                      const FitOptions& fit_options,
                                                      FitReport* report,
                                                      std::vector<double>* inverse_hessian) {
  std::unique_ptr<TransactionModel> fitted;
  if (model == ModelKind::kParetoNbd) {
    ParetoNbdFit fit = FitParetoNbd(table, fit_options);
    *report = std::move(fit.report);
    *inverse_hessian = std::move(fit.inverse_hessian);
    fitted = std::make_unique<ParetoNbdModel>(fit.params);
  } else {
    BgNbdFit fit = FitBgNbd(table, fit_options);
    *report = std::move(fit.report);
    *inverse_hessian = std::move(fit.inverse_hessian);
    fitted = std::make_unique<BgNbdModel>(fit.params);
  }
  if (!UnusableFitReason(*report, fit_options.standard_errors).empty()) fitted.reset();
  return fitted;
}

TransactionChoice ChooseTransactionModel(const PredictiveOptions& options,
                                         const std::vector<CustomerSummary>& customers) {
  TransactionChoice choice;
  const std::string name = ModelName(options.model);
  const HistoryTable table = BuildHistoryTable(customers);
  if (table.repeat_customers < static_cast<double>(options.min_repeat_customers)) {
    choice.warning =
        name + " not fitted: " + std::to_string(static_cast<long long>(table.repeat_customers)) +
        " customers with a repeat purchase, fewer than min_repeat_customers (" +
        std::to_string(options.min_repeat_customers) + ")";
  } else {
    FitOptions fit_options;
    fit_options.threads = options.threads;
    choice.report.emplace();
    choice.model = FitTransactionModel(options.model, table, fit_options, &*choice.report,
                                       &choice.inverse_hessian);
    if (!choice.model) {
      choice.warning = name + " fit not used: " + UnusableFitReason(*choice.report, true);
    }
  }
  if (!choice.model) {
    choice.fallback = true;
    choice.warning += "; scores use the fallback rule (per-customer purchase rate)";
    choice.model =
        std::make_unique<EmpiricalRateModel>(EmpiricalRateModel::FromCustomers(customers));
  }
  return choice;
}

SpendChoice ChooseSpendModel(const PredictiveOptions& options,
                             const std::vector<CustomerSummary>& customers) {
  SpendChoice choice;
  const SpendTable table = BuildSpendTable(customers);
  choice.customers = static_cast<size_t>(table.customers);
  choice.excluded = table.excluded;
  if (table.customers < static_cast<double>(options.min_repeat_customers)) {
    choice.warning = "gamma_gamma not fitted: " + std::to_string(choice.customers) +
                     " customers with a repeat purchase of positive value, fewer than "
                     "min_repeat_customers (" +
                     std::to_string(options.min_repeat_customers) + ")";
  } else {
    FitOptions fit_options;
    fit_options.threads = options.threads;
    const GammaGammaFit fit = FitGammaGamma(table, fit_options);
    choice.report = fit.report;
    const GammaGammaModel model(fit.params);
    std::string reason = UnusableFitReason(fit.report, true);
    if (reason.empty() && !model.HasFiniteMean()) {
      reason = "q <= 1, so the population's mean spend is infinite";
    }
    if (reason.empty()) {
      choice.model = std::make_unique<GammaGammaModel>(model);
    } else {
      choice.warning = "gamma_gamma fit not used: " + reason;
    }
  }
  if (!choice.model) {
    choice.fallback = true;
    choice.warning += "; expected_order_value_minor uses the fallback rule (own mean repeat spend)";
    choice.model =
        std::make_unique<EmpiricalSpendModel>(EmpiricalSpendModel::FromCustomers(customers));
  }
  return choice;
}

}  // namespace encore::plugins::predictive
