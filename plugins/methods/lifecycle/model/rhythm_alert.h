// Rhythm slowdown: a regular customer who has been silent for clearly longer than their own usual
// interval between purchases. Definition and defaults: ../ALERTS.md, section "Rhythm slowdown".
#ifndef ENCORE_PLUGINS_LIFECYCLE_MODEL_RHYTHM_ALERT_H_
#define ENCORE_PLUGINS_LIFECYCLE_MODEL_RHYTHM_ALERT_H_

#include <cstdint>

#include "purchase_history.h"

namespace encore::plugins::lifecycle {

// The most gaps (and so purchases - 1) any per-customer statistic looks at: bounds the stack
// buffer, and a rhythm is a recent habit, not a lifetime average.
constexpr int kMaxWindow = 64;

struct RhythmOptions {
  int min_purchases = 4;        // >= 3 gaps before a customer has a rhythm of their own
  double factor = 1.5;          // silence must exceed median gap * factor ...
  double upper_quantile = 0.9;  // ... and the customer's own q-quantile gap
  int window_gaps = 24;         // the most recent gaps used, 1..kMaxWindow
};

struct RhythmAlert {
  bool eligible = false;  // enough purchases to judge
  bool alert = false;     // days_silent > threshold_days
  int32_t purchases = 0;
  int32_t gaps_used = 0;
  double median_gap_days = 0;  // the usual interval
  double upper_gap_days = 0;   // the upper_quantile gap (nearest rank)
  double threshold_days = 0;   // max(median_gap_days * factor, upper_gap_days)
  int32_t days_silent = 0;     // as_of_day - last purchase day
  double ratio = 0;            // days_silent / median_gap_days
  int32_t last_purchase_day = 0;
};

// Does not allocate. `history` must come from CollectPurchases for the same as-of day.
RhythmAlert EvaluateRhythm(const CustomerHistory& history, int32_t as_of_day,
                           const RhythmOptions& options = {});

}  // namespace encore::plugins::lifecycle

#endif  // ENCORE_PLUGINS_LIFECYCLE_MODEL_RHYTHM_ALERT_H_
