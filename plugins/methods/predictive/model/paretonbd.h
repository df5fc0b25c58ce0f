// Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchases follow a Poisson process
// with rate lambda ~ Gamma(r, alpha) while the customer is active; the active lifetime is
// exponential with rate mu ~ Gamma(s, beta).
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_PARETONBD_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_PARETONBD_H_

#include <array>
#include <vector>

#include "fit_report.h"
#include "history_table.h"
#include "transaction_model.h"

namespace encore::plugins::predictive {

struct ParetoNbdParams {
  double r = 1, alpha = 1, s = 1, beta = 1;
};

// Total log-likelihood over the table, in the Gaussian hypergeometric form of Fader & Hardie's
// note "A Note on Implementing the Pareto/NBD Model in MATLAB" (2005) with its case split
// alpha >= beta / alpha < beta, evaluated in log space; see MODEL.md for the transformed series
// and the analytic gradient d LL / d ln(r, alpha, s, beta) written into `gradient` when given.
// The table should carry time pairs (AddTimePairs); without them a copy is made per call.
double ParetoNbdLogLikelihood(const ParetoNbdParams& params, const HistoryTable& table,
                              std::array<double, 4>* gradient = nullptr, int threads = 1);

struct ParetoNbdFit {
  ParetoNbdParams params;
  FitReport report;  // parameters named r, alpha, s, beta
  // The search's final inverse-Hessian model (log-parameters, mean objective), row-major: with
  // the estimate, a warm start for a fit of the same model on similar data.
  std::vector<double> inverse_hessian;
};

// beta is weakly identified on typical data (a flat likelihood ridge): compare fits by
// log-likelihood rather than by beta.
ParetoNbdFit FitParetoNbd(const HistoryTable& table, const FitOptions& options = {});

class ParetoNbdModel final : public TransactionModel {
 public:
  explicit ParetoNbdModel(const ParetoNbdParams& params) : p_(params) {}
  const ParetoNbdParams& params() const { return p_; }

  double ProbabilityAlive(double x, double t_x, double T) const override;
  // (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] (exact at s = 1).
  double ExpectedTransactionsIfAlive(double x, double T, double t) const override;
  double ExpectedRateIfAlive(double x, double T) const override;

  // E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)].
  double ExpectedTransactionsUnconditional(double t) const;

 private:
  ParetoNbdParams p_;
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_PARETONBD_H_
