// Per-customer summaries (model/summary.h) read from the dataset view.
//
// A purchase is an order with a net value >= 0; its day is the local calendar day of the order
// time, its value the order's net value in minor units. Orders of negative value (returns and
// credit notes booked on their own) are not purchases and do not enter the models. Zero-value
// orders are purchases, as in the CDNOW data behind the published estimates (8 of its orders
// cost $0.00); the rfm method's frequency, which counts positive orders only, differs there.
#ifndef ENCORE_PLUGINS_PREDICTIVE_PLUGIN_DATASET_SUMMARIES_H_
#define ENCORE_PLUGINS_PREDICTIVE_PLUGIN_DATASET_SUMMARIES_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "model/summary.h"

namespace encore::plugins::predictive {

struct DatasetSummaries {
  std::vector<CustomerSummary> customers;  // one per dataset customer
  size_t in_calibration = 0;               // customers with a purchase up to calibration end
  size_t repeat_customers = 0;             // of which x > 0
  size_t without_purchase = 0;             // visible customers whose orders are all returns or zero
  int32_t first_purchase_day = 0;          // earliest purchase day; meaningful if in_calibration

  // With a validation period: the same customers summarised over it (empty otherwise).
  std::vector<CustomerSummary> validation;
  size_t validation_repeat_customers = 0;
};

// `between_blocks(done)` runs on the calling thread between blocks of customers (progress,
// cancellation); it may throw. The blocks themselves are split over `threads` threads. The
// validation period, when given, is summarised in the same pass: reading the orders (the local
// day of every order) costs more than summarising a customer's days twice.
DatasetSummaries SummarizeDataset(const sdk::Dataset& dataset, const SummaryPeriod& period,
                                  const std::optional<SummaryPeriod>& validation_period,
                                  int threads, const std::function<void(size_t)>& between_blocks);

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_PLUGIN_DATASET_SUMMARIES_H_
