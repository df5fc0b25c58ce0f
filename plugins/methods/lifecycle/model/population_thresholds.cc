#include "population_thresholds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "robust_stats.h"

namespace encore::plugins::lifecycle {
namespace {

// Counts of whole-day values 0..max. Days are small integers, so a histogram gives exact
// nearest-rank quantiles in one pass, without sorting millions of gaps.
class DayHistogram {
 public:
  explicit DayHistogram(int32_t max_day) : counts_(static_cast<size_t>(max_day) + 1, 0) {}
  // Histories from CollectPurchases have no negative gap; one from unsorted input is skipped
  // rather than written out of bounds.
  void Add(int32_t day) {
    if (day < 0) return;
    ++counts_[static_cast<size_t>(day)];
    ++total_;
  }
  int64_t total() const { return total_; }
  // The value at rank ceil(q * total) of the values sorted ascending; total must be > 0.
  int32_t Quantile(double q) const {
    const int64_t rank = static_cast<int64_t>(NearestRank(static_cast<size_t>(total_), q));
    int64_t seen = 0;
    for (size_t day = 0; day < counts_.size(); ++day) {
      seen += counts_[day];
      if (seen >= rank) return static_cast<int32_t>(day);
    }
    return static_cast<int32_t>(counts_.size() - 1);
  }

 private:
  std::vector<int64_t> counts_;
  int64_t total_ = 0;
};

}  // namespace

PopulationStats LearnPopulation(const CustomerHistory* customers, size_t count, int32_t as_of_day,
                                const PopulationOptions& options) {
  PopulationStats stats;
  int32_t earliest_first = std::numeric_limits<int32_t>::max();
  int32_t max_gap = 0;
  for (size_t c = 0; c < count; ++c) {
    const CustomerHistory& h = customers[c];
    if (h.count == 0) continue;
    ++stats.customers;
    if (h.count == 1) {
      ++stats.one_time_buyers;
    } else {
      ++stats.repeat_buyers;
    }
    earliest_first = std::min(earliest_first, h.first().day);
    for (size_t i = 1; i < h.count; ++i) {
      max_gap = std::max(max_gap, h.purchases[i].day - h.purchases[i - 1].day);
    }
  }

  // Second order day. Only customers watched for the whole horizon count, and only second
  // purchases within it: a customer who first bought last week has not had the chance to make a
  // slow second purchase, and counting them would pull the learned day down.
  stats.second_order_horizon_days =
      options.second_order_horizon_days > 0
          ? options.second_order_horizon_days
          : (stats.customers > 0 ? (as_of_day - earliest_first) / 2 : 0);
  const int32_t horizon = stats.second_order_horizon_days;
  DayHistogram second_gaps(std::max(0, std::min(max_gap, horizon)));
  for (size_t c = 0; c < count && horizon > 0; ++c) {
    const CustomerHistory& h = customers[c];
    if (h.count == 0 || as_of_day - h.first().day < horizon) continue;
    ++stats.second_order_cohort;
    if (h.count < 2) continue;
    const int32_t gap = h.purchases[1].day - h.first().day;
    if (gap <= horizon) second_gaps.Add(gap);
  }
  stats.second_order_sample = second_gaps.total();
  if (stats.second_order_cohort > 0) {
    stats.second_order_conversion =
        static_cast<double>(stats.second_order_sample) / stats.second_order_cohort;
  }
  if (options.second_order_day_override > 0) {
    stats.second_order_day = options.second_order_day_override;
    stats.second_order_source = ThresholdSource::kOverride;
  } else if (stats.second_order_sample >= options.min_second_order_sample &&
             stats.second_order_sample > 0) {
    stats.second_order_day = second_gaps.Quantile(options.second_order_quantile);
    stats.second_order_source = ThresholdSource::kLearned;
  } else {
    stats.second_order_day = options.fallback_second_order_day;
    stats.second_order_source = ThresholdSource::kFallback;
  }

  // Churn threshold: all completed gaps between consecutive purchases.
  DayHistogram gaps(max_gap);
  for (size_t c = 0; c < count; ++c) {
    const CustomerHistory& h = customers[c];
    for (size_t i = 1; i < h.count; ++i) {
      gaps.Add(h.purchases[i].day - h.purchases[i - 1].day);
    }
  }
  stats.gap_sample = gaps.total();
  if (options.churn_days_override > 0) {
    stats.churn_threshold_days = options.churn_days_override;
    stats.churn_source = ThresholdSource::kOverride;
  } else if (stats.gap_sample >= options.min_gap_sample && stats.gap_sample > 0) {
    stats.churn_threshold_days = gaps.Quantile(options.churn_quantile);
    stats.churn_source = ThresholdSource::kLearned;
  } else {
    stats.churn_threshold_days = options.fallback_churn_days;
    stats.churn_source = ThresholdSource::kFallback;
  }
  return stats;
}

SecondOrderSignal EvaluateSecondOrder(const CustomerHistory& history, int32_t as_of_day,
                                      const PopulationStats& population) {
  SecondOrderSignal result;
  result.second_order_day = population.second_order_day;
  result.churn_threshold_days = population.churn_threshold_days;
  if (history.count == 0) return result;
  result.first_purchase_day = history.first().day;
  result.days_since_first = as_of_day - result.first_purchase_day;
  result.alert = history.count == 1 && result.days_since_first > population.second_order_day &&
                 result.days_since_first <= population.churn_threshold_days;
  return result;
}

ChurnSignal EvaluateChurn(const CustomerHistory& history, int32_t as_of_day,
                          const PopulationStats& population, const ChurnOptions& options) {
  ChurnSignal result;
  result.threshold_days = population.churn_threshold_days;
  const int32_t share_lead =
      static_cast<int32_t>(std::floor(options.lead_share * result.threshold_days));
  result.lead_days = std::max(options.lead_days, share_lead);
  if (history.count == 0) return result;
  result.last_purchase_day = history.last().day;
  result.days_silent = as_of_day - result.last_purchase_day;
  result.days_to_threshold = result.threshold_days - result.days_silent;
  if (result.days_silent > result.threshold_days) {
    result.stage = ChurnStage::kChurned;
  } else if (result.days_silent >= result.threshold_days - result.lead_days) {
    result.stage = ChurnStage::kLastCall;
  } else {
    result.stage = ChurnStage::kActive;
  }
  return result;
}

const char* ToString(ChurnStage stage) {
  switch (stage) {
    case ChurnStage::kNone:
      return "none";
    case ChurnStage::kActive:
      return "active";
    case ChurnStage::kLastCall:
      return "last_call";
    case ChurnStage::kChurned:
      return "churned";
  }
  return "none";
}

const char* ToString(ThresholdSource source) {
  switch (source) {
    case ThresholdSource::kLearned:
      return "learned";
    case ThresholdSource::kOverride:
      return "override";
    case ThresholdSource::kFallback:
      return "fallback";
  }
  return "fallback";
}

}  // namespace encore::plugins::lifecycle
