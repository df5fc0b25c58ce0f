// An independent, deliberately plain computation of the RFM values, straight from the raw CSV
// files, to check what the daemon reports. It shares no code with the daemon or the plugins:
// its own CSV reader, its own decimal arithmetic and its own calendar, and the rule as
// docs/metrics.md states it:
//   - line value = quantity x unit price, exact, rounded half away from zero to cents;
//   - an order = the lines of one (customer, order id); its value = the sum of its lines, its
//     time = its earliest line; it is positive when its value > 0;
//   - frequency = number of positive orders; monetary = sum of all order values (returns too);
//   - recency = as-of day - day of the last positive order (of the last order of any kind when
//     none is positive), the as-of day being the day of the latest line loaded.
// Dates are compared as local calendar dates exactly as written in the file, which is what
// "calendar days in the pipeline's time zone" means when the file's times are local times of
// that zone.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace encore::e2e {

struct ReferenceCustomer {
  int64_t recency_days = 0;
  int64_t frequency = 0;
  int64_t monetary_minor = 0;
  int64_t orders = 0;
};

struct ReferenceRun {
  std::map<std::string, ReferenceCustomer> customers;
  int64_t lines_with_customer = 0;
  int64_t lines_without_customer = 0;
  int64_t orders = 0;
};

// The original UCI Online Retail file (gzip; InvoiceNo, StockCode, Description, Quantity,
// InvoiceDate, UnitPrice, CustomerID, Country). CustomerID "17850.0" is customer "17850".
ReferenceRun ReferenceOnlineRetail(const std::string& gz_path);
// A canonical order-lines CSV (order_id, customer_id, ordered_at, product_id, quantity,
// unit_price, manager_id), plain text.
ReferenceRun ReferenceCanonical(const std::string& csv_path);

}  // namespace encore::e2e
