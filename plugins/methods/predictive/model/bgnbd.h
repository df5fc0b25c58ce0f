// BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): purchases
// follow a Poisson process with rate lambda ~ Gamma(r, alpha); after each repeat purchase the
// customer drops out with probability p ~ Beta(a, b).
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_BGNBD_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_BGNBD_H_

#include <array>
#include <vector>

#include "fit_report.h"
#include "history_table.h"
#include "transaction_model.h"

namespace encore::plugins::predictive {

struct BgNbdParams {
  double r = 1, alpha = 1, a = 1, b = 1;
};

// Total log-likelihood over the table (FHL05 eq. 6, evaluated in log space). When `gradient` is
// given it receives d LL / d ln(r, alpha, a, b), computed analytically. Returns -inf for
// parameters outside the domain.
double BgNbdLogLikelihood(const BgNbdParams& params, const HistoryTable& table,
                          std::array<double, 4>* gradient = nullptr, int threads = 1);

struct BgNbdFit {
  BgNbdParams params;
  FitReport report;  // parameters named r, alpha, a, b
  // The search's final inverse-Hessian model (log-parameters, mean objective), row-major: with
  // the estimate, a warm start for a fit of the same model on similar data.
  std::vector<double> inverse_hessian;
};

// Maximum likelihood on log-parameters (BFGS), standard errors from the Hessian. The caller
// checks report.converged; the parameters are the last iterate either way.
BgNbdFit FitBgNbd(const HistoryTable& table, const FitOptions& options = {});

class BgNbdModel final : public TransactionModel {
 public:
  explicit BgNbdModel(const BgNbdParams& params) : p_(params) {}
  const BgNbdParams& params() const { return p_; }

  // 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
  double ProbabilityAlive(double x, double t_x, double T) const override;
  // (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))],
  // the numerator of FHL05 eq. 10, summed after Euler's transformation (see MODEL.md).
  double ExpectedTransactionsIfAlive(double x, double T, double t) const override;
  double ExpectedRateIfAlive(double x, double T) const override;

  // E[X(t)] for a customer who made the first purchase at time 0 (FHL05 eq. 9).
  double ExpectedTransactionsUnconditional(double t) const;
  // P(X(t) = n) (FHL05 eq. 8).
  double ProbabilityOfTransactions(double t, int n) const;

 private:
  BgNbdParams p_;
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_BGNBD_H_
