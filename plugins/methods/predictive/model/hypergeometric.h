// Gauss hypergeometric series 2F1(a, b; c; z) in the forms the BG/NBD and Pareto/NBD models use.
//
// Every function sums the power series for 0 <= z < 1 until a term no longer changes the sum.
// The models arrange their arguments (Euler's transformation 2F1(a,b;c;z) =
// (1-z)^(c-a-b) 2F1(c-a,c-b;c;z)) so that the series has positive, decreasing terms wherever
// they can; the number of terms grows like log(eps) / log(z) only as z approaches 1.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_HYPERGEOMETRIC_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_HYPERGEOMETRIC_H_

namespace encore::plugins::predictive {

// Upper bound on summed terms; reached only for z within about 1e-5 of 1.
inline constexpr int kMaxSeriesTerms = 1000000;

// 2F1(a, b; c; z) by its plain series (c > 0, 0 <= z < 1). For checks and small arguments; large
// a, b with z near 1 overflow.
double Hyp2F1(double a, double b, double c, double z);

// c (2F1(a, b; c; z) - 1) / b = sum_{n>=1} a (a+1)_{n-1} (b+1)_{n-1} / ((c+1)_{n-1} n!) z^n,
// continuous at b = 0 and at c = 0 (c > -1). The BG/NBD conditional expectation divides by
// (a - 1) and multiplies by a + b + x - 1; in this form it stays exact when the fitted a is at
// or near 1 and when a + b is near 1.
double Hyp2F1ExcessScaled(double a, double b, double c, double z);

// ln 2F1(1, u; c; z) = ln sum_n (u)_n / (c)_n z^n for 0 < u < c, 0 <= z < 1, with the partial
// derivatives of that logarithm. Terms are positive and fall at least like z^n, so neither
// overflow nor cancellation can occur. `converged` is false only when kMaxSeriesTerms ran out.
struct LogHyp2F1OneResult {
  double log_value = 0;
  double d_u = 0;  // d/du ln 2F1
  double d_c = 0;  // d/dc ln 2F1
  double d_z = 0;  // d/dz ln 2F1
  bool converged = true;
};
LogHyp2F1OneResult LogHyp2F1One(double u, double c, double z);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_HYPERGEOMETRIC_H_
