// Loads the CDNOW sample (../shared/data) the published BG/NBD, Pareto/NBD and Gamma-Gamma
// numbers were computed on.
#ifndef ENCORE_PLUGINS_PREDICTIVE_TESTS_CDNOW_DATA_H_
#define ENCORE_PLUGINS_PREDICTIVE_TESTS_CDNOW_DATA_H_

#include <string>
#include <vector>

#include "model/summary.h"

namespace encore::plugins::predictive::testing {

std::string SharedDataPath(const std::string& file);

// Customers of cdnow_sample_orders.csv in order of first appearance (ids "1" .. "2357"),
// summarised in weeks with calibration to 1997-09-30 and holdout to 1998-06-30.
struct CdnowCustomers {
  std::vector<std::string> ids;
  std::vector<CustomerSummary> summaries;
};
const CdnowCustomers& CdnowFromOrders();

// A row of cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar): the rounded summary
// the lifetimes package fits from.
struct PublishedSummaryRow {
  std::string id;
  int x = 0;
  double t_x = 0, T = 0, zbar = 0;
};
std::vector<PublishedSummaryRow> ReadSummaryWithTransactions();
// cdnow_customers_summary.csv (ID,frequency,recency,T); zbar is 0.
std::vector<PublishedSummaryRow> ReadSummary();

// A line of cdnow_sample_orders.csv (order_id,customer_id,ordered_at,product_id,quantity,
// unit_price,manager_id).
struct OrderRow {
  std::string order_id, customer_id, date;
  double quantity = 0, unit_price = 0;
};
std::vector<OrderRow> ReadCdnowOrders();

// Rows as in-calibration summaries (x, t_x, T, zbar; no holdout counts).
std::vector<CustomerSummary> ToSummaries(const std::vector<PublishedSummaryRow>& rows);

}  // namespace encore::plugins::predictive::testing

#endif  // ENCORE_PLUGINS_PREDICTIVE_TESTS_CDNOW_DATA_H_
