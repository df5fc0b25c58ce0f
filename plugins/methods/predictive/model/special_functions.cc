#include "special_functions.h"

#include <cmath>
#include <limits>
#include <utility>

namespace encore::plugins::predictive {

double LogGamma(double x) {
  int sign = 0;
  return lgamma_r(x, &sign);
}

double Digamma(double x) {
  if (!(x > 0) || std::isinf(x)) {
    return std::isinf(x) && x > 0 ? x : std::numeric_limits<double>::quiet_NaN();
  }
  double result = 0;
  // psi(x) = psi(x + 1) - 1 / x moves the argument into the range of the asymptotic series.
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const double f = 1 / (x * x);
  // ln x - 1/(2x) - sum B_2k / (2k x^2k), Bernoulli numbers B_2 .. B_12.
  const double series =
      f *
      (1.0 / 12 -
       f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760))))));
  return result + std::log(x) - 0.5 / x - series;
}

double LogSumExp(double a, double b) {
  if (a < b) std::swap(a, b);
  if (a == -std::numeric_limits<double>::infinity()) return a;
  return a + std::log1p(std::exp(b - a));
}

double OneMinusPowerOverExponent(double e, double l) {
  if (e == 0) return -l;
  return -std::expm1(e * l) / e;
}

}  // namespace encore::plugins::predictive
