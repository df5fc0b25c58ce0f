// The lifecycle method: per customer, where they stand in their own buying life (rhythm
// slowdown, smaller orders, no second order, last call / churned) and their value tier, from
// thresholds learned once over the whole customer base. The statistics are the model library
// (model/, definitions in ALERTS.md); this file turns the dataset into purchase histories and
// the signals into score columns and run metrics.
//
// The alerts are scores of this run and, with the storm rules of plugin/lifecycle_events.h,
// events for the playbook; value tier moves and the crossing into churn are read against the
// previous run's scores.
#include <encore/sdk/parallel.hpp>
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model/order_size_alert.h"
#include "model/population_thresholds.h"
#include "model/purchase_history.h"
#include "model/rhythm_alert.h"
#include "model/value_tiers.h"
#include "plugins/methods/lifecycle/plugin/lifecycle_events.h"
#include "plugins/methods/lifecycle/plugin/lifecycle_options.h"

namespace encore::plugins::lifecycle {
namespace {

constexpr size_t kPollEvery = 1 << 16;
constexpr size_t kEventBlock = 4096;  // events handed over per put_events call
constexpr encore_str kNoText{"", 0};

// The alerts in the fixed order of the `alerts` score and the alert_counts metric.
enum AlertBit : unsigned { kRhythm = 1, kSmallerOrder = 2, kNoSecondOrder = 4, kLastCall = 8 };
constexpr std::array<const char*, 4> kAlertNames = {"rhythm", "smaller_order", "no_second_order",
                                                    "last_call"};
constexpr size_t kAlertSets = 1u << kAlertNames.size();

encore_str Text(const char* s) { return encore_str{s, std::char_traits<char>::length(s)}; }

// The score columns of one run, one element per dataset customer.
struct Columns {
  std::vector<int64_t> rhythm_alert, days_silent, smaller_order_alert, usual_order_minor,
      last_order_minor, no_second_order_alert, revenue_minor;
  std::vector<double> usual_interval_days;
  std::vector<uint8_t> usual_interval_null;
  std::vector<encore_str> churn_stage, value_tier, alerts;

  explicit Columns(size_t n)
      : rhythm_alert(n, 0),
        days_silent(n, 0),
        smaller_order_alert(n, 0),
        usual_order_minor(n, 0),
        last_order_minor(n, 0),
        no_second_order_alert(n, 0),
        revenue_minor(n, 0),
        usual_interval_days(n, 0.0),
        usual_interval_null(n, 1),
        churn_stage(n, kNoText),
        value_tier(n, kNoText),
        alerts(n, kNoText) {}
};

// Purchase histories of every customer, in one buffer for the whole run (no allocation per
// customer), and the net revenue of every visible customer.
struct Histories {
  std::vector<Purchase> purchases;
  std::vector<CustomerHistory> per_customer;  // empty for customers without a visible order
  std::vector<uint32_t> visible;              // customers with a visible order, ascending
  std::vector<int64_t> revenue_minor;         // per visible customer
};

class LifecycleMethod : public sdk::Method {
 public:
  explicit LifecycleMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParseLifecycleOptions(context.config)) {
    // "rhythm,last_call" etc.: the 16 possible sets, made once and shared by all rows.
    for (size_t set = 0; set < kAlertSets; ++set) {
      for (size_t a = 0; a < kAlertNames.size(); ++a) {
        if ((set & (1u << a)) == 0) continue;
        if (!alert_texts_[set].empty()) alert_texts_[set] += ',';
        alert_texts_[set] += kAlertNames[a];
      }
    }
  }

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const size_t n = dataset.customer_count();
    const int32_t as_of_day = dataset.local_day(dataset.as_of());
    Columns columns(n);
    const Histories histories = CollectHistories(dataset, as_of_day, context, columns);
    if (histories.visible.empty()) {
      context.warn("lifecycle: no customer has an order at or before the as-of date");
    }

