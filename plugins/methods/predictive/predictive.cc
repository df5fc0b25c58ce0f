// The predictive method: BG/NBD or Pareto/NBD purchase counts and Gamma-Gamma spend fitted on
// the order history, then per-customer P(alive), expected purchases, expected order value, CLV
// and the expected date of the next order. Definitions: MODEL.md; options and outputs: README.md.
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/civil_date.h"
#include "model/holdout_validation.h"
#include "model/scoring.h"
#include "plugin/dataset_summaries.h"
#include "plugin/minor_units.h"
#include "plugin/model_choice.h"
#include "plugin/p_alive_events.h"
#include "plugin/predictive_options.h"
#include "plugin/run_report.h"
#include "plugin/split_validation.h"

namespace encore::plugins::predictive {
namespace {

constexpr double kDaysPerMonth = 30.4375;  // 365.25 / 12
constexpr int64_t kMaxNextOrderDays = 36525;
constexpr encore_str kNoText{"", 0};

struct Period {
  int32_t calibration_end = 0;
  int32_t holdout_end = 0;  // == calibration_end: no holdout
  bool has_holdout() const { return holdout_end > calibration_end; }
  // Scoring runs (no calibration_end) validate on a split of their own history.
  std::optional<ValidationSplit> validation;
};

class PredictiveMethod : public sdk::Method {
 public:
  explicit PredictiveMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParsePredictiveOptions(context.config)) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const Period period = PeriodOf(dataset);
    const size_t n = dataset.customer_count();
    const int64_t total = static_cast<int64_t>(n) * (period.validation ? 4 : 3);
    auto poll = [&](size_t done) {
      if (context.stop_requested()) throw sdk::Cancelled();
      context.progress(static_cast<int64_t>(done), total);
    };

    SummaryPeriod summary_period;
    summary_period.calibration_end_day = period.calibration_end;
    summary_period.holdout_end_day = period.holdout_end;
    summary_period.unit = options_.time_unit;
    std::optional<SummaryPeriod> validation_period;
    if (period.validation) {
      validation_period = summary_period;
      validation_period->calibration_end_day = period.validation->calibration_end_day;
      validation_period->holdout_end_day = period.validation->holdout_end_day;
    }
    DatasetSummaries summaries =
        SummarizeDataset(dataset, summary_period, validation_period, options_.threads, poll);
    if (summaries.without_purchase > 0) {
      context.warn(std::to_string(summaries.without_purchase) +
                   " customers have only orders of negative value (returns): they are not "
                   "scored");
    }
    const TransactionChoice transactions = ChooseTransactionModel(options_, summaries.customers);
    poll(n + n / 2);
    const SpendChoice spend = ChooseSpendModel(options_, summaries.customers);
    poll(2 * n);
    std::optional<SplitValidation> validation;
    if (period.validation && summaries.in_calibration > 0) {
      validation = ValidateOnSplit(options_, transactions, summaries, *period.validation);
      poll(3 * n);
    }
    // The split's summaries are not needed any more: free them before scoring allocates.
    std::vector<CustomerSummary>().swap(summaries.validation);

    const double unit_days = DaysPerUnit(options_.time_unit);
    ScoringOptions scoring;
    scoring.purchase_horizon = options_.horizon_days / unit_days;
    scoring.clv_horizon = options_.horizon_days / unit_days;
    scoring.clv_period = kDaysPerMonth / unit_days;
    scoring.discount_rate = options_.discount_rate;
    scoring.p_alive_threshold = options_.p_alive_threshold;
    scoring.threads = options_.threads;
    const std::vector<CustomerScore> scores =
        ScoreCustomers(*transactions.model, *spend.model, summaries.customers, scoring);
    const std::vector<int64_t> clv = PutScores(context, summaries, scores, period);
    PutDropEvents(context, dataset, summaries, scores, clv, period);
    poll(total);

    if (!transactions.warning.empty()) context.warn(transactions.warning);
    if (!spend.warning.empty()) context.warn(spend.warning);
    if (validation && !validation->skipped.empty()) context.warn(validation->skipped);
    if (summaries.in_calibration == 0) {
      context.warn("no customer has a purchase up to calibration_end " +
                   FormatIsoDate(period.calibration_end) + ": nobody is scored");
    }
    PutMetrics(context, summaries, transactions, spend, scores, period, validation);
  }

