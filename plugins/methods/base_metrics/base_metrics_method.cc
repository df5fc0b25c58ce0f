// The base_metrics method: dataset-level CRM figures (customers, active / new / repeat /
// churned, period revenue, ARPU, average order value, second-order conversion overall, by
// acquisition month and by manager, Pareto concentration, the repeat-sales report and a monthly
// cohort retention triangle). Puts metrics only, no per-customer scores. Every figure is
// defined in docs/metrics.md, "Base metrics"; the worked example there is a test.
#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <string>

#include "plugins/methods/base_metrics/base_metrics.h"

namespace encore::plugins::base_metrics {
namespace {

constexpr encore_option_v1 kBaseMetricsOptions[] = {
    sdk::Option("period_days", ENCORE_OPTION_INT, "365",
                "Days ending on the as-of day over which revenue, ARPU, average order value and "
                "new customers are counted."),
    sdk::Option("active_days", ENCORE_OPTION_INT, "365",
                "A customer with a positive order in this many days ending on the as-of day is "
                "active."),
    sdk::Option("churn_days", ENCORE_OPTION_INT, "365",
                "A customer without a positive order in this many days ending on the as-of day "
                "is churned."),
    sdk::Option("stale_days", ENCORE_OPTION_INT, "180",
                "A one-time buyer whose only purchase is more than this many days old counts in "
                "the repeat-sales report."),
    sdk::Option("pareto_percent", ENCORE_OPTION_INT, "80",
                "Share of revenue (whole percent) the Pareto top list must reach."),
};

constexpr const char* kNoManagerKey = "(none)";

// A share with an empty denominator is 0, not NaN: a sink writes it as a plain number.
double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

nlohmann::json ConversionJson(const Conversion& c) {
  return nlohmann::json{{"customers", c.customers},
                        {"converted", c.converted},
                        {"rate", Share(c.converted, c.customers)}};
}

class BaseMetricsMethod : public sdk::Method {
 public:
  explicit BaseMetricsMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParseBaseMetricsOptions(context.config)) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const size_t customer_count = dataset.customer_count();
    const auto poll = [&](size_t done) {
      if (context.stop_requested()) throw sdk::Cancelled();
      context.progress(static_cast<int64_t>(done), static_cast<int64_t>(customer_count));
    };
    const BaseMetrics m = ComputeBaseMetrics(dataset, options_, poll);
    PutCounts(context, m);
    PutMoney(context, m);
    PutRates(context, m);
    PutConversion(context, dataset, m);
    PutRepeatSales(context, m);
    PutRetention(context, m);
    if (m.customers == 0) {
      context.warn("base_metrics: no customer has an order at or before the as-of date");
    }
  }

 private:
  void PutCounts(const sdk::MethodContext& context, const BaseMetrics& m) const {
    context.put_metric("base_metrics.customers", static_cast<double>(m.customers), "customers");
    context.put_metric("base_metrics.buyers", static_cast<double>(m.buyers), "customers");
    context.put_metric("base_metrics.active_customers", static_cast<double>(m.active_customers),
                       "customers");
    context.put_metric("base_metrics.new_customers", static_cast<double>(m.new_customers),
                       "customers");
    context.put_metric("base_metrics.repeat_customers", static_cast<double>(m.repeat_customers),
                       "customers");
    context.put_metric("base_metrics.one_time_customers", static_cast<double>(m.one_time_customers),
                       "customers");
    context.put_metric("base_metrics.churned_customers", static_cast<double>(m.churned_customers),
                       "customers");
    context.put_metric("base_metrics.period_customers", static_cast<double>(m.period_customers),
                       "customers");
    context.put_metric("base_metrics.period_days", static_cast<double>(options_.period_days),
                       "days");
    context.put_metric("base_metrics.active_days", static_cast<double>(options_.active_days),
                       "days");
    context.put_metric("base_metrics.churn_days", static_cast<double>(options_.churn_days), "days");
  }

