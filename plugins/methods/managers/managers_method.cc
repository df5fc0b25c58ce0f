// The managers method: a league table of account managers over a period (revenue and its
// growth, average order value, second-order conversion of their newcomers, retention, win-back
// of customers who were slipping away, their portfolio's segments and its migration), with
// conversion, retention and win-back compared with what the manager's own mix of customers
// would predict, so that a manager with hard customers is judged fairly. Definitions in
// README.md.
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/methods/managers/league.h"
#include "plugins/methods/managers/league_tables.h"
#include "plugins/methods/managers/manager_tallies.h"
#include "plugins/methods/managers/managers_options.h"
#include "plugins/methods/managers/segment_mix.h"
#include "plugins/methods/managers/strata.h"

namespace encore::plugins::managers {
namespace {

constexpr encore_option_v1 kManagersOptions[] = {
    sdk::Option("period_days", ENCORE_OPTION_INT, "90",
                "The period: this many calendar days ending on the as-of day; the previous "
                "period of the same length comes before it (1..3660)."),
    sdk::Option("conversion_days", ENCORE_OPTION_INT, "60",
                "A newcomer converts with a second purchase within this many days of the first; "
                "the cohort is the period moved back by this many days (1..3660)."),
    sdk::Option("winback_factor", ENCORE_OPTION_DOUBLE, "2.0",
                "At the period start a customer is slipping away when silent longer than this "
                "many times their usual gap between purchases (1..100)."),
};

// Threads for the pass over customers: the machines this runs on have 2 cores.
constexpr int kThreads = 2;
constexpr char kNoManagers[] = "not applicable: no manager ids";

nlohmann::json RatesJson(const Rate* strata, int count, std::string (*name)(int)) {
  nlohmann::json out = nlohmann::json::object();
  for (int s = 0; s < count; ++s) {
    if (strata[s].base == 0) continue;
    out[name(s)] = {
        {"base", strata[s].base},
        {"successes", strata[s].successes},
        {"rate", static_cast<double>(strata[s].successes) / static_cast<double>(strata[s].base)}};
  }
  return out;
}

class ManagersMethod : public sdk::Method {
 public:
  explicit ManagersMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParseManagersOptions(context.config)) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    if (dataset.manager_count() == 0) {
      context.put_metric_json("managers.status", kNoManagers);
      context.warn(std::string("managers: ") + kNoManagers);
      return;
    }
    const auto total = static_cast<int64_t>(dataset.customer_count());
    const ManagerTallies tallies = CountManagers(dataset, options_, kThreads, [&](size_t done) {
      if (context.stop_requested()) throw sdk::Cancelled();
      context.progress(std::min(static_cast<int64_t>(done), total), total);
    });
    const CompanyRates company = CompanyRatesOf(tallies);
    const std::vector<LeagueRow> rows = BuildLeague(tallies, company, dataset);
    const SegmentMix mix = MixOf(dataset, context, tallies.owner_now);

    sdk::ReportTable league = LeagueTable(rows, mix, dataset);
    context.put_table(kLeagueTableName, league);
    if (mix.segments_status == "ok") {
      sdk::ReportTable segments = SegmentsTable(rows, mix, dataset);
      context.put_table(kSegmentsTableName, segments);
    }
    PutMetrics(context, tallies, company, rows, mix);
  }

 private:
  void PutMetrics(const sdk::MethodContext& context, const ManagerTallies& tallies,
                  const CompanyRates& company, const std::vector<LeagueRow>& rows,
                  const SegmentMix& mix) const {
    context.put_metric_json("managers.status", "ok");
    context.put_metric("managers.managers", static_cast<double>(rows.size()), "managers");
    context.put_metric("managers.period_days", static_cast<double>(options_.period_days), "days");
    context.put_metric("managers.conversion_days", static_cast<double>(options_.conversion_days),
                       "days");
    context.put_metric("managers.winback_factor", options_.winback_factor);
    context.put_metric("managers.conversion_rate", OverallRate(company.conversion, kValueTiers),
                       "share");
    context.put_metric("managers.retention_rate", OverallRate(company.retention, kHistoryStrata),
                       "share");
    context.put_metric("managers.winback_rate", OverallRate(company.winback, kHistoryStrata),
                       "share");
    context.put_metric("managers.median_gap_days", static_cast<double>(tallies.median_gap_days),
                       "days");
    const ManagerCounts& unassigned = tallies.managers[tallies.unassigned()];
    context.put_metric("managers.unassigned_revenue", static_cast<double>(unassigned.revenue),
                       "minor");
    context.put_metric("managers.unassigned_customers", static_cast<double>(unassigned.customers),
                       "customers");
    context.put_metric_json(
        "managers.strata",
        {{"conversion", RatesJson(company.conversion, kValueTiers, &ValueTierName)},
         {"conversion_value_borders", {tallies.value_borders[0], tallies.value_borders[1]}},
         {"retention", RatesJson(company.retention, kHistoryStrata, &HistoryStratumName)},
         {"winback", RatesJson(company.winback, kHistoryStrata, &HistoryStratumName)}});
    context.put_metric_json("managers.segments", mix.segments_status);
    context.put_metric_json("managers.migration", mix.migration_status);
  }

  ManagersOptions options_;
};

}  // namespace
}  // namespace encore::plugins::managers

ENCORE_PLUGIN(encore::plugins::managers::ManagersMethod, "managers", "1.0.0",
              "Manager league table over a period: revenue and growth, average order value, "
              "conversion of newcomers, retention and win-back against what each manager's own "
              "customer mix predicts, portfolio segments and their migration.",
              encore::plugins::managers::kManagersOptions)
