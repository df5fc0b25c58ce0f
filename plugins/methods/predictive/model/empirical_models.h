// The simple rule scores fall back to when the data cannot support a model fit (too few repeat
// customers, no convergence, parameters the data do not identify). Defined in MODEL.md,
// "Fallback rule"; deliberately plain so that it cannot fail.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_EMPIRICAL_MODELS_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_EMPIRICAL_MODELS_H_

#include <vector>

#include "spend_model.h"
#include "summary.h"
#include "transaction_model.h"

namespace encore::plugins::predictive {

// Each customer buys at a constant rate: x / T for a repeat customer, the population rate
// sum(x) / sum(T) for a customer without repeat purchases (or with T = 0). A customer is taken
// to be active with the probability that a buyer at that rate goes (T - t_x) without buying:
// P(alive) = exp(-rate (T - t_x)).
class EmpiricalRateModel final : public TransactionModel {
 public:
  explicit EmpiricalRateModel(double population_rate);
  static EmpiricalRateModel FromCustomers(const std::vector<CustomerSummary>& customers);

  double population_rate() const { return population_rate_; }
  double Rate(double x, double T) const;

  double ProbabilityAlive(double x, double t_x, double T) const override;
  double ExpectedTransactionsIfAlive(double x, double T, double t) const override;
  double ExpectedRateIfAlive(double x, double T) const override;

 private:
  double population_rate_;
};

// A repeat customer spends their own mean repeat value zbar; everybody else the mean value of
// all purchase days (first ones included) of all customers in calibration.
class EmpiricalSpendModel final : public SpendModel {
 public:
  explicit EmpiricalSpendModel(double population_mean);
  static EmpiricalSpendModel FromCustomers(const std::vector<CustomerSummary>& customers);

  double population_mean() const { return population_mean_; }
  double ExpectedSpend(double x, double zbar) const override;

 private:
  double population_mean_;
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_EMPIRICAL_MODELS_H_
