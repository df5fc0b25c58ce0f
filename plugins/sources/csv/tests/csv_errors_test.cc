// Malformed rows (on_error), rows without a customer (missing_customer), missing columns,
// unusable files and configurations.
#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

using ::testing::ElementsAre;

class CsvErrorsTest : public CsvTest {};

const nlohmann::json kRetailColumns = {{"order_id", "InvoiceNo"},     {"customer_id", "CustomerID"},
                                       {"ordered_at", "InvoiceDate"}, {"product_id", "StockCode"},
                                       {"quantity", "Quantity"},      {"unit_price", "UnitPrice"}};
const std::string kRetailHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

// Line 2 good, line 3 bad date, lines 4-5 one record with a quoted line break, line 6 bad
// quantity, line 7 good.
std::string RetailWithTwoBadRows() {
  return kRetailHeader + "1,A,x,1,2011-01-01 10:00,1.00,100.0,UK\n" +
         "2,A,x,1,2011-13-01 10:00,1.00,100.0,UK\n" +
         "3,A,\"two\nlines\",1,2011-01-01 10:00,1.00,100.0,UK\n" +
         "4,A,x,1.5.1,2011-01-01 10:00,1.00,100.0,UK\n" +
         "5,A,x,1,2011-01-01 10:00,1.00,100.0,UK\n";
}

TEST_F(CsvErrorsTest, OnErrorFailStopsAtTheFirstBadRowNamingFileLineAndColumn) {
  const std::string path = Write("orders.csv", RetailWithTwoBadRows());
  const SourceRunResult r = Read(path, {{"columns", kRetailColumns}});
  EXPECT_EQ(r.status, ENCORE_FATAL);
  EXPECT_EQ(r.message,
            "orders.csv:3: column 'InvoiceDate': cannot parse '2011-13-01 10:00' as iso8601 "
            "date-time");
  ASSERT_EQ(r.row_errors.size(), 1u);
  EXPECT_EQ(r.row_errors[0].location, "orders.csv:3");
  EXPECT_EQ(r.row_errors[0].field, "InvoiceDate");
  EXPECT_EQ(r.row_errors[0].reason, "cannot parse '2011-13-01 10:00' as iso8601 date-time");
}

TEST_F(CsvErrorsTest, OnErrorSkipReportsAndCountsEveryBadRow) {
  const std::string path = Write("orders.csv", RetailWithTwoBadRows());
  const SourceRunResult r = Read(path, {{"columns", kRetailColumns}, {"on_error", "skip"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1", "3", "5"));
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 4, 7));
  ASSERT_EQ(r.row_errors.size(), 2u);
  EXPECT_EQ(r.row_errors[0].location, "orders.csv:3");
  EXPECT_EQ(r.row_errors[0].field, "InvoiceDate");
  // The row after the two-line record is on physical line 6.
  EXPECT_EQ(r.row_errors[1].location, "orders.csv:6");
  EXPECT_EQ(r.row_errors[1].field, "Quantity");
  EXPECT_EQ(r.row_errors[1].reason, "cannot parse '1.5.1' as a number");
  EXPECT_EQ(r.counter("rows_read"), 5);
  EXPECT_EQ(r.counter("rows_skipped_invalid"), 2);
}

TEST_F(CsvErrorsTest, WrongFieldCount) {
  const std::string path = Write("orders.csv", kCanonicalHeader + "1,C1,2022-01-01,P,1,1.00\n" +
                                                   "2,C1,2022-01-01,P,1,1.00,M,extra\n");
  SourceRunResult r = Read(path);
  EXPECT_EQ(r.status, ENCORE_FATAL);
  EXPECT_EQ(r.message, "orders.csv:2: expected 7 fields, found 6");
  r = Read(path, {{"on_error", "skip"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  ASSERT_EQ(r.row_errors.size(), 2u);
  EXPECT_EQ(r.row_errors[0].field, "");
  EXPECT_EQ(r.row_errors[1].location, "orders.csv:3");
  EXPECT_EQ(r.row_errors[1].reason, "expected 7 fields, found 8");
  EXPECT_EQ(r.lines.size(), 0u);
}

TEST_F(CsvErrorsTest, UnterminatedQuoteRunsToTheEndOfTheFile) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader + "1,C1,2022-01-01,P,1,1.00,M\n" +
                              "2,C1,2022-01-01,\"P,1,1.00,M\n" + "3,C1,2022-01-01,P,1,1.00,M\n");
  const SourceRunResult r = Read(path);
  EXPECT_EQ(r.status, ENCORE_FATAL);
  EXPECT_EQ(r.message, "orders.csv:3: column 'product_id': unterminated quoted field");
}

TEST_F(CsvErrorsTest, TextAfterAClosingQuote) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader + "1,C1,2022-01-01,\"P\"x,1,1.00,M\n" +
                              "2,C1,2022-01-01,P,1,1.00,M\n");
  const SourceRunResult r = Read(path, {{"on_error", "skip"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("2"));
  ASSERT_EQ(r.row_errors.size(), 1u);
  EXPECT_EQ(r.row_errors[0].location, "orders.csv:2");
  EXPECT_EQ(r.row_errors[0].field, "product_id");
  EXPECT_EQ(r.row_errors[0].reason, "unexpected character after a closing quote");
}

TEST_F(CsvErrorsTest, BareQuotesInsideUnquotedFieldsAreData) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader + "1,C1,2022-01-01,7\" frame,1,1.00,M\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.product_id, ElementsAre("7\" frame"));
}

