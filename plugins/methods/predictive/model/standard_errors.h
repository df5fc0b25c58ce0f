// Standard errors of maximum-likelihood estimates from the curvature of the log-likelihood.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_STANDARD_ERRORS_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_STANDARD_ERRORS_H_

#include <vector>

#include "optimizer.h"

namespace encore::plugins::predictive {

// Hessian of `objective` at x (row-major n x n) by central differences of its ANALYTIC gradient:
// H_ij = (g_i(x + h e_j) - g_i(x - h e_j)) / 2h, then symmetrised. The error is O(h^2) in the
// third derivatives, about 1e-8 relative for h = 1e-4 on log-parameters. Returns false when the
// objective is not finite at one of the 2n points.
bool HessianFromGradient(const Objective& objective, const std::vector<double>& x, double step,
                         std::vector<double>* hessian);

// Inverse of a symmetric positive definite n x n matrix by Cholesky factorisation. Returns false
// (and leaves `inverse` untouched) when the matrix is not positive definite.
bool InvertPositiveDefinite(const std::vector<double>& matrix, size_t n,
                            std::vector<double>* inverse);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_STANDARD_ERRORS_H_
