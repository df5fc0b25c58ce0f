#include "empirical_models.h"

#include <cmath>

namespace encore::plugins::predictive {
namespace {

double FiniteNonNegative(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

}  // namespace

EmpiricalRateModel::EmpiricalRateModel(double population_rate)
    : population_rate_(FiniteNonNegative(population_rate)) {}

EmpiricalRateModel EmpiricalRateModel::FromCustomers(
    const std::vector<CustomerSummary>& customers) {
  double x = 0, T = 0;
  for (const CustomerSummary& c : customers) {
    if (!c.in_calibration) continue;
    x += c.x;
    T += c.T;
  }
  return EmpiricalRateModel(T > 0 ? x / T : 0);
}

double EmpiricalRateModel::Rate(double x, double T) const {
  return x > 0 && T > 0 ? FiniteNonNegative(x / T) : population_rate_;
}

double EmpiricalRateModel::ProbabilityAlive(double x, double t_x, double T) const {
  const double quiet = T - t_x;
  if (!(quiet > 0)) return 1;
  const double alive = std::exp(-Rate(x, T) * quiet);
  return std::isfinite(alive) ? alive : 0;
}

double EmpiricalRateModel::ExpectedTransactionsIfAlive(double x, double T, double t) const {
  return t > 0 ? FiniteNonNegative(Rate(x, T) * t) : 0;
}

double EmpiricalRateModel::ExpectedRateIfAlive(double x, double T) const { return Rate(x, T); }

EmpiricalSpendModel::EmpiricalSpendModel(double population_mean)
    : population_mean_(FiniteNonNegative(population_mean)) {}

EmpiricalSpendModel EmpiricalSpendModel::FromCustomers(
    const std::vector<CustomerSummary>& customers) {
  double value = 0, days = 0;
  for (const CustomerSummary& c : customers) {
    if (!c.in_calibration) continue;
    value += c.first_value + c.x * c.zbar;
    days += 1 + c.x;
  }
  return EmpiricalSpendModel(days > 0 ? value / days : 0);
}

double EmpiricalSpendModel::ExpectedSpend(double x, double zbar) const {
  return x > 0 && zbar > 0 && std::isfinite(zbar) ? zbar : population_mean_;
}

}  // namespace encore::plugins::predictive
