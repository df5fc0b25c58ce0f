// Questions about a run's report tables (association rules, league tables, due lists): the
// rows that meet column conditions, a page at a time. Report tables are small (thousands of
// rows), so a query reads the table and filters it in memory.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"
#include "daemon/state/state_store.h"

namespace encore {

struct ReportPage {
  std::vector<size_t> rows;  // indexes into the table, in its order
  std::string next_page_token;
  int64_t total = 0;
};

// Conditions as ListCustomers takes them, ScoreFilter::score naming a column. Errors name the
// filter: "filters[0].score: report 'basket.rules' has no column 'product'".
Result<ReportPage> SelectReportRows(const ReportTable& table,
                                    const std::vector<ScoreFilter>& filters, int page_size,
                                    const std::string& page_token);

}  // namespace encore