    const PopulationStats population =
        LearnPopulation(histories.per_customer.data(), n, as_of_day, options_.population);
    WarnAboutFallbacks(population, context);

    std::vector<ValueTier> tiers(histories.visible.size());
    const TierSummary tier_summary =
        AssignValueTiers(histories.revenue_minor.data(), histories.revenue_minor.size(),
                         tiers.data(), options_.tiers);

    const PreviousRun previous(context);
    RunFacts facts;
    facts.utc_offset = dataset.raw().utc_offset_as_of;
    facts.tier_a_floor_minor = tier_summary.a_min_revenue_minor;
    facts.tier_b_floor_minor = tier_summary.b_min_revenue_minor;
    // Customers are independent here: the evaluation and the events are split over the threads,
    // each with its own counts.
    struct Tally {
      std::array<int64_t, kAlertNames.size()> alerts{};
      std::array<int64_t, 4> stages{};  // indexed by ChurnStage
    };
    std::vector<Tally> tallies(static_cast<size_t>(options_.threads));
    sdk::ForEachRange(
        histories.visible.size(), options_.threads, [&](int part, size_t from, size_t to) {
          Tally& tally = tallies[static_cast<size_t>(part)];
          std::vector<sdk::Event> events;
          for (size_t v = from; v < to; ++v) {
            // The host's stop flag is asked from the calling thread only.
            if (part == 0 && (v - from) % kPollEvery == 0 && context.stop_requested()) {
              throw sdk::Cancelled();
            }
            const uint32_t c = histories.visible[v];
            CustomerSignals signals;
            signals.tier = tiers[v];
            signals.revenue_minor = histories.revenue_minor[v];
            const unsigned set = Evaluate(histories.per_customer[c], as_of_day, population, c,
                                          columns, &tally.stages, &signals);
            for (size_t a = 0; a < kAlertNames.size(); ++a) tally.alerts[a] += (set >> a) & 1u;
            columns.alerts[c] = encore_str{alert_texts_[set].data(), alert_texts_[set].size()};
            columns.value_tier[c] = Text(ToString(tiers[v]));
            columns.revenue_minor[c] = signals.revenue_minor;
            AppendLifecycleEvents(dataset, c, signals, previous, facts, &events);
            // Handed over in blocks, so that their memory is reused while warm.
            if (events.size() >= kEventBlock) {
              context.put_events(events);
              events.clear();
            }
          }
          context.put_events(events);
        });
    std::array<int64_t, kAlertNames.size()> alert_counts{};
    std::array<int64_t, 4> stage_counts{};
    for (const Tally& tally : tallies) {
      for (size_t a = 0; a < alert_counts.size(); ++a) alert_counts[a] += tally.alerts[a];
      for (size_t st = 0; st < stage_counts.size(); ++st) stage_counts[st] += tally.stages[st];
    }
    context.progress(static_cast<int64_t>(n), static_cast<int64_t>(n));

    PutScores(columns, context);
    PutMetrics(histories, population, tier_summary, alert_counts, stage_counts, context);
  }

