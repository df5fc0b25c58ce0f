#include "options_check.h"

#include <sstream>

namespace encore::plugins::lifecycle {
namespace {

// Collects the first failed requirement; later checks are skipped once one failed.
class Checker {
 public:
  template <class T>
  Checker& Require(bool ok, const char* field, const char* requirement, T value) {
    if (!ok && message_.empty()) {
      std::ostringstream out;
      out << field << " must be " << requirement << ", got " << value;
      message_ = out.str();
    }
    return *this;
  }
  std::string message() const { return message_; }

 private:
  std::string message_;
};

bool InUnitInterval(double q) { return q > 0 && q <= 1; }

}  // namespace

std::string CheckOptions(const RhythmOptions& o) {
  return Checker()
      .Require(o.min_purchases >= 2, "min_purchases", "at least 2", o.min_purchases)
      .Require(o.factor >= 1, "factor", "at least 1", o.factor)
      .Require(InUnitInterval(o.upper_quantile), "upper_quantile", "in (0, 1]", o.upper_quantile)
      .Require(o.window_gaps >= 1 && o.window_gaps <= kMaxWindow, "window_gaps", "in 1..64",
               o.window_gaps)
      .message();
}

std::string CheckOptions(const OrderSizeOptions& o) {
  return Checker()
      .Require(o.min_previous >= 1, "min_previous", "at least 1", o.min_previous)
      .Require(o.window >= 1 && o.window <= kMaxWindow, "window", "in 1..64", o.window)
      .Require(o.z >= 0, "z", "at least 0", o.z)
      .Require(o.min_drop >= 0 && o.min_drop < 1, "min_drop", "in [0, 1)", o.min_drop)
      .message();
}

std::string CheckOptions(const PopulationOptions& o) {
  return Checker()
      .Require(InUnitInterval(o.second_order_quantile), "second_order_quantile", "in (0, 1]",
               o.second_order_quantile)
      .Require(o.second_order_horizon_days >= 0, "second_order_horizon_days", "at least 0",
               o.second_order_horizon_days)
      .Require(o.second_order_day_override >= 0, "second_order_day_override", "at least 0",
               o.second_order_day_override)
      .Require(o.min_second_order_sample >= 1, "min_second_order_sample", "at least 1",
               o.min_second_order_sample)
      .Require(o.fallback_second_order_day >= 1, "fallback_second_order_day", "at least 1",
               o.fallback_second_order_day)
      .Require(InUnitInterval(o.churn_quantile), "churn_quantile", "in (0, 1]", o.churn_quantile)
      .Require(o.churn_days_override >= 0, "churn_days_override", "at least 0",
               o.churn_days_override)
      .Require(o.min_gap_sample >= 1, "min_gap_sample", "at least 1", o.min_gap_sample)
      .Require(o.fallback_churn_days >= 1, "fallback_churn_days", "at least 1",
               o.fallback_churn_days)
      .message();
}

std::string CheckOptions(const ChurnOptions& o) {
  return Checker()
      .Require(o.lead_days >= 0, "lead_days", "at least 0", o.lead_days)
      .Require(o.lead_share >= 0 && o.lead_share < 1, "lead_share", "in [0, 1)", o.lead_share)
      .message();
}

std::string CheckOptions(const TierOptions& o) {
  return Checker()
      .Require(InUnitInterval(o.a_share), "a_share", "in (0, 1]", o.a_share)
      .Require(o.b_share >= o.a_share && o.b_share <= 1, "b_share", "in [a_share, 1]", o.b_share)
      .message();
}

}  // namespace encore::plugins::lifecycle
