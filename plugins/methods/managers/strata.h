// The strata of the fair comparison (README.md, "Fair comparison"): every customer in the base of
// a measure falls into one stratum, measured before the outcome, and a manager's expected result
// is the company-wide rate of each stratum weighted by how many of their customers are in it.
#pragma once

#include <cstdint>
#include <string>

namespace encore::plugins::managers {

// Retention and win-back: the customer's history at the period start, as a frequency band
// (positive orders before the period: 1, 2-3, 4 and more) times a recency band (days since the
// last purchase before the period, in period lengths P: 1..P, P+1..2P, 2P+1..4P, more).
constexpr int kFrequencyBands = 3;
constexpr int kRecencyBands = 4;
constexpr int kHistoryStrata = kFrequencyBands * kRecencyBands;

inline int FrequencyBand(int64_t positive_orders) {
  return positive_orders <= 1 ? 0 : positive_orders <= 3 ? 1 : 2;
}
inline int RecencyBand(int64_t silent_days, int64_t period_days) {
  if (silent_days <= period_days) return 0;
  if (silent_days <= 2 * period_days) return 1;
  return silent_days <= 4 * period_days ? 2 : 3;
}
inline int HistoryStratum(int frequency_band, int recency_band) {
  return frequency_band * kRecencyBands + recency_band;
}
// "f2_r3": frequency band 2 (2-3 orders), recency band 3.
inline std::string HistoryStratumName(int stratum) {
  return "f" + std::to_string(stratum / kRecencyBands + 1) + "_r" +
         std::to_string(stratum % kRecencyBands + 1);
}

// Conversion: the value of the newcomer's first purchase, in tertiles of the whole cohort.
constexpr int kValueTiers = 3;
inline std::string ValueTierName(int tier) { return "value_tier_" + std::to_string(tier + 1); }

}  // namespace encore::plugins::managers
