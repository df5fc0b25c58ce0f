// The outcome of a maximum-likelihood fit, in the form the run record reports it.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_FIT_REPORT_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_FIT_REPORT_H_

#include <string>
#include <vector>

#include "optimizer.h"

namespace encore::plugins::predictive {

// A relative standard error of 10 means the data cannot tell p from p * e^10; the CDNOW fits'
// largest is 0.53 (the Pareto/NBD beta).
inline constexpr double kMaxRelativeStandardError = 10;

struct ParameterEstimate {
  std::string name;
  double value = 0;
  // From the inverse Hessian of the log-likelihood in log-parameters, mapped back by the delta
  // method (se(p) = p * se(ln p)). Meaningful only when FitReport::standard_errors is true.
  double standard_error = 0;
};

struct FitReport {
  std::vector<ParameterEstimate> parameters;
  double log_likelihood = 0;
  double customers = 0;  // customers the likelihood sums over
  int iterations = 0;
  int evaluations = 0;  // objective and gradient evaluations, line search included
  bool converged = false;
  // False when the Hessian is not positive definite at the estimate (flat or boundary optimum).
  bool standard_errors = false;
  // True when the search converged, standard errors exist and no parameter's relative standard
  // error se(p) / p exceeds kMaxRelativeStandardError. Otherwise the data do not pin the model
  // down (too little repeat behaviour, an optimum at a boundary) and `message` says which
  // parameter; scores from such a fit should not be used.
  bool identified = false;
  std::string message;  // the optimiser's account of how it stopped, or why no fit was tried
};

struct FitOptions {
  int threads = 1;  // the likelihood sum is split over this many threads when it is large
  BfgsOptions bfgs;
  // Step of the central differences of the gradient that give the Hessian (log-parameters).
  double hessian_step = 1e-4;
  // Compute the Hessian and standard errors (and hence `identified`) after the search.
  bool standard_errors = true;
  // Above this many distinct histories (or spend values) the search first runs on a systematic
  // sample of about warm_start_sample of them and starts the full search from that estimate and
  // its curvature model: the full likelihood is then evaluated a handful of times instead of a
  // few dozen.
  size_t warm_start_above = 200000;
  size_t warm_start_sample = 50000;
  // Log-parameters to start the search from instead of the default start, e.g. the estimate of
  // the same model on similar data (with its curvature model in bfgs.initial_inverse_hessian).
  // The sample warm start is then skipped. Ignored unless it has one value per parameter.
  std::vector<double> start;
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_FIT_REPORT_H_
