// Quasi-Newton minimisation (BFGS with a strong-Wolfe line search) of a smooth function with an
// analytic gradient. Small and dense: the models have three or four parameters.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_OPTIMIZER_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_OPTIMIZER_H_

#include <functional>
#include <string>
#include <vector>

namespace encore::plugins::predictive {

// Returns f(x) and writes the gradient into `gradient` (already sized like x). A non-finite value
// marks x as outside the domain: the line search then steps back.
using Objective =
    std::function<double(const std::vector<double>& x, std::vector<double>* gradient)>;

struct BfgsOptions {
  int max_iterations = 500;
  // Converged when every |gradient_i| <= gradient_tolerance.
  double gradient_tolerance = 1e-9;
  // When no step can lower the objective any more (its changes are below rounding), the search
  // still counts as converged if every |gradient_i| <= this.
  double flat_gradient_tolerance = 1e-6;
  // Largest change of any coordinate in one iteration. On log-parameters 5 is a factor of 148,
  // enough to cross any sensible range while keeping exp() far from overflow.
  double max_step = 5;
  // A coordinate further than divergence_bound from its start means the optimum is at the
  // boundary (on log-parameters: a parameter runs off to 0 or infinity by a factor e^30): the
  // data do not identify the model and the search stops.
  double divergence_bound = 30;
  // Curvature condition constants of the strong Wolfe conditions (Nocedal & Wright, ch. 3).
  double sufficient_decrease = 1e-4;
  double curvature = 0.9;
  // Row-major n x n starting model of the inverse Hessian (e.g. from a search on a sample of the
  // data); empty = the identity, rescaled after the first step.
  std::vector<double> initial_inverse_hessian;
};

struct BfgsResult {
  std::vector<double> x;
  double value = 0;
  std::vector<double> gradient;
  std::vector<double> inverse_hessian;  // the final BFGS model, row-major n x n
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
  int diverged_coordinate = -1;  // set when the search stopped because this coordinate ran off
  std::string message;           // why the search stopped, for the run record
};

BfgsResult MinimizeBfgs(const Objective& objective, std::vector<double> x0,
                        const BfgsOptions& options = {});

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_OPTIMIZER_H_
