// Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma Model of
// Monetary Value"): transaction values z ~ Gamma(p, nu) with nu ~ Gamma(q, gamma) across
// customers; fitted on customers with at least one repeat transaction, from (x, zbar).
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_GAMMA_GAMMA_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_GAMMA_GAMMA_H_

#include <array>
#include <vector>

#include "fit_report.h"
#include "spend_model.h"
#include "summary.h"

namespace encore::plugins::predictive {

struct GammaGammaParams {
  double p = 1, q = 1, gamma = 1;
};

// The repeat customers' (x, zbar), grouped by x: Gamma functions of p x are then evaluated once
// per distinct x and only ln(gamma + x zbar) remains per customer.
struct SpendTable {
  std::vector<int32_t> group_x;        // distinct x, ascending
  std::vector<size_t> group_begin;     // customers of group g: [group_begin[g], group_begin[g+1])
  std::vector<double> group_log_zbar;  // sum of ln zbar in the group
  std::vector<double> zbar;            // customers ordered by x
  double customers = 0;
  double mean_zbar = 0;
  size_t excluded = 0;  // repeat customers left out because zbar <= 0 (returns exceed purchases)
};

// Customers in calibration with x > 0 and zbar > 0.
SpendTable BuildSpendTable(const std::vector<CustomerSummary>& customers);

// Every `every`-th customer of each x (a systematic sample stratified by x).
SpendTable SampleSpendTable(const SpendTable& table, size_t every);

// Sum over customers of ln f(zbar | x) = lnG(px+q) - lnG(px) - lnG(q) + q ln gamma
//   + (px-1) ln zbar + px ln x - (px+q) ln(gamma + x zbar)
// (the density of the mean spend), and its analytic gradient in ln(p, q, gamma).
double GammaGammaLogLikelihood(const GammaGammaParams& params, const SpendTable& table,
                               std::array<double, 3>* gradient = nullptr, int threads = 1);

struct GammaGammaFit {
  GammaGammaParams params;
  FitReport report;  // parameters named p, q, gamma
};

GammaGammaFit FitGammaGamma(const SpendTable& table, const FitOptions& options = {});

class GammaGammaModel final : public SpendModel {
 public:
  explicit GammaGammaModel(const GammaGammaParams& params) : p_(params) {}
  const GammaGammaParams& params() const { return p_; }

  // Population mean spend p gamma / (q - 1); finite only for q > 1.
  bool HasFiniteMean() const { return p_.q > 1; }
  double PopulationMean() const;
  // E[Z | x, zbar] = (p gamma + p x zbar) / (p x + q - 1): the posterior mean spend per
  // transaction. x = 0 (or zbar <= 0) gives the population mean.
  double ExpectedSpend(double x, double zbar) const override;

 private:
  GammaGammaParams p_;
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_GAMMA_GAMMA_H_
