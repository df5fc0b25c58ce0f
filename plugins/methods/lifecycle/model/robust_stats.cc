#include "robust_stats.h"

#include <algorithm>
#include <cmath>

namespace encore::plugins::lifecycle {

double MedianInPlace(double* values, size_t n) {
  const size_t mid = n / 2;
  std::nth_element(values, values + mid, values + n);
  const double upper = values[mid];
  if (n % 2 == 1) return upper;
  // After nth_element every value before `mid` is <= upper; the lower middle is their maximum.
  const double lower = *std::max_element(values, values + mid);
  return (lower + upper) / 2;
}

size_t NearestRank(size_t n, double q) {
  // The tolerance keeps 0.9 * 10 = 9.000000000000002 at rank 9, as written in the definition.
  const double raw = std::ceil(q * static_cast<double>(n) - 1e-9);
  if (raw < 1) return 1;
  if (raw > static_cast<double>(n)) return n;
  return static_cast<size_t>(raw);
}

double NearestRankQuantileInPlace(double* values, size_t n, double q) {
  const size_t index = NearestRank(n, q) - 1;
  std::nth_element(values, values + index, values + n);
  return values[index];
}

double MedianAbsoluteDeviationInPlace(double* values, size_t n, double center) {
  for (size_t i = 0; i < n; ++i) values[i] = std::fabs(values[i] - center);
  return MedianInPlace(values, n);
}

}  // namespace encore::plugins::lifecycle
