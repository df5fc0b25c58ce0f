// Thresholds learned from the whole customer base (the day by which second orders happen, the
// inactivity after which customers rarely come back) and the per-customer signals that use them:
// no second order, last call, churned. Definitions and defaults: ../ALERTS.md.
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_POPULATION_THRESHOLDS_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_POPULATION_THRESHOLDS_H_

#include <cstddef>
#include <cstdint>

#include "purchase_history.h"

namespace encore::plugins::lifecycle {

struct PopulationOptions {
  // Second order day: the q-quantile of first-to-second purchase gaps.
  double second_order_quantile = 0.8;
  // Customers whose first purchase is at least this many days before the as-of day form the
  // cohort; their second purchases within this many days are the sample. 0: half the span from
  // the earliest first purchase to the as-of day.
  int32_t second_order_horizon_days = 0;
  int32_t second_order_day_override = 0;  // > 0: used instead of learning
  int64_t min_second_order_sample = 30;
  int32_t fallback_second_order_day = 60;
  // Churn threshold: the q-quantile of all gaps between consecutive purchases.
  double churn_quantile = 0.95;
  int32_t churn_days_override = 0;  // > 0: used instead of learning
  int64_t min_gap_sample = 100;
  int32_t fallback_churn_days = 180;
};

enum class ThresholdSource { kLearned, kOverride, kFallback };

struct PopulationStats {
  int64_t customers = 0;  // with at least one purchase
  int64_t one_time_buyers = 0;
  int64_t repeat_buyers = 0;

  int32_t second_order_horizon_days = 0;
  int64_t second_order_cohort = 0;     // customers observed for the whole horizon
  int64_t second_order_sample = 0;     // of them, with a second purchase within the horizon
  double second_order_conversion = 0;  // sample / cohort (0 when the cohort is empty)
  int32_t second_order_day = 0;
  ThresholdSource second_order_source = ThresholdSource::kFallback;

  int64_t gap_sample = 0;  // gaps between consecutive purchases, all customers
  int32_t churn_threshold_days = 0;
  ThresholdSource churn_source = ThresholdSource::kFallback;
};

// Two passes over all customers. Gaps are counted in histograms of whole days (one allocation
// per population, none per customer). `customers` must come from CollectPurchases.
PopulationStats LearnPopulation(const CustomerHistory* customers, size_t count, int32_t as_of_day,
                                const PopulationOptions& options = {});

struct SecondOrderSignal {
  bool alert = false;  // one purchase, second_order_day < days_since_first <= churn threshold
  int32_t days_since_first = 0;
  int32_t first_purchase_day = 0;
  int32_t second_order_day = 0;
  int32_t churn_threshold_days = 0;
};

SecondOrderSignal EvaluateSecondOrder(const CustomerHistory& history, int32_t as_of_day,
                                      const PopulationStats& population);

enum class ChurnStage { kNone, kActive, kLastCall, kChurned };

struct ChurnOptions {
  int32_t lead_days = 14;  // last call starts this many days before the threshold ...
  double lead_share = 0;   // ... or this share of the threshold, whichever is longer
};

struct ChurnSignal {
  ChurnStage stage = ChurnStage::kNone;  // kNone: no purchase
  int32_t days_silent = 0;
  int32_t threshold_days = 0;
  int32_t lead_days = 0;          // the lead actually used
  int32_t days_to_threshold = 0;  // threshold_days - days_silent (negative once churned)
  int32_t last_purchase_day = 0;
};

ChurnSignal EvaluateChurn(const CustomerHistory& history, int32_t as_of_day,
                          const PopulationStats& population, const ChurnOptions& options = {});

const char* ToString(ChurnStage stage);
const char* ToString(ThresholdSource source);

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_POPULATION_THRESHOLDS_H_
