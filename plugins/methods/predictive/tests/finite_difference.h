// Numerical derivatives used only to check the analytic gradients.
#ifndef ENCORE_PLUGINS_PREDICTIVE_TESTS_FINITE_DIFFERENCE_H_
#define ENCORE_PLUGINS_PREDICTIVE_TESTS_FINITE_DIFFERENCE_H_

namespace encore::plugins::predictive::testing {

// d/du f(u) at u = 0 by the fourth-order central stencil
// (-f(2h) + 8 f(h) - 8 f(-h) + f(-2h)) / 12h. With h = 1e-4 the truncation error (h^4) is far
// below the rounding of a log-likelihood summed over thousands of customers.
template <class F>
double CentralDerivative(F&& f, double h = 1e-4) {
  return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
}

}  // namespace encore::plugins::predictive::testing

#endif  // ENCORE_PLUGINS_PREDICTIVE_TESTS_FINITE_DIFFERENCE_H_
