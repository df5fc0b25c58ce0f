// File-level parsing: canonical and mapped headers, RFC 4180 quoting, BOM, line ends, gzip,
// delimiters, pipes.
#include <sys/stat.h>

#include <thread>

#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

using ::testing::ElementsAre;

class CsvParsingTest : public CsvTest {};

const std::string kCanonicalPath = std::string(ENCORE_CSV_TESTDATA_DIR) + "/canonical_orders.csv";

TEST_F(CsvParsingTest, CanonicalFileLoadsEveryField) {
  const SourceRunResult r = Read(kCanonicalPath);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_TRUE(r.contract_violations.empty());
  EXPECT_THAT(r.lines.order_id, ElementsAre("1001", "1001", "1002", "1003"));
  EXPECT_THAT(r.lines.customer_id, ElementsAre("C1", "C1", "C2", "C1"));
  EXPECT_THAT(r.lines.ordered_at, ElementsAre(1641031200, 1641031200, 1641081600, 1643876130));
  EXPECT_THAT(r.lines.product_id, ElementsAre("P1", "P2", "", "P1"));
  EXPECT_THAT(r.lines.quantity_milli, ElementsAre(2000, 1000, 1000, -1000));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(2100, 399, 10000, -1050));
  EXPECT_THAT(r.lines.manager_id, ElementsAre("M1", "M1", "", "M2"));
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 3, 4, 5));
  EXPECT_THAT(r.lines.currency, ElementsAre("", "", "", ""));
  EXPECT_EQ(r.counter("rows_read"), 4);
  EXPECT_EQ(r.counter("rows_without_customer"), 0);
  EXPECT_EQ(r.counter("rows_skipped_invalid"), 0);
  ASSERT_FALSE(r.progress.empty());
  EXPECT_EQ(r.progress.back().first, r.progress.back().second);
  EXPECT_FALSE(r.cursor_set);
}

TEST_F(CsvParsingTest, CheckAcceptsCanonicalFile) {
  auto instance = CsvPlugin().Create({{"path", kCanonicalPath}});
  std::string message;
  EXPECT_EQ(CheckSource(*instance, &message), ENCORE_OK) << message;
}

TEST_F(CsvParsingTest, OnlineRetailHeaderMappedByName) {
  const nlohmann::json config = {{"time_zone", "Europe/London"},
                                 {"columns",
                                  {{"order_id", "InvoiceNo"},
                                   {"customer_id", "CustomerID"},
                                   {"ordered_at", "InvoiceDate"},
                                   {"product_id", "StockCode"},
                                   {"quantity", "Quantity"},
                                   {"unit_price", "UnitPrice"}}}};
  const SourceRunResult r =
      Read(std::string(ENCORE_CSV_TESTDATA_DIR) + "/online_retail_sample.csv", config);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("536365", "536477", "C536379"));
  EXPECT_THAT(r.lines.customer_id, ElementsAre("17850", "16210", "14527"));
  // December: London is on GMT.
  EXPECT_THAT(r.lines.ordered_at, ElementsAre(1291191960, 1291206420, 1291196460));
  EXPECT_THAT(r.lines.product_id, ElementsAre("85123A", "22041", "D"));
  EXPECT_THAT(r.lines.quantity_milli, ElementsAre(6000, 48000, -1000));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(1530, 10080, -2750));
  EXPECT_THAT(r.lines.manager_id, ElementsAre("", "", ""));  // no manager column
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 3, 5));
  EXPECT_EQ(r.counter("rows_read"), 4);
  EXPECT_EQ(r.counter("rows_without_customer"), 1);
}

TEST_F(CsvParsingTest, QuotedFieldsKeepDelimitersAndDoubledQuotes) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader +
                              "\"A,1\",C1,2022-01-01,\"say \"\"hi\"\", ok\",1,1.00,\"\"\n"
                              "\"\"\"A2\"\"\",\"C,2\",2022-01-01,\"\",1,1.00,M\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("A,1", "\"A2\""));
  EXPECT_THAT(r.lines.customer_id, ElementsAre("C1", "C,2"));
  EXPECT_THAT(r.lines.product_id, ElementsAre("say \"hi\", ok", ""));
  EXPECT_THAT(r.lines.manager_id, ElementsAre("", "M"));
}

TEST_F(CsvParsingTest, EmbeddedNewlinesKeepPhysicalLineNumbers) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader +
                              "1,C1,2022-01-01,\"two\nlines\",1,1.00,\n"
                              "2,C2,2022-01-01,\"three\r\nline\nrecord\",1,1.00,\n"
                              "3,C3,2022-01-01,P,1,1.00,\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.product_id, ElementsAre("two\nlines", "three\r\nline\nrecord", "P"));
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 4, 7));
}

