#include "plugins/methods/managers/league_tables.h"

#include <cstdint>
#include <functional>
#include <string>

namespace encore::plugins::managers {
namespace {

template <class T>
std::vector<T> Column(const std::vector<LeagueRow>& rows,
                      const std::function<T(const LeagueRow&)>& f) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const LeagueRow& row : rows) out.push_back(f(row));
  return out;
}

void AddComparison(sdk::ReportTable& table, const std::vector<LeagueRow>& rows,
                   const std::string& prefix, const std::string& successes,
                   Comparison LeagueRow::*measure) {
  table.add(prefix + "_base",
            Column<int64_t>(rows, [&](const LeagueRow& r) { return (r.*measure).base; }));
  table.add(prefix + "_" + successes,
            Column<int64_t>(rows, [&](const LeagueRow& r) { return (r.*measure).successes; }));
  table.add(prefix + "_rate",
            Column<double>(rows, [&](const LeagueRow& r) { return (r.*measure).rate; }));
  table.add(prefix + "_expected_rate",
            Column<double>(rows, [&](const LeagueRow& r) { return (r.*measure).expected_rate; }));
  table.add(prefix + "_adjusted",
            Column<double>(rows, [&](const LeagueRow& r) { return (r.*measure).adjusted; }));
  table.add(prefix + "_ratio",
            Column<double>(rows, [&](const LeagueRow& r) { return (r.*measure).ratio; }));
}

}  // namespace

sdk::ReportTable LeagueTable(const std::vector<LeagueRow>& rows, const SegmentMix& mix,
                             const sdk::Dataset& dataset) {
  sdk::ReportTable t;
  t.add("rank", Column<int64_t>(rows, [](const LeagueRow& r) { return r.rank; }));
  t.add("manager", Column<std::string>(rows, [&](const LeagueRow& r) {
          return std::string(dataset.manager_key(r.manager));
        }));
  t.add("adjusted_score",
        Column<double>(rows, [](const LeagueRow& r) { return r.adjusted_score; }));
  t.add("customers", Column<int64_t>(rows, [](const LeagueRow& r) { return r.counts.customers; }));
  t.add("orders", Column<int64_t>(rows, [](const LeagueRow& r) { return r.counts.orders; }));
  t.add("revenue", Column<int64_t>(rows, [](const LeagueRow& r) { return r.counts.revenue; }));
  t.add("previous_revenue",
        Column<int64_t>(rows, [](const LeagueRow& r) { return r.counts.previous_revenue; }));
  t.add("revenue_growth",
        Column<double>(rows, [](const LeagueRow& r) { return r.revenue_growth; }));
  t.add("average_order_value",
        Column<double>(rows, [](const LeagueRow& r) { return r.average_order_value; }));
  AddComparison(t, rows, "conversion", "converted", &LeagueRow::conversion);
  AddComparison(t, rows, "retention", "retained", &LeagueRow::retention);
  AddComparison(t, rows, "winback", "won", &LeagueRow::winback);
  t.add("portfolio", Column<int64_t>(rows, [](const LeagueRow& r) { return r.counts.portfolio; }));
  if (!mix.migration.empty()) {
    const auto& m = mix.migration;
    t.add("migration_compared",
          Column<int64_t>(rows, [&](const LeagueRow& r) { return m[r.manager].compared; }));
    t.add("migrated_up",
          Column<int64_t>(rows, [&](const LeagueRow& r) { return m[r.manager].up; }));
    t.add("migrated_down",
          Column<int64_t>(rows, [&](const LeagueRow& r) { return m[r.manager].down; }));
    t.add("migration_net_share", Column<double>(rows, [&](const LeagueRow& r) {
            const Migration& x = m[r.manager];
            return x.compared == 0
                       ? 0.0
                       : static_cast<double>(x.up - x.down) / static_cast<double>(x.compared);
          }));
  }
  return t;
}

sdk::ReportTable SegmentsTable(const std::vector<LeagueRow>& rows, const SegmentMix& mix,
                               const sdk::Dataset& dataset) {
  std::vector<int64_t> rank, customers;
  std::vector<std::string> manager, segment;
  std::vector<double> share;
  for (const LeagueRow& row : rows) {
    const int64_t total = mix.with_segment[row.manager];
    for (size_t s = 0; s < mix.segment_names.size(); ++s) {
      const int64_t n = mix.customers[row.manager][s];
      if (n == 0) continue;
      rank.push_back(row.rank);
      manager.emplace_back(dataset.manager_key(row.manager));
      segment.push_back(mix.segment_names[s]);
      customers.push_back(n);
      share.push_back(static_cast<double>(n) / static_cast<double>(total));
    }
  }
  sdk::ReportTable t;
  t.add("rank", std::move(rank));
  t.add("manager", std::move(manager));
  t.add("segment", std::move(segment));
  t.add("customers", std::move(customers));
  t.add("share", std::move(share));
  return t;
}

}  // namespace encore::plugins::managers
