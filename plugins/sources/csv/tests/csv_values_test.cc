// Quantities, prices, exact amounts, currencies and ids. Expected amounts were computed with
// Python's decimal module (ROUND_HALF_UP, which rounds ties away from zero).
#include "plugins/sources/csv/decimal.h"
#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

using ::testing::ElementsAre;

class CsvValuesTest : public CsvTest {
 protected:
  // One line per (quantity, unit price) pair.
  SourceRunResult ReadPairs(const std::vector<std::pair<std::string, std::string>>& pairs,
                            const nlohmann::json& config = nlohmann::json::object()) {
    std::string content = kCanonicalHeader;
    for (size_t i = 0; i < pairs.size(); ++i) {
      content +=
          std::to_string(i) + ",C,2022-01-01,P," + pairs[i].first + "," + pairs[i].second + ",M\n";
    }
    return Read(Write("values.csv", content), config);
  }
};

TEST_F(CsvValuesTest, AmountsAreExactAndRoundHalfAwayFromZero) {
  const SourceRunResult r = ReadPairs({{"3", "0.335"},
                                       {"-3", "0.335"},
                                       {"1.5", "0.01"},
                                       {"-1.5", "0.01"},
                                       {"1", "0.004"},
                                       {"80995", "2.08"},
                                       {"1000", "0.123456"},
                                       {"0.001", "0.005"},
                                       {"2.5", "0.333333"},
                                       {"-80995", "0.001"},
                                       {"9000000000", "1000000.000001"},
                                       {"+2", "-11062.06"},
                                       {"2.500", ".5"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(101, -101, 2, -2, 0, 16846960, 12346, 0, 83, -8100,
                                                900000000000900000, -2212412, 125));
  EXPECT_THAT(r.lines.quantity_milli, ElementsAre(3000, -3000, 1500, -1500, 1000, 80995000, 1000000,
                                                  1, 2500, -80995000, 9000000000000, 2000, 2500));
}

TEST_F(CsvValuesTest, NegativeQuantitiesAreKept) {
  const SourceRunResult r = ReadPairs({{"-12", "1.25"}, {"12", "1.25"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.quantity_milli, ElementsAre(-12000, 12000));
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(-1500, 1500));
}

TEST_F(CsvValuesTest, MinorUnitsAndCurrency) {
  SourceRunResult r =
      ReadPairs({{"1", "2.5"}, {"-1", "2.5"}}, {{"minor_units", 0}, {"currency", "JPY"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(3, -3));
  EXPECT_THAT(r.lines.currency, ElementsAre("JPY", "JPY"));

  r = ReadPairs({{"1", "1.2345"}}, {{"minor_units", 3}, {"currency", "KWD"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(1235));

  r = ReadPairs({{"3", "0.0001"}}, {{"minor_units", 4}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(3));
}

TEST_F(CsvValuesTest, TooManyDecimalsAndOverflowAreRowErrors) {
  const SourceRunResult r = ReadPairs({{"1.2345", "1"},
                                       {"1", "0.1234567"},
                                       {"123456789012.345", "987654.321987"},
                                       {"1e3", "1"},
                                       {"", "1"},
                                       {"1", "1,5"},
                                       {"1", "0.1234560"}},
                                      {{"on_error", "skip"}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  ASSERT_EQ(r.row_errors.size(), 6u);
  EXPECT_EQ(r.row_errors[0].location, "values.csv:2");
  EXPECT_EQ(r.row_errors[0].field, "quantity");
  EXPECT_EQ(r.row_errors[0].reason, "'1.2345' has more than 3 decimal places");
  EXPECT_EQ(r.row_errors[1].field, "unit_price");
  EXPECT_EQ(r.row_errors[1].reason, "'0.1234567' has more than 6 decimal places");
  EXPECT_EQ(r.row_errors[2].field, "unit_price");
  EXPECT_EQ(r.row_errors[2].reason,
            "quantity '123456789012.345' times unit price '987654.321987' is out of range");
  EXPECT_EQ(r.row_errors[3].reason, "cannot parse '1e3' as a number");
  EXPECT_EQ(r.row_errors[4].reason, "the value is empty");
  // "1,5" in a comma-delimited file is two fields.
  EXPECT_EQ(r.row_errors[5].location, "values.csv:7");
  EXPECT_EQ(r.row_errors[5].reason, "expected 7 fields, found 8");
  // Trailing zeros beyond the scale lose nothing and are accepted.
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(12));
  EXPECT_EQ(r.counter("rows_skipped_invalid"), 6);
}

TEST_F(CsvValuesTest, LineTotalColumnInsteadOfUnitPrice) {
  const std::string path = Write("totals.csv",
                                 "order,client,date,qty,total\n"
                                 "1,C1,2022-01-01,3,10.005\n"
                                 "2,C1,2022-01-01,-3,-10.005\n");
  const SourceRunResult r = Read(path, {{"columns",
                                         {{"order_id", "order"},
                                          {"customer_id", "client"},
                                          {"ordered_at", "date"},
                                          {"quantity", "qty"},
                                          {"amount", "total"}}}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.amount_minor, ElementsAre(1001, -1001));
  EXPECT_THAT(r.lines.quantity_milli, ElementsAre(3000, -3000));
}

TEST_F(CsvValuesTest, SpreadsheetIdsAreNormalized) {
  const std::string content = kCanonicalHeader +
                              "1,17850.0,2022-01-01,P,1,1,12.00\n"
                              "2,1.5,2022-01-01,10.0,1,1,A1.0\n"
                              "3,.0,2022-01-01,P,1,1,7.\n";
  SourceRunResult r = Read(Write("ids.csv", content));
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.customer_id, ElementsAre("17850", "1.5", ".0"));
  EXPECT_THAT(r.lines.manager_id, ElementsAre("12", "A1.0", "7."));
  EXPECT_THAT(r.lines.product_id, ElementsAre("P", "10.0", "P"));  // product ids are left alone

  r = Read(Write("ids.csv", content), {{"normalize_ids", false}});
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  EXPECT_THAT(r.lines.customer_id, ElementsAre("17850.0", "1.5", ".0"));
  EXPECT_THAT(r.lines.manager_id, ElementsAre("12.00", "A1.0", "7."));
}

TEST(CsvDecimal, ParseFixedPoint) {
  int64_t v = 0;
  EXPECT_EQ(ParseFixedPoint("12.34", '.', 6, &v), DecimalStatus::kOk);
  EXPECT_EQ(v, 12340000);
  EXPECT_EQ(ParseFixedPoint("-0.000001", '.', 6, &v), DecimalStatus::kOk);
  EXPECT_EQ(v, -1);
  EXPECT_EQ(ParseFixedPoint("5.", '.', 3, &v), DecimalStatus::kOk);
  EXPECT_EQ(v, 5000);
  EXPECT_EQ(ParseFixedPoint("0009223372036854.775807", '.', 3, &v), DecimalStatus::kTooPrecise);
  EXPECT_EQ(ParseFixedPoint("9223372036854775.807", '.', 3, &v), DecimalStatus::kOk);
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_EQ(ParseFixedPoint("9223372036854775.808", '.', 3, &v), DecimalStatus::kOutOfRange);
  EXPECT_EQ(ParseFixedPoint("1,5", ',', 3, &v), DecimalStatus::kOk);
  EXPECT_EQ(v, 1500);
  EXPECT_EQ(ParseFixedPoint("1.5", ',', 3, &v), DecimalStatus::kSyntax);
  for (const char* bad : {"", "-", "+", ".", "1 000", "1.2.3", "--1", "0x10", "1e3", " 1"}) {
    EXPECT_EQ(ParseFixedPoint(bad, '.', 3, &v), DecimalStatus::kSyntax) << bad;
  }
}

TEST(CsvDecimal, LineAmountNeedsWideArithmeticOnlyWhenLarge) {
  int64_t out = 0;
  // 9e12 * (1e12 + 1) overflows 64 bits before the division.
  ASSERT_TRUE(LineAmountMinor(9000000000000, 1000000000001, 2, &out));
  EXPECT_EQ(out, 900000000000900000);
  ASSERT_TRUE(LineAmountMinor(-9000000000000, 1000000000001, 2, &out));
  EXPECT_EQ(out, -900000000000900000);
  EXPECT_FALSE(LineAmountMinor(INT64_MAX, INT64_MAX, 2, &out));
  ASSERT_TRUE(LineAmountMinor(1000, 5000, 2, &out));  // 1 * 0.005 = 0.5 cent -> 1
  EXPECT_EQ(out, 1);
  ASSERT_TRUE(LineAmountMinor(-1000, 5000, 2, &out));
  EXPECT_EQ(out, -1);
  ASSERT_TRUE(LineAmountMinor(1000, 4999, 2, &out));
  EXPECT_EQ(out, 0);
  EXPECT_EQ(TotalToMinor(10005000, 2), 1001);
  EXPECT_EQ(TotalToMinor(-10005000, 2), -1001);
  EXPECT_EQ(TotalToMinor(10004999, 2), 1000);
}

TEST(CsvDecimal, StripSpreadsheetDecimal) {
  EXPECT_EQ(StripSpreadsheetDecimal("17850.0"), "17850");
  EXPECT_EQ(StripSpreadsheetDecimal("17850.000"), "17850");
  EXPECT_EQ(StripSpreadsheetDecimal("17850"), "17850");
  EXPECT_EQ(StripSpreadsheetDecimal("17850.5"), "17850.5");
  EXPECT_EQ(StripSpreadsheetDecimal("-1.0"), "-1.0");
  EXPECT_EQ(StripSpreadsheetDecimal("C17850.0"), "C17850.0");
  EXPECT_EQ(StripSpreadsheetDecimal("1.0.0"), "1.0.0");
}

}  // namespace
}  // namespace encore::plugins::csv::testing