 private:
  Period PeriodOf(const sdk::Dataset& dataset) const {
    const int32_t as_of_day = dataset.local_day(dataset.as_of());
    Period p;
    p.calibration_end = options_.calibration_end_day.value_or(as_of_day);
    if (p.calibration_end > as_of_day) {
      throw sdk::Error("calibration_end " + FormatIsoDate(p.calibration_end) +
                       " is after the as-of day " + FormatIsoDate(as_of_day) +
                       ": the history cannot reach it");
    }
    p.holdout_end = options_.holdout_end_day.value_or(as_of_day);
    if (p.holdout_end > as_of_day) {
      throw sdk::Error("holdout_end " + FormatIsoDate(p.holdout_end) + " is after the as-of day " +
                       FormatIsoDate(as_of_day) + ": its purchases are not visible");
    }
    if (options_.holdout_end_day && p.holdout_end <= p.calibration_end) {
      throw sdk::Error("holdout_end " + FormatIsoDate(p.holdout_end) +
                       " is not after calibration_end " + FormatIsoDate(p.calibration_end) +
                       ": set calibration_end before it");
    }
    if (p.holdout_end < p.calibration_end) p.holdout_end = p.calibration_end;
    if (!options_.calibration_end_day && options_.validation_holdout_days > 0) {
      p.validation = ValidationSplit{
          as_of_day - static_cast<int32_t>(options_.validation_holdout_days), as_of_day};
    }
    return p;
  }

  // Returns the clv_minor column, which the events quote.
  std::vector<int64_t> PutScores(const sdk::MethodContext& context,
                                 const DatasetSummaries& summaries,
                                 const std::vector<CustomerScore>& scores,
                                 const Period& period) const {
    const size_t n = scores.size();
    std::vector<double> p_alive(n, 0), purchases(n, 0);
    std::vector<uint8_t> unscored(n, 1);
    std::vector<int64_t> order_value(n, 0), clv(n, 0);
    std::vector<encore_str> next_order(n, kNoText);
    // One date text per distinct day ahead; rows point at it.
    std::vector<std::string> day_texts(kMaxNextOrderDays + 1);
    const double unit_days = DaysPerUnit(options_.time_unit);
    for (size_t c = 0; c < n; ++c) {
      if (!summaries.customers[c].in_calibration) continue;
      const CustomerScore& s = scores[c];
      unscored[c] = 0;
      p_alive[c] = s.p_alive;
      purchases[c] = s.expected_purchases;
      order_value[c] = MinorUnits(s.expected_spend);
      clv[c] = MinorUnits(s.clv);
      if (!s.has_next_order) continue;
      // The calibration end day is already observed, so the next order is one day later at least.
      const double days = s.next_order_in * unit_days;
      if (!(days <= kMaxNextOrderDays)) continue;
      const int64_t ahead = std::max<int64_t>(1, std::llround(days));
      std::string& text = day_texts[ahead];
      if (text.empty()) text = FormatIsoDate(period.calibration_end + static_cast<int32_t>(ahead));
      next_order[c] = encore_str{text.data(), text.size()};
    }
    context.put_scores("p_alive", p_alive, unscored);
    context.put_scores(PurchasesColumn(), purchases, unscored);
    context.put_scores("expected_order_value_minor", order_value);
    context.put_scores("clv_minor", clv);
    context.put_scores("next_order_date", next_order);
    return clv;
  }

  // p_alive_drop against the previous run's P(alive) and CLV; nothing on the first run.
  void PutDropEvents(const sdk::MethodContext& context, const sdk::Dataset& dataset,
                     const DatasetSummaries& summaries, const std::vector<CustomerScore>& scores,
                     const std::vector<int64_t>& clv, const Period& period) const {
    PreviousScores previous;
    previous.p_alive = context.find_previous_scores("p_alive");
    if (previous.p_alive == nullptr || previous.p_alive->type != ENCORE_VALUE_F64) return;
    previous.clv_minor = context.find_previous_scores("clv_minor");
    if (previous.clv_minor != nullptr && previous.clv_minor->type != ENCORE_VALUE_I64) {
      previous.clv_minor = nullptr;
    }
    context.put_events(PAliveDrops(dataset, summaries.customers, scores, clv, previous,
                                   period.calibration_end, options_.horizon_days,
                                   options_.drop_alert));
  }

