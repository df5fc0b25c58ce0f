#include "cdnow_data.h"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "model/civil_date.h"

namespace encore::plugins::predictive::testing {
namespace {

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& file) {
  std::ifstream in(SharedDataPath(file));
  if (!in) throw std::runtime_error("cannot open " + SharedDataPath(file));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) rows.push_back(Split(line));
  }
  return rows;
}

int32_t Day(const std::string& date) {
  int32_t day = 0;
  if (!ParseIsoDate(date, &day)) throw std::runtime_error("bad date " + date);
  return day;
}

CdnowCustomers Load() {
  std::vector<std::string> ids;
  std::map<std::string, size_t> index;
  std::vector<std::vector<int32_t>> days;
  std::vector<std::vector<double>> values;
  for (const auto& row : ReadCsv("cdnow_sample_orders.csv")) {
    // order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id
    auto [it, inserted] = index.emplace(row.at(1), ids.size());
    if (inserted) {
      ids.push_back(row.at(1));
      days.emplace_back();
      values.emplace_back();
    }
    days[it->second].push_back(Day(row.at(2)));
    values[it->second].push_back(std::stod(row.at(4)) * std::stod(row.at(5)));
  }
  SummaryPeriod period;
  period.calibration_end_day = Day("1997-09-30");
  period.holdout_end_day = Day("1998-06-30");
  period.unit = TimeUnit::kWeeks;
  CdnowCustomers customers;
  customers.ids = ids;
  for (size_t c = 0; c < ids.size(); ++c) {
    customers.summaries.push_back(
        SummarizeCustomer(days[c].data(), values[c].data(), days[c].size(), period));
  }
  return customers;
}

}  // namespace

std::string SharedDataPath(const std::string& file) {
  return std::string(ENCORE_SHARED_DATA_DIR) + "/" + file;
}

const CdnowCustomers& CdnowFromOrders() {
  static const CdnowCustomers customers = Load();
  return customers;
}

std::vector<OrderRow> ReadCdnowOrders() {
  std::vector<OrderRow> rows;
  for (const auto& f : ReadCsv("cdnow_sample_orders.csv")) {
    rows.push_back({f.at(0), f.at(1), f.at(2), std::stod(f.at(4)), std::stod(f.at(5))});
  }
  return rows;
}

std::vector<PublishedSummaryRow> ReadSummaryWithTransactions() {
  std::vector<PublishedSummaryRow> rows;
  for (const auto& f : ReadCsv("cdnow_customers_summary_with_transactions.csv")) {
    rows.push_back(
        {f.at(0), std::stoi(f.at(1)), std::stod(f.at(2)), std::stod(f.at(3)), std::stod(f.at(4))});
  }
  return rows;
}

std::vector<PublishedSummaryRow> ReadSummary() {
  std::vector<PublishedSummaryRow> rows;
  for (const auto& f : ReadCsv("cdnow_customers_summary.csv")) {
    rows.push_back({f.at(0), std::stoi(f.at(1)), std::stod(f.at(2)), std::stod(f.at(3)), 0.0});
  }
  return rows;
}

std::vector<CustomerSummary> ToSummaries(const std::vector<PublishedSummaryRow>& rows) {
  std::vector<CustomerSummary> summaries;
  for (const PublishedSummaryRow& row : rows) {
    CustomerSummary s;
    s.in_calibration = true;
    s.x = row.x;
    s.t_x = row.t_x;
    s.T = row.T;
    s.zbar = row.zbar;
    summaries.push_back(s);
  }
  return summaries;
}

}  // namespace encore::plugins::predictive::testing
