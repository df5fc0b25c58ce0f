#include "hypergeometric.h"

#include <cmath>

namespace encore::plugins::predictive {
namespace {

constexpr double kRelativeTolerance = 1e-17;

// True when `term` can no longer move `sum` and the terms are shrinking, so the tail is smaller
// still (the callers' term ratios decrease monotonically once below 1).
bool Negligible(double term, double sum, double ratio) {
  return std::fabs(term) <= kRelativeTolerance * std::fabs(sum) && std::fabs(ratio) < 1;
}

}  // namespace

double Hyp2F1(double a, double b, double c, double z) {
  double sum = 1;
  double term = 1;
  for (int n = 0; n < kMaxSeriesTerms; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (term == 0 || Negligible(term, sum, ratio)) break;
  }
  return sum;
}

double Hyp2F1ExcessScaled(double a, double b, double c, double z) {
  if (z == 0) return 0;
  // u_1 = a z;  u_{n+1} / u_n = (a + n) (b + n) z / ((c + n) (n + 1)).
  double term = a * z;
  double sum = term;
  for (int n = 1; n < kMaxSeriesTerms && term != 0; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (Negligible(term, sum, ratio)) break;
  }
  return sum;
}

LogHyp2F1OneResult LogHyp2F1One(double u, double c, double z) {
  LogHyp2F1OneResult result;
  if (z == 0) return result;
  // t_n = (u)_n / (c)_n z^n;  dt_n/du = t_n H_n(u), dt_n/dc = -t_n H_n(c), dt_n/dz = n t_n / z,
  // with H_n(v) = sum_{k<n} 1 / (v + k).
  double sum = 1, sum_du = 0, sum_dc = 0, sum_nz = 0;
  double term = 1, harmonic_u = 0, harmonic_c = 0;
  int n = 0;
  for (; n < kMaxSeriesTerms; ++n) {
    const double ratio = (u + n) / (c + n) * z;
    harmonic_u += 1 / (u + n);
    harmonic_c += 1 / (c + n);
    term *= ratio;
    sum += term;
    sum_du += term * harmonic_u;
    sum_dc += term * harmonic_c;
    sum_nz += term * (n + 1);
    if (term == 0 || Negligible(term * (n + 1) * (harmonic_u + harmonic_c + 1), sum, ratio)) {
      break;
    }
  }
  result.converged = n < kMaxSeriesTerms;
  result.log_value = std::log(sum);
  result.d_u = sum_du / sum;
  result.d_c = -sum_dc / sum;
  result.d_z = sum_nz / (z * sum);
  return result;
}

}  // namespace encore::plugins::predictive
