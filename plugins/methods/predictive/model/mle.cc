#include "mle.h"

#include <cmath>
#include <cstdio>

#include "standard_errors.h"

namespace encore::plugins::predictive {

MleResult MaximizeLikelihood(const Objective& log_likelihood, std::vector<double> theta0,
                             const std::vector<std::string>& names, double observations,
                             const FitOptions& options) {
  const double scale = 1 / std::max(observations, 1.0);
  const Objective objective = [&](const std::vector<double>& theta, std::vector<double>* gradient) {
    const double ll = log_likelihood(theta, gradient);
    for (double& g : *gradient) g *= -scale;
    return -ll * scale;
  };
  const BfgsResult search = MinimizeBfgs(objective, std::move(theta0), options.bfgs);

  MleResult result;
  result.theta = search.x;
  result.inverse_hessian = search.inverse_hessian;
  FitReport& report = result.report;
  report.customers = observations;
  report.log_likelihood = -search.value / scale;
  report.iterations = search.iterations;
  report.evaluations = search.evaluations;
  report.converged = search.converged;
  report.message = search.message;
  if (search.diverged_coordinate >= 0) {
    const double value = search.x[search.diverged_coordinate];
    report.message = "parameter " + names[search.diverged_coordinate] + " runs off to " +
                     (value > 0 ? "infinity" : "0") + "; the data do not identify the model";
  }
  const size_t n = search.x.size();
  for (size_t i = 0; i < n; ++i) {
    report.parameters.push_back({names[i], std::exp(search.x[i]), 0.0});
  }
  // Covariance of theta = inverse of the Hessian of -LL = (N * Hessian of the mean) ^ -1.
  std::vector<double> hessian, covariance;
  if (report.converged && options.standard_errors &&
      HessianFromGradient(objective, search.x, options.hessian_step, &hessian) &&
      InvertPositiveDefinite(hessian, n, &covariance)) {
    report.standard_errors = true;
    for (size_t i = 0; i < n; ++i) {
      const double variance = covariance[i * n + i] * scale;
      report.parameters[i].standard_error = report.parameters[i].value * std::sqrt(variance);
      if (!std::isfinite(report.parameters[i].standard_error)) report.standard_errors = false;
    }
    if (!report.standard_errors) {
      for (ParameterEstimate& p : report.parameters) p.standard_error = 0;
    }
  }
  // Without the Hessian there is nothing to judge identification by; `identified` stays false.
  if (!report.converged || !options.standard_errors) return result;
  if (!report.standard_errors) {
    report.message =
        "the log-likelihood is flat in some direction at the estimate (no standard "
        "errors): the data do not identify the model";
    return result;
  }
  for (const ParameterEstimate& p : report.parameters) {
    const double relative = p.standard_error / p.value;
    if (!(relative <= kMaxRelativeStandardError)) {
      char buffer[200];
      std::snprintf(buffer, sizeof(buffer),
                    "parameter %s is not identified by the data (estimate %.4g, standard error "
                    "%.4g)",
                    p.name.c_str(), p.value, p.standard_error);
      report.message = buffer;
      return result;
    }
  }
  report.identified = true;
  return result;
}

}  // namespace encore::plugins::predictive