 private:
  Histories CollectHistories(const sdk::Dataset& dataset, int32_t as_of_day,
                             const sdk::MethodContext& context, Columns& columns) const {
    const size_t n = dataset.customer_count();
    Histories h;
    h.purchases.resize(dataset.order_count());
    h.per_customer.assign(n, CustomerHistory{});
    size_t longest = 0;
    for (size_t c = 0; c < n; ++c) {
      const size_t orders = dataset.end_order(c) - dataset.first_order(c);
      longest = std::max(longest, orders);
      if (orders > 0) h.visible.push_back(static_cast<uint32_t>(c));
    }
    h.revenue_minor.reserve(h.visible.size());
    std::vector<Order> scratch(longest);  // one customer's orders, reused
    size_t used = 0;
    for (size_t v = 0; v < h.visible.size(); ++v) {
      if (v % kPollEvery == 0) {
        if (context.stop_requested()) throw sdk::Cancelled();
        context.progress(static_cast<int64_t>(v), static_cast<int64_t>(n));
      }
      const uint32_t c = h.visible[v];
      const uint32_t begin = dataset.first_order(c), end = dataset.end_order(c);
      const size_t count = end - begin;
      for (size_t i = 0; i < count; ++i) {
        scratch[i] = Order{dataset.local_day(dataset.order_time(begin + i)),
                           dataset.order_amount(begin + i)};
      }
      Purchase* out = h.purchases.data() + used;
      const size_t purchases = CollectPurchases(scratch.data(), count, as_of_day, out);
      h.per_customer[c] = CustomerHistory{out, purchases};
      used += purchases;
      h.revenue_minor.push_back(NetRevenue(scratch.data(), count, as_of_day));
      // A customer with orders but no purchase (credit notes, orders of value 0) is silent
      // since their last order, as rfm's recency; Evaluate overwrites it for buyers.
      columns.days_silent[c] = as_of_day - scratch[count - 1].day;
    }
    return h;
  }

  // Fills row c of the columns; returns the set of alerts (AlertBit) of the customer.
  // Also keeps the signals in `signals`, for the events.
  unsigned Evaluate(const CustomerHistory& history, int32_t as_of_day,
                    const PopulationStats& population, uint32_t c, Columns& columns,
                    std::array<int64_t, 4>* stage_counts, CustomerSignals* signals) const {
    const ChurnSignal& churn = signals->churn =
        EvaluateChurn(history, as_of_day, population, options_.churn);
    ++(*stage_counts)[static_cast<size_t>(churn.stage)];
    columns.churn_stage[c] = Text(ToString(churn.stage));
    if (history.count == 0) return 0;

    signals->purchases = static_cast<int32_t>(history.count);
    const RhythmAlert& rhythm = signals->rhythm =
        EvaluateRhythm(history, as_of_day, options_.rhythm);
    const OrderSizeAlert& size = signals->size = EvaluateOrderSize(history, options_.order_size);
    const SecondOrderSignal& second = signals->second =
        EvaluateSecondOrder(history, as_of_day, population);
    columns.days_silent[c] = rhythm.days_silent;
    columns.rhythm_alert[c] = rhythm.alert ? 1 : 0;
    if (rhythm.eligible) {
      columns.usual_interval_days[c] = std::max(rhythm.median_gap_days, 1.0);
      columns.usual_interval_null[c] = 0;
    }
    columns.smaller_order_alert[c] = size.alert ? 1 : 0;
    columns.usual_order_minor[c] = size.eligible ? std::llround(size.median_minor) : 0;
    columns.last_order_minor[c] = size.last_amount_minor;
    columns.no_second_order_alert[c] = second.alert ? 1 : 0;

    unsigned set = 0;
    if (rhythm.alert) set |= kRhythm;
    if (size.alert) set |= kSmallerOrder;
    if (second.alert) set |= kNoSecondOrder;
    if (churn.stage == ChurnStage::kLastCall) set |= kLastCall;
    return set;
  }

  void WarnAboutFallbacks(const PopulationStats& p, const sdk::MethodContext& context) const {
    const PopulationOptions& o = options_.population;
    if (p.second_order_source == ThresholdSource::kFallback && p.customers > 0) {
      context.warn("lifecycle: only " + std::to_string(p.second_order_sample) +
                   " second purchases within " + std::to_string(p.second_order_horizon_days) +
                   " days of the first (min_second_order_sample: " +
                   std::to_string(o.min_second_order_sample) +
                   "); the second-order day is the fallback " + std::to_string(p.second_order_day) +
                   " days");
    }
    if (p.churn_source == ThresholdSource::kFallback && p.customers > 0) {
      context.warn("lifecycle: only " + std::to_string(p.gap_sample) +
                   " gaps between purchases (min_gap_sample: " + std::to_string(o.min_gap_sample) +
                   "); the churn threshold is the fallback " +
                   std::to_string(p.churn_threshold_days) + " days");
    }
  }