TEST_F(CsvParsingTest, ByteOrderMarkIsSkipped) {
  const std::string path =
      Write("bom.csv", "\xEF\xBB\xBF" + kCanonicalHeader + "1,C1,2022-01-01,P,1,1.00,M\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1"));
}

TEST_F(CsvParsingTest, CrlfLineEnds) {
  const std::string path =
      Write("crlf.csv",
            "order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id\r\n"
            "1,C1,2022-01-01,P,1,1.00,M1\r\n"
            "2,C2,2022-01-02,\"Q\",2,1.00,\"M2\"\r\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.manager_id, ElementsAre("M1", "M2"));
  EXPECT_THAT(r.lines.product_id, ElementsAre("P", "Q"));
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 3));
}

TEST_F(CsvParsingTest, LastLineWithoutLineEnd) {
  const std::string path = Write("noeol.csv", kCanonicalHeader + "1,C1,2022-01-01,P,1,1.00,M1\n" +
                                                  "2,C2,2022-01-01,P,1,1.00,M2");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.manager_id, ElementsAre("M1", "M2"));
}

TEST_F(CsvParsingTest, BlankLinesAreNotRows) {
  const std::string path = Write("blank.csv", kCanonicalHeader + "1,C1,2022-01-01,P,1,1.00,M1\n" +
                                                  "\n2,C2,2022-01-01,P,1,1.00,M2\n\r\n\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1", "2"));
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 4));
  EXPECT_EQ(r.counter("rows_read"), 2);
}

TEST_F(CsvParsingTest, HeaderOnlyFileHasNoLines) {
  const SourceRunResult r = Read(Write("empty.csv", kCanonicalHeader));
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_EQ(r.lines.size(), 0u);
  EXPECT_EQ(r.counter("rows_read"), 0);
}

TEST_F(CsvParsingTest, GzipIsRecognisedByContent) {
  const std::string content = kCanonicalHeader + "1,C1,2022-01-01,\"multi\nline\",1,1.00,M1\n" +
                              "2,C2,2022-01-02,P,3,0.10,M2\n";
  // No .gz suffix: detection is by the magic bytes.
  const SourceRunResult r = Read(WriteGzip("orders.data", content));
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1", "2"));
  EXPECT_THAT(r.lines.product_id, ElementsAre("multi\nline", "P"));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(100, 30));
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 4));
  ASSERT_FALSE(r.progress.empty());
  EXPECT_EQ(r.progress.back().first, r.progress.back().second);
}

TEST_F(CsvParsingTest, GzipWithSeveralMembers) {
  const std::string first = WriteGzip("a.gz", "\xEF\xBB\xBF" + kCanonicalHeader + "1,C1,2022-");
  const std::string second = WriteGzip("b.gz", "01-01,P,1,1.00,M1\n2,C2,2022-01-01,P,1,1.00,M2\n");
  std::ifstream a(first, std::ios::binary), b(second, std::ios::binary);
  std::string joined((std::istreambuf_iterator<char>(a)), std::istreambuf_iterator<char>());
  joined.append((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());
  const SourceRunResult r = Read(Write("joined.csv.gz", joined));
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1", "2"));
  EXPECT_THAT(r.lines.ordered_at, ElementsAre(1640995200, 1640995200));
}

TEST_F(CsvParsingTest, GzipRecordsLongerThanTheStreamBuffer) {
  // One product id of 20 MB forces the stream buffer (8 MB) to grow; the record after it must
  // still be read with the right line number.
  const std::string big(20 << 20, 'x');
  const std::string content = kCanonicalHeader + "1,C1,2022-01-01,\"" + big + "\n\",1,1.00,M1\n" +
                              "2,C2,2022-01-01,P,1,1.00,M2\n";
  const SourceRunResult r = Read(WriteGzip("big.csv.gz", content));
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines.product_id[0], big + "\n");
  EXPECT_THAT(r.lines.source_line, ElementsAre(2, 4));
}