  static void PutMoney(const sdk::MethodContext& context, const BaseMetrics& m) {
    context.put_metric("base_metrics.revenue", static_cast<double>(m.total_revenue), "minor");
    context.put_metric("base_metrics.period_revenue", static_cast<double>(m.period_revenue),
                       "minor");
    context.put_metric("base_metrics.period_orders", static_cast<double>(m.period_positive_orders),
                       "orders");
    const auto per = [](int64_t money, int64_t count) {
      return count == 0 ? 0.0 : static_cast<double>(money) / static_cast<double>(count);
    };
    context.put_metric("base_metrics.arpu", per(m.period_revenue, m.period_customers), "minor");
    context.put_metric("base_metrics.arpu_active", per(m.period_revenue, m.active_customers),
                       "minor");
    context.put_metric("base_metrics.average_order_value",
                       per(m.period_revenue, m.period_positive_orders), "minor");
  }

  static void PutRates(const sdk::MethodContext& context, const BaseMetrics& m) {
    context.put_metric("base_metrics.repeat_purchase_rate", Share(m.repeat_customers, m.customers),
                       "share");
    context.put_metric("base_metrics.churn_rate", Share(m.churned_customers, m.customers), "share");
    context.put_metric("base_metrics.pareto_customers", static_cast<double>(m.pareto_customers),
                       "customers");
    context.put_metric("base_metrics.pareto_share", Share(m.pareto_customers, m.customers),
                       "share");
  }

  static void PutConversion(const sdk::MethodContext& context, const sdk::Dataset& dataset,
                            const BaseMetrics& m) {
    context.put_metric("base_metrics.second_order_conversion", Share(m.repeat_customers, m.buyers),
                       "share");
    nlohmann::json by_cohort = nlohmann::json::object();
    for (const auto& [month, cohort] : m.cohorts) {
      by_cohort[MonthText(month)] = ConversionJson(cohort.conversion);
    }
    context.put_metric_json("base_metrics.second_order_conversion_by_cohort", by_cohort);

    if (dataset.manager_count() == 0) {
      context.put_metric_json("base_metrics.second_order_conversion_by_manager",
                              nlohmann::json{{"not_applicable", "no manager ids"}});
      context.warn(
          "base_metrics: the dataset has no manager ids; second-order conversion by manager is "
          "not applicable");
      return;
    }
    nlohmann::json by_manager = nlohmann::json::object();
    for (size_t i = 0; i < m.by_manager.size(); ++i) {
      if (m.by_manager[i].customers == 0) continue;
      const std::string key =
          i == dataset.manager_count() ? kNoManagerKey : std::string(dataset.manager_key(i));
      by_manager[key] = ConversionJson(m.by_manager[i]);
    }
    context.put_metric_json("base_metrics.second_order_conversion_by_manager", by_manager);
  }

  void PutRepeatSales(const sdk::MethodContext& context, const BaseMetrics& m) const {
    context.put_metric("base_metrics.stale_days", static_cast<double>(options_.stale_days), "days");
    context.put_metric("base_metrics.one_time_stale_customers",
                       static_cast<double>(m.one_time_stale_customers), "customers");
    context.put_metric("base_metrics.one_time_stale_share",
                       Share(m.one_time_stale_customers, m.one_time_customers), "share");
    context.put_metric("base_metrics.one_time_stale_share_of_customers",
                       Share(m.one_time_stale_customers, m.customers), "share");
    context.put_metric_json("base_metrics.customers_by_orders",
                            nlohmann::json{{"0", m.by_orders[0]},
                                           {"1", m.by_orders[1]},
                                           {"2", m.by_orders[2]},
                                           {"3", m.by_orders[3]},
                                           {"4", m.by_orders[4]},
                                           {"5+", m.by_orders[5]}});
  }

  static void PutRetention(const sdk::MethodContext& context, const BaseMetrics& m) {
    nlohmann::json triangle = nlohmann::json::object();
    for (const auto& [month, cohort] : m.cohorts) {
      nlohmann::json row = nlohmann::json::array();
      for (int64_t active : cohort.retention) {
        row.push_back(Share(active, cohort.conversion.customers));
      }
      triangle[MonthText(month)] = row;
    }
    context.put_metric_json("base_metrics.cohort_retention", triangle);
  }

  BaseMetricsOptions options_;
};

}  // namespace
}  // namespace encore::plugins::base_metrics

ENCORE_PLUGIN(encore::plugins::base_metrics::BaseMetricsMethod, "base_metrics", "1.0.0",
              "Dataset-level CRM figures: customers (active, new, repeat, one-time, churned), "
              "period revenue, ARPU, average order value, second-order conversion by cohort and "
              "manager, Pareto share, repeat-sales report, monthly cohort retention.",
              encore::plugins::base_metrics::kBaseMetricsOptions)
