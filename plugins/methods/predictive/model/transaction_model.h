// What scoring needs from a purchase-count model (BG/NBD or Pareto/NBD). Times are in the model's
// time unit; x, t_x, T as in CustomerSummary.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_TRANSACTION_MODEL_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_TRANSACTION_MODEL_H_

namespace encore::plugins::predictive {

class TransactionModel {
 public:
  virtual ~TransactionModel() = default;

  // P(the customer is still active at T | x, t_x, T).
  virtual double ProbabilityAlive(double x, double t_x, double T) const = 0;

  // Expected transactions in (T, T + t] of a customer known to be active at T. It depends on the
  // history only through (x, T), and in both models the conditional expectation
  // E[Y(t) | x, t_x, T] is exactly ProbabilityAlive * this, which lets scoring cache it per (x, T).
  virtual double ExpectedTransactionsIfAlive(double x, double T, double t) const = 0;

  // Posterior mean purchase rate of an active customer, E[lambda | alive, x, T] = (r+x)/(alpha+T)
  // (the same in both models: the rate's posterior is Gamma(r + x, alpha + T)).
  virtual double ExpectedRateIfAlive(double x, double T) const = 0;

  // E[Y(t) | x, t_x, T]: expected transactions in the next t time units.
  double ExpectedTransactions(double x, double t_x, double T, double t) const {
    return ProbabilityAlive(x, t_x, T) * ExpectedTransactionsIfAlive(x, T, t);
  }
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_TRANSACTION_MODEL_H_
