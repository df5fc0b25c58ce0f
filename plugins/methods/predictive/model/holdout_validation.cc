#include "holdout_validation.h"

#include <algorithm>

#include "scoring.h"

namespace encore::plugins::predictive {

HoldoutValidation ValidateHoldout(const TransactionModel& model,
                                  const std::vector<CustomerSummary>& customers,
                                  double holdout_length, int max_frequency, int threads) {
  max_frequency = std::max(max_frequency, 0);
  HoldoutValidation v;
  v.holdout_length = holdout_length;
  v.bins.resize(max_frequency + 1);
  for (int x = 0; x <= max_frequency; ++x) {
    v.bins[x].x = x;
    v.bins[x].and_more = x == max_frequency;
  }
  const std::vector<double> predicted =
      ExpectedTransactionsForAll(model, customers, holdout_length, threads);
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& c = customers[i];
    if (!c.in_calibration) continue;
    FrequencyBin& bin = v.bins[std::min(c.x, max_frequency)];
    bin.customers += 1;
    bin.actual_mean += c.x_holdout;
    bin.predicted_mean += predicted[i];
    v.customers += 1;
    v.actual_total += c.x_holdout;
    v.predicted_total += predicted[i];
  }
  for (FrequencyBin& bin : v.bins) {
    if (bin.customers > 0) {
      bin.actual_mean /= bin.customers;
      bin.predicted_mean /= bin.customers;
    }
  }
  return v;
}

}  // namespace encore::plugins::predictive
