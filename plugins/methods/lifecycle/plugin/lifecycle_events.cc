#include "plugins/methods/lifecycle/plugin/lifecycle_events.h"

#include <cmath>
#include <string>

namespace encore::plugins::lifecycle {
namespace {

// Times of the customer's first and last purchase: the earliest and the latest order of
// positive value (a purchase day's first order, the last purchase day's last order).
struct PurchaseTimes {
  int64_t first = 0, last = 0;
};

PurchaseTimes TimesOf(const sdk::Dataset& dataset, uint32_t c) {
  PurchaseTimes t;
  const uint32_t begin = dataset.first_order(c), end = dataset.end_order(c);
  for (uint32_t o = begin; o < end; ++o) {
    if (dataset.order_amount(o) > 0) {
      t.first = dataset.order_time(o);
      break;
    }
  }
  for (uint32_t o = end; o > begin; --o) {
    if (dataset.order_amount(o - 1) > 0) {
      t.last = dataset.order_time(o - 1);
      break;
    }
  }
  return t;
}

int TierOrder(std::string_view tier) { return tier == "A" ? 0 : tier == "B" ? 1 : 2; }

// The day silence turns into churn: the first day with days silent > threshold.
int64_t ChurnAt(const ChurnSignal& churn, const RunFacts& facts) {
  return LocalMidnightUtc(churn.last_purchase_day + churn.threshold_days + 1, facts.utc_offset);
}

sdk::Event& Add(std::vector<sdk::Event>* out, uint32_t c, const char* type, int32_t priority) {
  sdk::Event& e = out->emplace_back();
  e.customer = c;
  e.type = type;
  e.priority = priority;
  return e;
}

}  // namespace

PreviousRun::PreviousRun(const sdk::MethodContext& context)
    : churn_stage_(context.find_previous_scores("churn_stage")),
      value_tier_(context.find_previous_scores("value_tier")),
      revenue_minor_(context.find_previous_scores("revenue_minor")) {
  if (churn_stage_ != nullptr && churn_stage_->type != ENCORE_VALUE_STR) churn_stage_ = nullptr;
  if (value_tier_ != nullptr && value_tier_->type != ENCORE_VALUE_STR) value_tier_ = nullptr;
  if (revenue_minor_ != nullptr && revenue_minor_->type != ENCORE_VALUE_I64) {
    revenue_minor_ = nullptr;
  }
}

std::optional<std::string_view> PreviousRun::Text(const encore_column_v1* column, size_t c) {
  if (column == nullptr || (column->null_mask != nullptr && column->null_mask[c] != 0)) {
    return std::nullopt;
  }
  const std::string_view text = sdk::View(static_cast<const encore_str*>(column->values)[c]);
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<int64_t> PreviousRun::revenue_minor(size_t c) const {
  if (revenue_minor_ == nullptr ||
      (revenue_minor_->null_mask != nullptr && revenue_minor_->null_mask[c] != 0)) {
    return std::nullopt;
  }
  return static_cast<const int64_t*>(revenue_minor_->values)[c];
}

void AppendLifecycleEvents(const sdk::Dataset& dataset, uint32_t c, const CustomerSignals& s,
                           const PreviousRun& previous, const RunFacts& facts,
                           std::vector<sdk::Event>* out) {
  const char* tier = ToString(s.tier);
  if (const auto before = previous.value_tier(c); before && *before != tier) {
    const bool down = TierOrder(tier) > TierOrder(*before);
    sdk::Event& e = Add(out, c, down ? "value_tier_down" : "value_tier_up",
                        down ? (*before == "A" ? 1 : 2) : 3);
    e.evidence = {{"from_tier", std::string(*before)},
                  {"to_tier", tier},
                  {"revenue_minor", s.revenue_minor},
                  {"tier_a_floor_minor", facts.tier_a_floor_minor},
                  {"tier_b_floor_minor", facts.tier_b_floor_minor}};
    if (const auto revenue = previous.revenue_minor(c)) {
      e.evidence.add("previous_revenue_minor", *revenue);
    }
  }

  const ChurnSignal& churn = s.churn;
  if (churn.stage == ChurnStage::kNone) return;
  const bool silence_event = churn.stage == ChurnStage::kLastCall ||
                             churn.stage == ChurnStage::kChurned || s.rhythm.alert ||
                             s.second.alert;
  const bool size_event = s.size.alert && churn.stage != ChurnStage::kChurned;
  if (!silence_event && !size_event) return;
  const PurchaseTimes times = TimesOf(dataset, c);

  if (churn.stage == ChurnStage::kChurned) {
    // Only on the run that crosses the threshold: the previous run knew this customer and did
    // not have them churned.
    const auto before = previous.churn_stage(c);
    if (!before || *before == "churned") return;
    sdk::Event& e = Add(out, c, "churned", 2);
    e.evidence = {{"from_stage", std::string(*before)},
                  {"days_since_last_order", churn.days_silent},
                  {"churn_threshold_days", churn.threshold_days},
                  {"purchases", s.purchases},
                  {"last_order_minor", s.size.last_amount_minor},
                  {"last_order_at", times.last},
                  {"value_tier", tier},
                  {"revenue_minor", s.revenue_minor}};
    return;
  }

  if (churn.stage == ChurnStage::kLastCall) {
    sdk::Event& e = Add(out, c, "last_call", 1);
    e.due_at = ChurnAt(churn, facts);
    e.evidence = {{"days_since_last_order", churn.days_silent},
                  {"churn_threshold_days", churn.threshold_days},
                  {"days_to_threshold", churn.days_to_threshold},
                  {"lead_days", churn.lead_days},
                  {"churn_at", e.due_at},
                  {"purchases", s.purchases},
                  {"last_order_minor", s.size.last_amount_minor},
                  {"last_order_at", times.last},
                  {"value_tier", tier},
                  {"revenue_minor", s.revenue_minor}};
    if (s.rhythm.eligible) e.evidence.add("usual_gap_days", s.rhythm.median_gap_days);
  } else if (s.rhythm.alert) {
    sdk::Event& e = Add(out, c, "rhythm_slowdown", 2);
    e.evidence = {{"days_since_last_order", s.rhythm.days_silent},
                  {"usual_gap_days", s.rhythm.median_gap_days},
                  {"long_gap_days", s.rhythm.upper_gap_days},
                  {"threshold_days", s.rhythm.threshold_days},
                  {"purchases", s.purchases},
                  {"last_order_minor", s.size.last_amount_minor},
                  {"last_order_at", times.last}};
  } else if (s.second.alert) {
    sdk::Event& e = Add(out, c, "no_second_order", 2);
    e.due_at = ChurnAt(churn, facts);
    e.evidence = {{"days_since_first_order", s.second.days_since_first},
                  {"usual_second_order_days", s.second.second_order_day},
                  {"churn_threshold_days", s.second.churn_threshold_days},
                  {"churn_at", e.due_at},
                  {"first_order_minor", s.size.last_amount_minor},
                  {"first_order_at", times.first}};
  }

  if (size_event) {
    sdk::Event& e = Add(out, c, "smaller_orders", 2);
    e.evidence = {{"last_order_minor", s.size.last_amount_minor},
                  {"usual_order_minor", std::llround(s.size.median_minor)},
                  {"drop_share", s.size.drop_share},
                  {"previous_orders", s.size.previous_used},
                  {"last_order_at", times.last}};
  }
}

}  // namespace encore::plugins::lifecycle