  static void PutScores(const Columns& c, const sdk::MethodContext& context) {
    context.put_scores("rhythm_alert", c.rhythm_alert);
    context.put_scores("usual_interval_days", c.usual_interval_days, c.usual_interval_null);
    context.put_scores("days_silent", c.days_silent);
    context.put_scores("smaller_order_alert", c.smaller_order_alert);
    context.put_scores("usual_order_minor", c.usual_order_minor);
    context.put_scores("last_order_minor", c.last_order_minor);
    context.put_scores("no_second_order_alert", c.no_second_order_alert);
    context.put_scores("churn_stage", c.churn_stage);
    context.put_scores("value_tier", c.value_tier);
    context.put_scores("revenue_minor", c.revenue_minor);
    context.put_scores("alerts", c.alerts);
  }

  void PutMetrics(const Histories& h, const PopulationStats& p, const TierSummary& t,
                  const std::array<int64_t, kAlertNames.size()>& alert_counts,
                  const std::array<int64_t, 4>& stage_counts,
                  const sdk::MethodContext& context) const {
    context.put_metric("lifecycle.customers", static_cast<double>(h.visible.size()));
    context.put_metric("lifecycle.second_order_day", p.second_order_day, "days");
    context.put_metric("lifecycle.churn_threshold_days", p.churn_threshold_days, "days");
    context.put_metric_json(
        "lifecycle.thresholds",
        nlohmann::json{{"second_order_day",
                        {{"days", p.second_order_day},
                         {"source", ToString(p.second_order_source)},
                         {"quantile", options_.population.second_order_quantile},
                         {"horizon_days", p.second_order_horizon_days},
                         {"cohort", p.second_order_cohort},
                         {"sample", p.second_order_sample}}},
                       {"churn_threshold_days",
                        {{"days", p.churn_threshold_days},
                         {"source", ToString(p.churn_source)},
                         {"quantile", options_.population.churn_quantile},
                         {"sample", p.gap_sample}}}});
    context.put_metric("lifecycle.one_time_buyers", static_cast<double>(p.one_time_buyers));
    context.put_metric("lifecycle.second_order_conversion", p.second_order_conversion);
    context.put_metric("lifecycle.pareto_share", t.pareto_share);
    context.put_metric("lifecycle.a_revenue_share", t.a_revenue_share);
    context.put_metric_json(
        "lifecycle.tier_sizes",
        nlohmann::json{{"A", t.a_customers}, {"B", t.b_customers}, {"C", t.c_customers}});
    nlohmann::json alerts = nlohmann::json::object();
    for (size_t a = 0; a < kAlertNames.size(); ++a) alerts[kAlertNames[a]] = alert_counts[a];
    context.put_metric_json("lifecycle.alert_counts", alerts);
    nlohmann::json stages = nlohmann::json::object();
    for (ChurnStage s :
         {ChurnStage::kActive, ChurnStage::kLastCall, ChurnStage::kChurned, ChurnStage::kNone}) {
      stages[ToString(s)] = stage_counts[static_cast<size_t>(s)];
    }
    context.put_metric_json("lifecycle.churn_stages", stages);
  }

  LifecycleOptions options_;
  std::array<std::string, kAlertSets> alert_texts_;
};

}  // namespace
}  // namespace encore::plugins::lifecycle

ENCORE_PLUGIN(encore::plugins::lifecycle::LifecycleMethod, "lifecycle", "1.0.0",
              "Per-customer lifecycle signals (rhythm slowdown, smaller orders, no second order, "
              "last call / churned) and Pareto value tiers, from thresholds learned on the "
              "customer base.",
              encore::plugins::lifecycle::kLifecycleOptions)
