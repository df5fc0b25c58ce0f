// The real data sets in shared/data, read as shipped. Expected figures come from
// shared/data/README.md and ANCHORS.md §5; the two not published there (negative-quantity lines
// among rows with a customer, and the CDNOW sum in cents) were computed independently with a
// one-off Python script (csv.DictReader over the files, decimal.Decimal arithmetic,
// ROUND_HALF_UP), which printed: Online Retail 541909 rows, 135080 without customer, 406829
// with, 4372 customers, sum 830006581, 10624 negative quantities of which 8905 with a customer;
// CDNOW 69659 rows, 23570 customers, sum 250031563.
#include <set>

#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

const std::string kDataDir = ENCORE_SHARED_DATA_DIR;

const nlohmann::json kOnlineRetailConfig = {{"time_zone", "Europe/London"},
                                            {"currency", "GBP"},
                                            {"columns",
                                             {{"order_id", "InvoiceNo"},
                                              {"customer_id", "CustomerID"},
                                              {"ordered_at", "InvoiceDate"},
                                              {"product_id", "StockCode"},
                                              {"quantity", "Quantity"},
                                              {"unit_price", "UnitPrice"}}}};

int64_t Sum(const std::vector<int64_t>& values) {
  int64_t sum = 0;
  for (int64_t v : values) sum += v;
  return sum;
}

size_t Distinct(const std::vector<std::string>& values) {
  return std::set<std::string>(values.begin(), values.end()).size();
}

int64_t Negative(const std::vector<int64_t>& values) {
  int64_t n = 0;
  for (int64_t v : values) n += v < 0;
  return n;
}

class CsvRealDataTest : public CsvTest {};

TEST_F(CsvRealDataTest, OriginalOnlineRetailLoadsWithAColumnMapping) {
  const SourceRunResult r =
      Read(kDataDir + "/online_retail.csv.gz", kOnlineRetailConfig, /*lanes=*/2);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_TRUE(r.contract_violations.empty());
  EXPECT_EQ(r.counter("rows_read"), 541909);
  EXPECT_EQ(r.counter("rows_without_customer"), 135080);
  EXPECT_EQ(r.counter("rows_skipped_invalid"), 0);
  EXPECT_TRUE(r.row_errors.empty());
  ASSERT_EQ(r.lines.size(), 406829u);
  EXPECT_EQ(Distinct(r.lines.customer_id), 4372u);
  EXPECT_EQ(Sum(r.lines.amount_minor), 830006581);  // 8,300,065.81
  EXPECT_EQ(Negative(r.lines.quantity_milli), 8905);
  EXPECT_EQ(r.lines.currency.front(), "GBP");
  // First line: 536365, 2010-12-01 08:26 in London (GMT) = 08:26 UTC.
  EXPECT_EQ(r.lines.order_id.front(), "536365");
  EXPECT_EQ(r.lines.customer_id.front(), "17850");
  EXPECT_EQ(r.lines.ordered_at.front(), 1291191960);
  EXPECT_EQ(r.lines.source_line.front(), 2);
  // Last line of the file (line 541910): 2011-12-09 12:50 GMT.
  EXPECT_EQ(r.lines.ordered_at.back(), 1323435000);
  EXPECT_EQ(r.lines.source_line.back(), 541910);
}

TEST_F(CsvRealDataTest, CanonicalOnlineRetailGivesTheSameLines) {
  const SourceRunResult original = Read(kDataDir + "/online_retail.csv.gz", kOnlineRetailConfig);
  const SourceRunResult canonical = Read(kDataDir + "/online_retail_orders.csv.gz",
                                         {{"time_zone", "Europe/London"}, {"currency", "GBP"}});
  ASSERT_EQ(original.status, ENCORE_OK) << original.message;
  ASSERT_EQ(canonical.status, ENCORE_OK) << canonical.message;
  EXPECT_EQ(canonical.counter("rows_without_customer"), 135080);
  EXPECT_EQ(canonical.lines.order_id, original.lines.order_id);
  EXPECT_EQ(canonical.lines.customer_id, original.lines.customer_id);
  EXPECT_EQ(canonical.lines.ordered_at, original.lines.ordered_at);
  EXPECT_EQ(canonical.lines.product_id, original.lines.product_id);
  EXPECT_EQ(canonical.lines.quantity_milli, original.lines.quantity_milli);
  EXPECT_EQ(canonical.lines.amount_minor, original.lines.amount_minor);
}

TEST_F(CsvRealDataTest, CdnowOrders) {
  const SourceRunResult one = Read(kDataDir + "/cdnow_orders.csv", {}, 1);
  ASSERT_EQ(one.status, ENCORE_OK) << one.message;
  ASSERT_EQ(one.lines.size(), 69659u);
  EXPECT_EQ(one.counter("rows_read"), 69659);
  EXPECT_EQ(Distinct(one.lines.customer_id), 23570u);
  EXPECT_EQ(Sum(one.lines.amount_minor), 250031563);   // 2,500,315.63
  EXPECT_EQ(one.lines.ordered_at.front(), 852076800);  // 1997-01-01
  EXPECT_EQ(one.lines.product_id.front(), "");
  EXPECT_EQ(one.lines.manager_id.front(), "");

  const SourceRunResult two = Read(kDataDir + "/cdnow_orders.csv", {}, 2);
  ASSERT_EQ(two.status, ENCORE_OK) << two.message;
  EXPECT_EQ(two.lines.order_id, one.lines.order_id);
  EXPECT_EQ(two.lines.customer_id, one.lines.customer_id);
  EXPECT_EQ(two.lines.amount_minor, one.lines.amount_minor);
  EXPECT_EQ(two.lines.source_line, one.lines.source_line);
  EXPECT_GT(two.lines_per_lane.at(1), 0);
}

}  // namespace
}  // namespace encore::plugins::csv::testing
