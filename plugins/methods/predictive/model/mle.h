// Maximum likelihood on log-parameters, shared by the three models: BFGS on the mean negative
// log-likelihood, then standard errors from the Hessian.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_MLE_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_MLE_H_

#include <string>
#include <vector>

#include "fit_report.h"
#include "optimizer.h"

namespace encore::plugins::predictive {

struct MleResult {
  std::vector<double> theta;            // log-parameters at the end of the search
  std::vector<double> inverse_hessian;  // the search's final curvature model (mean objective)
  FitReport report;                     // parameters exp(theta) with names, SEs, LL, convergence
};

// `log_likelihood(theta, gradient)` returns the TOTAL log-likelihood over `observations`
// customers and its gradient in theta (or a non-finite value outside the domain). The search
// minimises -LL / observations so that tolerances do not depend on the data size.
MleResult MaximizeLikelihood(const Objective& log_likelihood, std::vector<double> theta0,
                             const std::vector<std::string>& names, double observations,
                             const FitOptions& options);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_MLE_H_
