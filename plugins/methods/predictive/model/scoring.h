// Per-customer scores from a fitted transaction model and spend model (definitions in MODEL.md,
// "Scores").
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_SCORING_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_SCORING_H_

#include <vector>

#include "history_table.h"
#include "spend_model.h"
#include "summary.h"
#include "transaction_model.h"

namespace encore::plugins::predictive {

struct ScoringOptions {
  double purchase_horizon = 0;   // t of "expected purchases in the next t" (model time units)
  double clv_horizon = 0;        // CLV counts transactions in (T, T + clv_horizon]
  double clv_period = 1;         // discounting period (a month) in model time units
  double discount_rate = 0;      // per period
  double p_alive_threshold = 0;  // below it a customer gets no next-order estimate
  int threads = 1;
};

struct CustomerScore {
  double p_alive = 0;
  double expected_purchases = 0;  // E[Y(purchase_horizon) | x, t_x, T]
  double expected_spend = 0;      // per transaction
  double clv = 0;
  bool has_next_order = false;
  double next_order_in = 0;  // model time units after T (calibration end), when has_next_order
};

// CLV = E[Z] * sum_{m=1..H} (E[Y(t_m)] - E[Y(t_{m-1})]) / (1 + d)^m with t_m = min(m period,
// horizon), H = ceil(horizon / period) and E[Y(.)] the conditional expectation of `model`.
// The discounted sum depends on the history only through P(alive) and (x, T); it is computed once
// per distinct (x, T). Customers not in calibration get all-zero scores. Every value is finite.
std::vector<CustomerScore> ScoreCustomers(const TransactionModel& model, const SpendModel& spend,
                                          const std::vector<CustomerSummary>& customers,
                                          const ScoringOptions& options);

// sum_{m=1..H} (K(t_m) - K(t_{m-1})) / (1 + d)^m for K = model.ExpectedTransactionsIfAlive(x, T, .)
double DiscountedTransactionsIfAlive(const TransactionModel& model, double x, double T,
                                     double horizon, double period, double discount_rate);

// E[Y(t) | x, t_x, T] for every customer (0 when not in calibration), with the part that depends
// on (x, T) computed once per distinct pair.
std::vector<double> ExpectedTransactionsForAll(const TransactionModel& model,
                                               const std::vector<CustomerSummary>& customers,
                                               double t, int threads = 1);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_SCORING_H_