TEST_F(CsvParsingTest, TruncatedGzipFails) {
  std::string content = kCanonicalHeader;
  for (int i = 0; i < 2000; ++i) content += std::to_string(i) + ",C1,2022-01-01,P,1,1.00,M\n";
  const std::string full = WriteGzip("full.gz", content);
  std::ifstream in(full, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const SourceRunResult r = Read(Write("cut.csv.gz", bytes.substr(0, bytes.size() / 2)));
  EXPECT_EQ(r.status, ENCORE_FATAL);
  EXPECT_EQ(r.message, "cut.csv.gz: the gzip data is truncated");
}

TEST_F(CsvParsingTest, SemicolonDelimiterWithDecimalComma) {
  const std::string path =
      Write("orders.csv",
            "order_id;customer_id;ordered_at;product_id;quantity;unit_price;manager_id\n"
            "1;C1;01.02.2022 10:30;P1;1,5;\"1 000\";M\n");
  SourceRunResult r = Read(path, {{"delimiter", ";"},
                                  {"decimal_separator", ","},
                                  {"date_format", "dd.MM.yyyy HH:mm[:ss]"},
                                  {"on_error", "skip"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  // "1 000" is not a number: thousands separators are not accepted.
  ASSERT_EQ(r.row_errors.size(), 1u);
  EXPECT_EQ(r.row_errors[0].reason, "cannot parse '1 000' as a number");

  const std::string good =
      Write("good.csv",
            "order_id;customer_id;ordered_at;product_id;quantity;unit_price;manager_id\n"
            "1;C1;01.02.2022 10:30;P1;1,5;12,34;M\n"
            "2;C2;01.02.2022;\"P;2\";-2;0,5;M\n");
  r = Read(
      good,
      {{"delimiter", ";"}, {"decimal_separator", ","}, {"date_format", "dd.MM.yyyy HH:mm[:ss]"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.quantity_milli, ElementsAre(1500, -2000));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(1851, -100));  // 1.5 * 12.34 = 18.51
  EXPECT_THAT(r.lines.ordered_at, ElementsAre(1643711400, 1643673600));
  EXPECT_THAT(r.lines.product_id, ElementsAre("P1", "P;2"));
}

TEST_F(CsvParsingTest, TabDelimiter) {
  const std::string path =
      Write("orders.tsv",
            "order_id\tcustomer_id\tordered_at\tproduct_id\tquantity\tunit_price\t"
            "manager_id\n1\tC1\t2022-01-01\tP,1\t1\t2.50\tM\n");
  for (const char* delimiter : {"\t", "\\t"}) {
    const SourceRunResult r = Read(path, {{"delimiter", delimiter}});
    ASSERT_EQ(r.status, ENCORE_OK) << r.message;
    EXPECT_THAT(r.lines.product_id, ElementsAre("P,1"));
    EXPECT_THAT(r.lines.amount_minor, ElementsAre(250));
  }
}

TEST_F(CsvParsingTest, SpacesAroundValuesAreTrimmed) {
  const std::string path =
      Write("orders.csv", kCanonicalHeader + " 1 , C1 ,2022-01-01 , P , 2 , 1.25 , M \n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1"));
  EXPECT_THAT(r.lines.customer_id, ElementsAre("C1"));
  EXPECT_THAT(r.lines.product_id, ElementsAre("P"));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(250));
  EXPECT_THAT(r.lines.manager_id, ElementsAre("M"));
}

TEST_F(CsvParsingTest, ColumnsInAnyOrderWithExtraColumns) {
  const std::string path = Write("orders.csv",
                                 "note,unit_price,quantity,customer_id,order_id,ordered_at\n"
                                 "\"x, y\",2.00,3,C9,O1,2022-01-01T00:00:01\n");
  const SourceRunResult r = Read(path);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("O1"));
  EXPECT_THAT(r.lines.customer_id, ElementsAre("C9"));
  EXPECT_THAT(r.lines.ordered_at, ElementsAre(1640995201));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(600));
  EXPECT_THAT(r.lines.product_id, ElementsAre(""));
  EXPECT_THAT(r.lines.manager_id, ElementsAre(""));
}

TEST_F(CsvParsingTest, ReadsFromAPipe) {
  const std::string fifo = (dir() / "orders.pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // check() must not consume the pipe's header.
  auto instance = CsvPlugin().Create({{"path", fifo}});
  std::string message;
  EXPECT_EQ(CheckSource(*instance, &message), ENCORE_OK) << message;
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << kCanonicalHeader << "1,C1,2022-01-01,P,1,1.00,M1\n2,C2,2022-01-01,P,1,1.00,M2\n";
  });
  const SourceRunResult r = Read(fifo, {}, /*lanes=*/2);
  writer.join();
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.order_id, ElementsAre("1", "2"));
}

}  // namespace
}  // namespace encore::plugins::csv::testing
