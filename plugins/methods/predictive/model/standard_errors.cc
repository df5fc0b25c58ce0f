#include "standard_errors.h"

#include <cmath>

namespace encore::plugins::predictive {

bool HessianFromGradient(const Objective& objective, const std::vector<double>& x, double step,
                         std::vector<double>* hessian) {
  const size_t n = x.size();
  std::vector<double> h(n * n, 0.0), plus(n), minus(n), point = x;
  for (size_t j = 0; j < n; ++j) {
    point[j] = x[j] + step;
    const double f_plus = objective(point, &plus);
    point[j] = x[j] - step;
    const double f_minus = objective(point, &minus);
    point[j] = x[j];
    if (!std::isfinite(f_plus) || !std::isfinite(f_minus)) return false;
    for (size_t i = 0; i < n; ++i) h[i * n + j] = (plus[i] - minus[i]) / (2 * step);
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < i; ++j) {
      const double mean = 0.5 * (h[i * n + j] + h[j * n + i]);
      h[i * n + j] = h[j * n + i] = mean;
    }
  }
  for (double v : h) {
    if (!std::isfinite(v)) return false;
  }
  *hessian = std::move(h);
  return true;
}

bool InvertPositiveDefinite(const std::vector<double>& matrix, size_t n,
                            std::vector<double>* inverse) {
  // A = L L'; then A^-1 = L'^-1 L^-1, built column by column from unit vectors.
  std::vector<double> l(n * n, 0.0);
  for (size_t j = 0; j < n; ++j) {
    double diagonal = matrix[j * n + j];
    for (size_t k = 0; k < j; ++k) diagonal -= l[j * n + k] * l[j * n + k];
    if (!(diagonal > 0) || !std::isfinite(diagonal)) return false;
    l[j * n + j] = std::sqrt(diagonal);
    for (size_t i = j + 1; i < n; ++i) {
      double v = matrix[i * n + j];
      for (size_t k = 0; k < j; ++k) v -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = v / l[j * n + j];
    }
  }
  std::vector<double> result(n * n, 0.0), column(n);
  for (size_t c = 0; c < n; ++c) {
    // Solve L z = e_c, then L' w = z.
    for (size_t i = 0; i < n; ++i) {
      double v = i == c ? 1.0 : 0.0;
      for (size_t k = 0; k < i; ++k) v -= l[i * n + k] * column[k];
      column[i] = v / l[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {
      double v = column[i];
      for (size_t k = i + 1; k < n; ++k) v -= l[k * n + i] * column[k];
      column[i] = v / l[i * n + i];
    }
    for (size_t i = 0; i < n; ++i) result[i * n + c] = column[i];
  }
  *inverse = std::move(result);
  return true;
}

}  // namespace encore::plugins::predictive
