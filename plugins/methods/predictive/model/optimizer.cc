#include "optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace encore::plugins::predictive {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

double MaxAbs(const std::vector<double>& v) {
  double m = 0;
  for (double e : v) m = std::max(m, std::fabs(e));
  return m;
}

bool AllFinite(const std::vector<double>& v) {
  for (double e : v) {
    if (!std::isfinite(e)) return false;
  }
  return true;
}

// One trial point of the line search: phi(step) = f(x0 + step p) and phi'(step) = g . p.
struct Trial {
  double step = 0;
  double value = 0;
  double slope = 0;
  std::vector<double> x, gradient;
  bool finite = true;
};

class LineSearch {
 public:
  LineSearch(const Objective& objective, const BfgsOptions& options, const Trial& start,
             const std::vector<double>& direction, int* evaluations)
      : objective_(objective),
        options_(options),
        start_(start),
        direction_(direction),
        evaluations_(evaluations) {}

  // Nocedal & Wright, Algorithm 3.5. Returns false when no point with sufficient decrease was
  // found (then the caller resets its curvature model or stops).
  bool Run(double max_step, Trial* result) {
    Trial previous = start_;
    double step = std::min(1.0, max_step);
    for (int attempt = 0; attempt < 60; ++attempt) {
      Trial current = Evaluate(step);
      if (!current.finite) {
        // Outside the domain (overflow, parameter at a pole): come back towards the last point.
        max_step = step;
        step = previous.step + 0.5 * (step - previous.step);
        if (step - previous.step <= 1e-16 * std::max(1.0, step)) break;
        continue;
      }
      if (ApproximateWolfe(current)) {
        *result = std::move(current);
        return true;
      }
      if (current.value > start_.value + options_.sufficient_decrease * step * start_.slope ||
          (previous.step > 0 && current.value >= previous.value)) {
        return Zoom(previous, current, result);
      }
      if (std::fabs(current.slope) <= -options_.curvature * start_.slope) {
        *result = std::move(current);
        return true;
      }
      if (current.slope >= 0) return Zoom(current, previous, result);
      if (step >= max_step) {  // sufficient decrease holds; the bound forbids a longer step
        *result = std::move(current);
        return true;
      }
      previous = std::move(current);
      step = std::min(2 * step, max_step);
    }
    if (previous.step > 0) {
      *result = std::move(previous);
      return true;
    }
    return false;
  }

 private:
  Trial Evaluate(double step) {
    Trial t;
    t.step = step;
    t.x = start_.x;
    for (size_t i = 0; i < t.x.size(); ++i) t.x[i] += step * direction_[i];
    t.gradient.assign(t.x.size(), 0.0);
    t.value = objective_(t.x, &t.gradient);
    ++*evaluations_;
    t.finite = std::isfinite(t.value) && AllFinite(t.gradient);
    t.slope = t.finite ? Dot(t.gradient, direction_) : 0;
    return t;
  }

  // Hager & Zhang's approximate Wolfe conditions (SIAM J. Optim. 16, 2005): near the optimum
  // the decrease of f falls below its rounding error and the Armijo test becomes a coin toss,
  // while the slope is still exact. So a point is also accepted when f has not risen by more
  // than its rounding and c2 phi'(0) <= phi'(step) <= (2 c1 - 1) phi'(0).
  bool ApproximateWolfe(const Trial& t) const {
    if (!t.finite) return false;
    const double rounding = 64 * kEpsilon * std::max(1.0, std::fabs(start_.value));
    return t.value <= start_.value + rounding && t.slope >= options_.curvature * start_.slope &&
           t.slope <= (2 * options_.sufficient_decrease - 1) * start_.slope;
  }

  // Minimiser of the cubic through (lo, hi) with their slopes (Nocedal & Wright eq. 3.59),
  // kept at least 10% of the interval away from both ends; bisection when the cubic is unusable.
  static double Interpolate(const Trial& lo, const Trial& hi) {
    const double a = lo.step, b = hi.step;
    const double low = std::min(a, b), high = std::max(a, b), width = high - low;
    double next = 0.5 * (a + b);
    if (hi.finite) {
      const double d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (a - b);
      const double radicand = d1 * d1 - lo.slope * hi.slope;
      if (radicand >= 0) {
        const double d2 = (b > a ? 1 : -1) * std::sqrt(radicand);
        const double denominator = hi.slope - lo.slope + 2 * d2;
        if (denominator != 0) {
          const double candidate = b - (b - a) * (hi.slope + d2 - d1) / denominator;
          if (std::isfinite(candidate)) next = candidate;
        }
      }
    }
    return std::clamp(next, low + 0.1 * width, high - 0.1 * width);
  }

  // Nocedal & Wright, Algorithm 3.6: `lo` has sufficient decrease and the lowest value so far;
  // the interval between lo and hi contains a point satisfying the strong Wolfe conditions.
  bool Zoom(Trial lo, Trial hi, Trial* result) {
    for (int attempt = 0; attempt < 30; ++attempt) {
      if (std::fabs(hi.step - lo.step) <= 1e-16 * std::max(1.0, std::fabs(lo.step))) break;
      Trial current = Evaluate(Interpolate(lo, hi));
      if (ApproximateWolfe(current)) {
        *result = std::move(current);
        return true;
      }
      // Differences at the level of rounding carry no information: near the optimum the search
      // would otherwise spend dozens of evaluations chasing noise.
      const double noise = 8 * kEpsilon * std::fabs(lo.value);
      if (current.finite && hi.finite && std::fabs(current.value - lo.value) <= noise &&
          std::fabs(hi.value - lo.value) <= noise) {
        break;
      }
      if (!current.finite ||
          current.value >
              start_.value + options_.sufficient_decrease * current.step * start_.slope ||
          current.value >= lo.value) {
        hi = std::move(current);
        continue;
      }
      if (std::fabs(current.slope) <= -options_.curvature * start_.slope) {
        *result = std::move(current);
        return true;
      }
      if (current.slope * (hi.step - lo.step) >= 0) hi = lo;
      lo = std::move(current);
    }
    if (lo.step > 0) {  // sufficient decrease without the curvature condition: still progress
      *result = std::move(lo);
      return true;
    }
    return false;
  }

