// Order statistics on small arrays, in place, without allocating: the per-customer statistics run
// once per customer on at most a few dozen values kept on the stack.
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_ROBUST_STATS_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_ROBUST_STATS_H_

#include <cstddef>

namespace encore::plugins::lifecycle {

// Scale factor that makes the median absolute deviation estimate the standard deviation of a
// normal distribution (1 / Phi^-1(3/4)).
constexpr double kMadToSigma = 1.4826;

// The median of values[0..n): the middle value, or the mean of the two middle values when n is
// even. Reorders `values`. n must be > 0.
double MedianInPlace(double* values, size_t n);

// Nearest-rank quantile: the value at rank ceil(q * n) (ranks from 1, clamped to 1..n) of the
// values sorted ascending. Always an observed value, and so exact for whole numbers of days.
// Reorders `values`. n must be > 0, q in [0, 1].
double NearestRankQuantileInPlace(double* values, size_t n, double q);

// The rank ceil(q * n), clamped to 1..n. A q * n that is a whole number up to rounding error
// (0.9 * 10) counts as that whole number.
size_t NearestRank(size_t n, double q);

// Median absolute deviation from `center`. Reorders and overwrites `values` (with the absolute
// deviations). n must be > 0.
double MedianAbsoluteDeviationInPlace(double* values, size_t n, double center);

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_ROBUST_STATS_H_