TEST_F(CsvErrorsTest, OtherRowProblems) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader + ",C1,2022-01-01,P,1,1.00,M\n" + "2,C1,,P,1,1.00,M\n" +
                              "3,C1,2022-01-01,P,1,abc,M\n");
  const SourceRunResult r = Read(path, {{"on_error", "skip"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  ASSERT_EQ(r.row_errors.size(), 3u);
  EXPECT_EQ(r.row_errors[0].field, "order_id");
  EXPECT_EQ(r.row_errors[0].reason, "the order id is empty");
  EXPECT_EQ(r.row_errors[1].field, "ordered_at");
  EXPECT_EQ(r.row_errors[1].reason, "the value is empty");
  EXPECT_EQ(r.row_errors[2].field, "unit_price");
  EXPECT_EQ(r.row_errors[2].reason, "cannot parse 'abc' as a number");
}

TEST_F(CsvErrorsTest, RowsWithoutCustomerAreSkippedAndCounted) {
  const std::string content = kCanonicalHeader + "1,,2022-01-01,P,1,1.00,M\n" +
                              "2,C1,2022-01-01,P,1,1.00,M\n" + "3,  ,2022-01-01,P,1,1.00,M\n";
  SourceRunResult r = Read(Write("orders.csv", content));
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("2"));
  EXPECT_EQ(r.counter("rows_without_customer"), 2);
  EXPECT_TRUE(r.row_errors.empty());

  // missing_customer: fail stops the read even when malformed rows are skipped.
  r = Read(Write("orders.csv", content), {{"missing_customer", "fail"}, {"on_error", "skip"}});
  EXPECT_EQ(r.status, ENCORE_FATAL);
  EXPECT_EQ(r.message,
            "orders.csv:2: column 'customer_id': the customer id is empty (missing_customer: "
            "fail)");
  ASSERT_EQ(r.row_errors.size(), 1u);
  EXPECT_EQ(r.row_errors[0].location, "orders.csv:2");
}

TEST_F(CsvErrorsTest, MissingMappedColumnsFailCheckAndRead) {
  const std::string path = Write("retail.csv", kRetailHeader + "1,A,x,1,2011-01-01 10:00,1,1,UK\n");
  nlohmann::json columns = kRetailColumns;
  columns["ordered_at"] = "InvoiceTime";
  columns["manager_id"] = "Manager";
  auto instance = CsvPlugin().Create({{"path", path}, {"columns", columns}});
  std::string message;
  EXPECT_EQ(CheckSource(*instance, &message), ENCORE_FATAL);
  EXPECT_EQ(message,
            "retail.csv: the header has no column 'InvoiceTime' (for ordered_at), 'Manager' (for "
            "manager_id)");
  const SourceRunResult r = RunSource(*instance);
  EXPECT_EQ(r.status, ENCORE_FATAL);
  EXPECT_EQ(r.message, message);

  // The canonical default mapping against a foreign header.
  auto canonical = CsvPlugin().Create({{"path", path}});
  EXPECT_EQ(CheckSource(*canonical, &message), ENCORE_FATAL);
  EXPECT_EQ(message,
            "retail.csv: the header has no column 'order_id' (for order_id), 'customer_id' (for "
            "customer_id), 'ordered_at' (for ordered_at), 'quantity' (for quantity), "
            "'unit_price' (for unit_price)");
}

TEST_F(CsvErrorsTest, CheckWorksOnGzipFiles) {
  const std::string path = WriteGzip("retail.csv.gz", kRetailHeader);
  auto good = CsvPlugin().Create({{"path", path}, {"columns", kRetailColumns}});
  std::string message;
  EXPECT_EQ(CheckSource(*good, &message), ENCORE_OK) << message;
  auto bad = CsvPlugin().Create({{"path", path}});
  EXPECT_EQ(CheckSource(*bad, &message), ENCORE_FATAL);
  EXPECT_EQ(message.rfind("retail.csv.gz: the header has no column 'order_id'", 0), 0u) << message;
}

TEST_F(CsvErrorsTest, UnusableFiles) {
  std::string message;
  auto missing = CsvPlugin().Create({{"path", (dir() / "nope.csv").string()}});
  EXPECT_EQ(CheckSource(*missing, &message), ENCORE_FATAL);
  EXPECT_EQ(message, "nope.csv: cannot open '" + (dir() / "nope.csv").string() +
                         "': No such file or directory");
  EXPECT_EQ(RunSource(*missing).status, ENCORE_FATAL);

  auto empty = CsvPlugin().Create({{"path", Write("empty.csv", "")}});
  EXPECT_EQ(CheckSource(*empty, &message), ENCORE_FATAL);
  EXPECT_EQ(message, "empty.csv: the file is empty (no header line)");

  auto directory = CsvPlugin().Create({{"path", dir().string()}});
  EXPECT_EQ(CheckSource(*directory, &message), ENCORE_FATAL);

  auto duplicated = CsvPlugin().Create(
      {{"path",
        Write("dup.csv", "order_id,customer_id,customer_id,ordered_at,quantity,unit_price\n")}});
  EXPECT_EQ(CheckSource(*duplicated, &message), ENCORE_FATAL);
  EXPECT_EQ(message, "dup.csv: column 'customer_id' appears more than once in the header");
}

TEST_F(CsvErrorsTest, InvalidConfigurations) {
  struct Case {
    nlohmann::json config;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"path", ""}}, "option 'path': must not be empty"},
      {{{"path", "x"}, {"delimiter", ",,"}},
       "option 'delimiter': must be exactly one character, got ',,'"},
      {{{"path", "x"}, {"delimiter", "\""}},
       "option 'delimiter': a quote or line break cannot be the delimiter"},
      {{{"path", "x"}, {"time_zone", "Mars/Olympus"}},
       "option 'time_zone': unknown time zone 'Mars/Olympus'"},
      {{{"path", "x"}, {"currency", "usd"}},
       "option 'currency': 'usd' is not an ISO 4217 code (three capital letters) or empty"},
      {{{"path", "x"}, {"minor_units", 7}}, "option 'minor_units': must be between 0 and 4, got 7"},
      {{{"path", "x"}, {"date_format", "yyyy"}},
       "option 'date_format': 'yyyy' is not one of 'iso8601', 'dd.MM.yyyy HH:mm[:ss]', "
       "'M/d/yyyy H:mm', 'unix'"},
      {{{"path", "x"}, {"on_error", "ignore"}},
       "option 'on_error': 'ignore' is not one of 'fail', 'skip'"},
      {{{"path", "x"}, {"columns", {{"client", "c"}}}},
       "option 'columns': unknown field 'client' (expected order_id, customer_id, ordered_at, "
       "product_id, quantity, unit_price, amount, manager_id)"},
      {{{"path", "x"}, {"columns", {{"customer_id", nullptr}}}},
       "option 'columns': 'customer_id' is required and cannot be empty"},
      {{{"path", "x"}, {"columns", {{"unit_price", "p"}, {"amount", "a"}}}},
       "option 'columns': map either 'unit_price' or 'amount', not both"},
      {{{"path", "x"}, {"columns", {{"unit_price", ""}}}},
       "option 'columns': one of 'unit_price' or 'amount' must be mapped"},
      {{{"path", "x"}, {"columns", {{"quantity", 3}}}},
       "option 'columns': 'quantity' must be a header name (string)"},
  };
  for (const Case& c : cases) {
    int32_t status = 0;
    std::string message;
    EXPECT_EQ(CsvPlugin().TryCreate(c.config, &status, &message), nullptr) << c.config.dump();
    EXPECT_EQ(status, ENCORE_INVALID_CONFIG) << c.config.dump();
    EXPECT_EQ(message, c.message);
  }
}

}  // namespace
}  // namespace encore::plugins::csv::testing