  std::string PurchasesColumn() const {
    return "expected_purchases_" + std::to_string(options_.horizon_days) + "d";
  }

  void PutMetrics(const sdk::MethodContext& context, const DatasetSummaries& summaries,
                  const TransactionChoice& transactions, const SpendChoice& spend,
                  const std::vector<CustomerScore>& scores, const Period& period,
                  const std::optional<SplitValidation>& split) const {
    const std::string model = ModelName(options_.model);
    context.put_metric("predictive.customers", static_cast<double>(summaries.in_calibration));
    context.put_metric("predictive.repeat_customers",
                       static_cast<double>(summaries.repeat_customers));
    context.put_metric("predictive.fallback", transactions.fallback ? 1 : 0);
    context.put_metric("predictive.spend_fallback", spend.fallback ? 1 : 0);
    double purchases = 0, clv = 0;
    for (size_t c = 0; c < scores.size(); ++c) {
      if (!summaries.customers[c].in_calibration) continue;
      purchases += scores[c].expected_purchases;
      clv += static_cast<double>(MinorUnits(scores[c].clv));
    }
    context.put_metric("predictive." + PurchasesColumn(), purchases);
    context.put_metric("predictive.clv", clv, "minor");

    nlohmann::json fit = {{"model", model},
                          {"time_unit", options_.time_unit == TimeUnit::kDays ? "days" : "weeks"},
                          {"calibration_end", FormatIsoDate(period.calibration_end)},
                          {"fallback", transactions.fallback},
                          {"warning", transactions.warning}};
    if (transactions.report) {
      fit["fit"] = FitJson(*transactions.report);
      PutFitMetrics(context, model, *transactions.report);
    }
    context.put_metric_json("predictive.fit", fit);

    nlohmann::json spend_fit = {{"model", "gamma_gamma"},
                                {"customers", spend.customers},
                                {"excluded_customers", spend.excluded},
                                {"fallback", spend.fallback},
                                {"warning", spend.warning}};
    if (spend.report) {
      spend_fit["fit"] = FitJson(*spend.report);
      PutFitMetrics(context, "gamma_gamma", *spend.report);
    }
    context.put_metric_json("predictive.spend_fit", spend_fit);

    if (period.has_holdout() && summaries.in_calibration > 0) {
      // A backtest: the scoring fit itself is validated on the days after calibration_end.
      const double unit_days = DaysPerUnit(options_.time_unit);
      const HoldoutValidation validation = ValidateHoldout(
          *transactions.model, summaries.customers,
          (period.holdout_end - period.calibration_end) / unit_days, 7, options_.threads);
      nlohmann::json holdout = HoldoutJson(validation, period.calibration_end, period.holdout_end);
      holdout["mode"] = "backtest";
      holdout["model"] = transactions.fallback ? "fallback" : model;
      PutHoldoutMetrics(context, validation);
      context.put_metric_json("predictive.holdout", holdout);
    } else if (split && split->table) {
      nlohmann::json holdout = HoldoutJson(*split->table, period.validation->calibration_end_day,
                                           period.validation->holdout_end_day);
      holdout["mode"] = "validation";
      holdout["model"] = split->model;
      if (split->report) {
        holdout["fit"] = FitJson(*split->report);
        // Identification is judged from standard errors, which the validation fit skips.
        holdout["fit"].erase("identified");
      }
      PutHoldoutMetrics(context, *split->table);
      context.put_metric_json("predictive.holdout", holdout);
    }
  }

  PredictiveOptions options_;
};

}  // namespace
}  // namespace encore::plugins::predictive

ENCORE_PLUGIN(encore::plugins::predictive::PredictiveMethod, "predictive", "0.1.0",
              "BG/NBD or Pareto/NBD and Gamma-Gamma: P(alive), expected purchases, expected "
              "order value, CLV and next order date per customer.",
              encore::plugins::predictive::kPredictiveOptions)
