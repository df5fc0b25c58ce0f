// Special functions the models need: log-gamma, digamma and numerically safe log/exp helpers.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_SPECIAL_FUNCTIONS_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_SPECIAL_FUNCTIONS_H_

namespace encore::plugins::predictive {

// ln|Gamma(x)|. Uses lgamma_r: std::lgamma writes the global `signgam` and is therefore not safe
// when two threads evaluate likelihoods at once.
double LogGamma(double x);

// psi(x) = d/dx ln Gamma(x) for x > 0 (recurrence up to x >= 10, then the asymptotic series;
// absolute error below 1e-14). Returns NaN for x <= 0, which the models never ask for.
double Digamma(double x);

// ln(exp(a) + exp(b)) without overflow; -inf when both are -inf.
double LogSumExp(double a, double b);

// ln(1 + exp(x)) and 1 / (1 + exp(-x)) from a single exp(-|x|), exact in both tails.
struct SoftplusSigmoid {
  double softplus;
  double sigmoid;
};
SoftplusSigmoid SoftplusAndSigmoid(double x);

// (1 - exp(e * l)) / e, continuous at e = 0 (where it is -l). Appears whenever a model has a
// factor (1 - q^e) / e whose exponent e = a - 1 or s - 1 may be zero.
double OneMinusPowerOverExponent(double e, double l);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_SPECIAL_FUNCTIONS_H_