  const Objective& objective_;
  const BfgsOptions& options_;
  const Trial& start_;
  const std::vector<double>& direction_;
  int* evaluations_;
};

std::string Describe(const char* what, double gradient_norm) {
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer), "%s (largest gradient component %.3g)", what,
                gradient_norm);
  return buffer;
}

}  // namespace

BfgsResult MinimizeBfgs(const Objective& objective, std::vector<double> x0,
                        const BfgsOptions& options) {
  const size_t n = x0.size();
  BfgsResult result;
  const std::vector<double> start = x0;
  Trial point;
  point.x = std::move(x0);
  point.gradient.assign(n, 0.0);
  point.value = objective(point.x, &point.gradient);
  result.evaluations = 1;
  // Inverse Hessian approximation, row-major n x n; starts as the identity.
  std::vector<double> inverse(n * n, 0.0);
  auto finish = [&](bool converged, std::string message) {
    result.x = point.x;
    result.value = point.value;
    result.gradient = point.gradient;
    result.inverse_hessian = inverse;
    result.converged = converged;
    result.message = std::move(message);
    return result;
  };
  if (!std::isfinite(point.value) || !AllFinite(point.gradient)) {
    return finish(false, "the objective is not finite at the starting point");
  }

  auto reset = [&](double scale) {
    std::fill(inverse.begin(), inverse.end(), 0.0);
    for (size_t i = 0; i < n; ++i) inverse[i * n + i] = scale;
  };
  reset(1.0);
  bool is_identity = true;
  bool scaled = false;
  if (options.initial_inverse_hessian.size() == n * n) {
    inverse = options.initial_inverse_hessian;
    is_identity = false;
    scaled = true;
  }
  std::vector<double> direction(n), s(n), y(n), hy(n);

  for (result.iterations = 0; result.iterations < options.max_iterations; ++result.iterations) {
    const double gradient_norm = MaxAbs(point.gradient);
    if (gradient_norm <= options.gradient_tolerance) {
      return finish(true, Describe("converged", gradient_norm));
    }
    for (size_t i = 0; i < n; ++i) {
      double d = 0;
      for (size_t j = 0; j < n; ++j) d -= inverse[i * n + j] * point.gradient[j];
      direction[i] = d;
    }
    point.slope = Dot(point.gradient, direction);
    if (!(point.slope < 0)) {  // the curvature model lost positive definiteness: restart it
      reset(1.0);
      is_identity = true;
      for (size_t i = 0; i < n; ++i) direction[i] = -point.gradient[i];
      point.slope = Dot(point.gradient, direction);
    }
    // The quadratic model predicts a decrease of about |slope| / 2. Once that is below the
    // rounding of f no line search can confirm it: the optimum is resolved as far as it can be.
    if (-point.slope <= kEpsilon * std::max(1.0, std::fabs(point.value)) &&
        gradient_norm <= options.flat_gradient_tolerance) {
      return finish(true, Describe("converged to rounding precision", gradient_norm));
    }
    point.step = 0;
    point.finite = true;
    const double max_step = options.max_step / std::max(MaxAbs(direction), 1e-300);
    Trial next;
    LineSearch search(objective, options, point, direction, &result.evaluations);
    if (!search.Run(max_step, &next)) {
      if (gradient_norm <= options.flat_gradient_tolerance) {
        return finish(true, Describe("converged to rounding precision", gradient_norm));
      }
      if (!is_identity) {  // retry once along the steepest descent direction
        reset(1.0);
        is_identity = true;
        continue;
      }
      return finish(false, Describe("stopped: no step decreases the objective", gradient_norm));
    }
    for (size_t i = 0; i < n; ++i) {
      s[i] = next.x[i] - point.x[i];
      y[i] = next.gradient[i] - point.gradient[i];
    }
    const double sy = Dot(s, y);
    if (sy > 1e-12 * std::sqrt(Dot(s, s) * Dot(y, y))) {
      if (!scaled) {  // Nocedal & Wright eq. 6.20: give the first model the right scale
        reset(sy / Dot(y, y));
        scaled = true;
      }
      // H <- (I - rho s y')H(I - rho y s') + rho s s', written out for a dense symmetric H.
      const double rho = 1 / sy;
      for (size_t i = 0; i < n; ++i) {
        double v = 0;
        for (size_t j = 0; j < n; ++j) v += inverse[i * n + j] * y[j];
        hy[i] = v;
      }
      const double yhy = Dot(y, hy);
      for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < n; ++j) {
          inverse[i * n + j] +=
              -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
      }
      is_identity = false;
    }
    point = std::move(next);
    for (size_t i = 0; i < n; ++i) {
      if (std::fabs(point.x[i] - start[i]) > options.divergence_bound) {
        result.diverged_coordinate = static_cast<int>(i);
        return finish(false, Describe("stopped: a parameter runs off to 0 or infinity",
                                      MaxAbs(point.gradient)));
      }
    }
  }
  return finish(false, Describe("stopped: iteration limit reached", MaxAbs(point.gradient)));
}

}  // namespace encore::plugins::predictive
