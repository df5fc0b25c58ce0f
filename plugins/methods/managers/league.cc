#include "plugins/methods/managers/league.h"

#include <algorithm>

namespace encore::plugins::managers {
namespace {

double Quotient(double part, double whole) { return whole == 0 ? 0.0 : part / whole; }

Comparison Compare(const Rate* mine, const Rate* company, int strata) {
  Comparison c;
  for (int s = 0; s < strata; ++s) {
    c.base += mine[s].base;
    c.successes += mine[s].successes;
    if (mine[s].base > 0) {
      // The company base of a stratum includes this manager's, so it is never 0 here.
      c.expected += static_cast<double>(mine[s].base) * static_cast<double>(company[s].successes) /
                    static_cast<double>(company[s].base);
    }
  }
  const auto base = static_cast<double>(c.base);
  c.rate = Quotient(static_cast<double>(c.successes), base);
  c.expected_rate = Quotient(c.expected, base);
  c.adjusted = c.rate - c.expected_rate;
  c.ratio = Quotient(static_cast<double>(c.successes), c.expected);
  return c;
}

bool HasAnything(const ManagerCounts& m) {
  int64_t bases = 0;
  for (const Rate& r : m.conversion) bases += r.base;
  for (const Rate& r : m.retention) bases += r.base;
  for (const Rate& r : m.winback) bases += r.base;
  return m.customers > 0 || m.revenue != 0 || m.previous_revenue != 0 || m.portfolio > 0 ||
         bases > 0;
}

}  // namespace

double OverallRate(const Rate* strata, int count) {
  Rate total;
  for (int s = 0; s < count; ++s) {
    total.base += strata[s].base;
    total.successes += strata[s].successes;
  }
  return Quotient(static_cast<double>(total.successes), static_cast<double>(total.base));
}

CompanyRates CompanyRatesOf(const ManagerTallies& tallies) {
  CompanyRates company;
  for (const ManagerCounts& m : tallies.managers) {
    for (int s = 0; s < kValueTiers; ++s) {
      company.conversion[s].base += m.conversion[s].base;
      company.conversion[s].successes += m.conversion[s].successes;
    }
    for (int s = 0; s < kHistoryStrata; ++s) {
      company.retention[s].base += m.retention[s].base;
      company.retention[s].successes += m.retention[s].successes;
      company.winback[s].base += m.winback[s].base;
      company.winback[s].successes += m.winback[s].successes;
    }
  }
  return company;
}

std::vector<LeagueRow> BuildLeague(const ManagerTallies& tallies, const CompanyRates& company,
                                   const sdk::Dataset& dataset) {
  std::vector<LeagueRow> rows;
  for (size_t m = 0; m < tallies.unassigned(); ++m) {
    const ManagerCounts& counts = tallies.managers[m];
    if (!HasAnything(counts)) continue;
    LeagueRow row;
    row.manager = static_cast<uint32_t>(m);
    row.counts = counts;
    row.conversion = Compare(counts.conversion, company.conversion, kValueTiers);
    row.retention = Compare(counts.retention, company.retention, kHistoryStrata);
    row.winback = Compare(counts.winback, company.winback, kHistoryStrata);
    // The adjusted score is the plain mean of the measures the manager has a base in: each
    // measure counts the same, whatever its number of customers.
    int measures = 0;
    for (const Comparison* c : {&row.conversion, &row.retention, &row.winback}) {
      if (c->base == 0) continue;
      row.adjusted_score += c->adjusted;
      ++measures;
    }
    row.measured = measures > 0;
    if (row.measured) row.adjusted_score /= measures;
    row.revenue_growth = counts.previous_revenue > 0
                             ? static_cast<double>(counts.revenue - counts.previous_revenue) /
                                   static_cast<double>(counts.previous_revenue)
                             : 0.0;
    row.average_order_value =
        Quotient(static_cast<double>(counts.revenue), static_cast<double>(counts.orders));
    rows.push_back(row);
  }
  // Managers with a measure first, by adjusted score; equal scores by manager key, so the ranks
  // never depend on the order of the input.
  std::sort(rows.begin(), rows.end(), [&](const LeagueRow& x, const LeagueRow& y) {
    if (x.measured != y.measured) return x.measured;
    if (x.adjusted_score != y.adjusted_score) return x.adjusted_score > y.adjusted_score;
    return dataset.manager_key(x.manager) < dataset.manager_key(y.manager);
  });
  for (size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int64_t>(i) + 1;
  return rows;
}

}  // namespace encore::plugins::managers
