// Out-of-sample check of a transaction model: predicted vs actual repeat transactions in the
// holdout period, in total and by calibration frequency x = 0, 1, ..., max_frequency+.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_HOLDOUT_VALIDATION_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_HOLDOUT_VALIDATION_H_

#include <vector>

#include "summary.h"
#include "transaction_model.h"

namespace encore::plugins::predictive {

struct FrequencyBin {
  int x = 0;              // calibration frequency; the last bin holds x >= this
  bool and_more = false;  // true for the last bin
  double customers = 0;
  double actual_mean = 0;     // mean holdout transactions x*
  double predicted_mean = 0;  // mean E[Y(holdout) | x, t_x, T]
};

struct HoldoutValidation {
  double holdout_length = 0;  // model time units
  double customers = 0;
  double actual_total = 0;
  double predicted_total = 0;
  std::vector<FrequencyBin> bins;  // x = 0 .. max_frequency; empty bins included
};

// Customers in calibration only; actual = CustomerSummary::x_holdout.
HoldoutValidation ValidateHoldout(const TransactionModel& model,
                                  const std::vector<CustomerSummary>& customers,
                                  double holdout_length, int max_frequency = 7, int threads = 1);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_HOLDOUT_VALIDATION_H_
