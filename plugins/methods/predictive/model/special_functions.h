// Special functions the models need: log-gamma, digamma and numerically safe log/exp helpers.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_SPECIAL_FUNCTIONS_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_SPECIAL_FUNCTIONS_H_

#include <cmath>

namespace encore::plugins::predictive {

// ln|Gamma(x)|. Uses lgamma_r: std::lgamma writes the global `signgam` and is therefore not safe
// when two threads evaluate likelihoods at once.
double LogGamma(double x);

// psi(x) = d/dx ln Gamma(x) for x > 0 (recurrence up to x >= 10, then the asymptotic series;
// absolute error below 1e-14). Returns NaN for x <= 0, which the models never ask for.
double Digamma(double x);

// ln(exp(a) + exp(b)) without overflow; -inf when both are -inf.
double LogSumExp(double a, double b);

// ln(1 + exp(x)) and 1 / (1 + exp(-x)) from a single exp(-|x|). The sigmoid is exact in both
// tails; the softplus has an ABSOLUTE error below 2.3e-16 (it uses ln(1 + e), several times
// faster than log1p, whose extra relative accuracy for tiny e is lost anyway when the value is
// added to a log-likelihood). Inline: it is the inner loop of the BG/NBD likelihood.
struct SoftplusSigmoid {
  double softplus;
  double sigmoid;
};
inline SoftplusSigmoid SoftplusAndSigmoid(double x) {
  const double e = std::exp(-std::fabs(x));
  const double one_plus = 1 + e;
  return {(x > 0 ? x : 0) + std::log(one_plus), (x >= 0 ? 1 : e) / one_plus};
}

// Kahan's compensated summation. A log-likelihood summed naively over a million customers
// carries a rounding error near 1e-7 (eps times the partial sums times sqrt(n)), a hundred times
// the decrease a quasi-Newton step makes near the optimum; compensated, the error stays at a few
// eps of the total and the line search can still see progress.
class CompensatedSum {
 public:
  void Add(double v) {
    const double y = v - carry_;
    const double t = sum_ + y;
    carry_ = (t - sum_) - y;
    sum_ = t;
  }
  double value() const { return sum_ - carry_; }

 private:
  double sum_ = 0, carry_ = 0;
};

// (1 - exp(e * l)) / e, continuous at e = 0 (where it is -l). Appears whenever a model has a
// factor (1 - q^e) / e whose exponent e = a - 1 or s - 1 may be zero.
double OneMinusPowerOverExponent(double e, double l);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_SPECIAL_FUNCTIONS_H_
