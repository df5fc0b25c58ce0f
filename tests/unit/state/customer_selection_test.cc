// Score filters and score order over decoded columns, checked against plain reference
// implementations on random data.
#include "daemon/state/customer_selection.h"
#include "tests/unit/state/score_columns_for_tests.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace encore::selection {
namespace {

size_t ValueCountOf(const ScoreColumn& c) {
  return c.type == ENCORE_VALUE_I64   ? c.i64.size()
         : c.type == ENCORE_VALUE_F64 ? c.f64.size()
                                      : c.str.size();
}

columns::DecodedColumn Decode(const ScoreColumn& column) {
  std::vector<uint32_t> rows(ValueCountOf(column));
  std::iota(rows.begin(), rows.end(), 0);
  const columns::EncodedColumn encoded = columns::EncodeColumn(column, rows);
  return columns::DecodeColumn(encoded.type, rows.size(), encoded.data, encoded.null_mask, "t")
      .value();
}

std::vector<uint32_t> Filtered(const ScoreColumn& column, FilterOp op, const std::string& value) {
  const columns::DecodedColumn decoded = Decode(column);
  Result<CompiledFilter> filter = CompiledFilter::Compile(0, {column.name, op, value}, decoded);
  EXPECT_TRUE(filter.ok()) << filter.status().message();
  std::vector<uint32_t> rows = testing::AllRows(decoded.rows);
  if (filter.ok()) filter->Apply(rows);
  return rows;
}

using Rows = std::vector<uint32_t>;

TEST(HasItemTest, MatchesWholeItemsOnly) {
  EXPECT_TRUE(HasItem("|coffee|tea|", "tea"));
  EXPECT_TRUE(HasItem("|coffee|tea|", "coffee"));
  EXPECT_TRUE(HasItem("coffee|tea", "coffee"));
  EXPECT_TRUE(HasItem("coffee|tea", "tea"));
  EXPECT_TRUE(HasItem("tea", "tea"));
  EXPECT_TRUE(HasItem("|green tea|tea|", "tea"));  // the second occurrence is whole
  EXPECT_FALSE(HasItem("|coffee|tea|", "te"));
  EXPECT_FALSE(HasItem("|coffee|tea|", "ea"));
  EXPECT_FALSE(HasItem("|coffee|green tea|", "tea"));
  EXPECT_FALSE(HasItem("|teapot|", "tea"));
  EXPECT_FALSE(HasItem("", "tea"));
  EXPECT_FALSE(HasItem("|coffee|", ""));
}

TEST(CompiledFilterTest, IntegerComparisons) {
  const ScoreColumn c =
      testing::IntScores("n", {5, 3, 9, 3, 7}, {0, 0, 0, 0, 1});  // row 4 has no value
  EXPECT_EQ(Filtered(c, FilterOp::kEq, "3"), (Rows{1, 3}));
  EXPECT_EQ(Filtered(c, FilterOp::kNe, "3"), (Rows{0, 2}));  // never the row without a value
  EXPECT_EQ(Filtered(c, FilterOp::kLt, "5"), (Rows{1, 3}));
  EXPECT_EQ(Filtered(c, FilterOp::kLe, "5"), (Rows{0, 1, 3}));
  EXPECT_EQ(Filtered(c, FilterOp::kGt, "5"), (Rows{2}));
  EXPECT_EQ(Filtered(c, FilterOp::kGe, "5"), (Rows{0, 2}));
  EXPECT_EQ(Filtered(c, FilterOp::kGe, "4.5"), (Rows{0, 2}));  // a fraction compares as double
  EXPECT_EQ(Filtered(c, FilterOp::kEq, "3.0"), (Rows{1, 3}));
  EXPECT_EQ(Filtered(c, FilterOp::kLt, "-1e3"), (Rows{}));
}

TEST(CompiledFilterTest, LargeIntegersCompareExactly) {
  const int64_t big = (int64_t{1} << 53) + 1;  // not a double
  const ScoreColumn c = testing::IntScores("n", {big, big - 1});
  EXPECT_EQ(Filtered(c, FilterOp::kEq, std::to_string(big)), (Rows{0}));
  EXPECT_EQ(Filtered(c, FilterOp::kLt, std::to_string(big)), (Rows{1}));
}

TEST(CompiledFilterTest, DoubleComparisons) {
  ScoreColumn c;
  c.name = "p";
  c.type = ENCORE_VALUE_F64;
  c.f64 = {0.25, 0.5, 0.75, std::nan("")};
  EXPECT_EQ(Filtered(c, FilterOp::kGe, "0.5"), (Rows{1, 2}));
  EXPECT_EQ(Filtered(c, FilterOp::kLt, "1"), (Rows{0, 1, 2}));  // NaN is no value
  EXPECT_EQ(Filtered(c, FilterOp::kNe, "0.25"), (Rows{1, 2}));
}

TEST(CompiledFilterTest, TextComparisonsAndLists) {
  const ScoreColumn c = testing::TextScores(
      "s", {"|coffee|tea|", "|tea|", "", "|cups|", "|coffee|"}, {0, 0, 0, 0, 1});
  EXPECT_EQ(Filtered(c, FilterOp::kContains, "tea"), (Rows{0, 1}));
  EXPECT_EQ(Filtered(c, FilterOp::kNotContains, "tea"), (Rows{2, 3}));
  EXPECT_EQ(Filtered(c, FilterOp::kContains, "te"), (Rows{}));
  EXPECT_EQ(Filtered(c, FilterOp::kEq, "|tea|"), (Rows{1}));
  EXPECT_EQ(Filtered(c, FilterOp::kEq, ""), (Rows{2}));
  EXPECT_EQ(Filtered(c, FilterOp::kGt, "|d"), (Rows{1}));  // byte order
  EXPECT_EQ(Filtered(testing::TextScores("s", {"311", "45", "5"}), FilterOp::kLt, "4"), (Rows{0}));
}

TEST(CompiledFilterTest, BadFiltersNameTheField) {
  const columns::DecodedColumn numbers = Decode(testing::IntScores("n", {1, 2}));
  const columns::DecodedColumn text = Decode(testing::TextScores("s", {"a", "b"}));
  auto error = [](size_t index, const ScoreFilter& f, const columns::DecodedColumn& column) {
    Result<CompiledFilter> compiled = CompiledFilter::Compile(index, f, column);
    EXPECT_EQ(compiled.status().code(), StatusCode::kInvalidArgument);
    return compiled.status().message();
  };
  EXPECT_EQ(error(1, {"n", FilterOp::kContains, "x"}, numbers),
            "filters[1].op: contains applies to text scores; 'n' holds numbers");
  EXPECT_EQ(error(0, {"n", FilterOp::kEq, "abc"}, numbers),
            "filters[0].value: 'abc' is not a number, and score 'n' holds numbers");
  EXPECT_EQ(error(0, {"n", FilterOp::kEq, ""}, numbers),
            "filters[0].value: '' is not a number, and score 'n' holds numbers");
  EXPECT_EQ(error(0, {"n", FilterOp::kEq, "nan"}, numbers),
            "filters[0].value: 'nan' is not a number, and score 'n' holds numbers");
  EXPECT_EQ(error(2, {"s", FilterOp::kNotContains, ""}, text),
            "filters[2].value: not_contains needs an item to look for");
  EXPECT_EQ(error(0, {"s", FilterOp::kContains, "a|b"}, text),
            "filters[0].value: contains looks for one item; '|' separates items");
  EXPECT_EQ(CheckFilter(3, {"", FilterOp::kEq, "1"}).message(), "filters[3].score: required");
}

// The reference order: sort everything, then slice.
Rows ReferencePage(const std::vector<double>& values, const std::vector<uint8_t>& missing,
                   const Rows& rows, bool descending, size_t offset, size_t count) {
  Rows sorted = rows;
  std::stable_sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) {
    if (missing[a] != missing[b]) return missing[b] != 0;
    if (missing[a]) return false;
    return descending ? values[a] > values[b] : values[a] < values[b];
  });
  Rows page;
  for (size_t i = offset; i < sorted.size() && page.size() < count; ++i) page.push_back(sorted[i]);
  return page;
}

TEST(OrderedPageTest, MatchesAFullSortOnRandomData) {
  std::mt19937 random(11);
  const size_t n = 500;
  std::vector<int64_t> ints(n);
  std::vector<double> doubles(n);
  std::vector<std::string> texts(n);
  std::vector<uint8_t> missing(n);
  std::vector<double> as_double(n);
  for (size_t i = 0; i < n; ++i) {
    ints[i] = static_cast<int64_t>(random() % 40) - 20;  // many ties
    doubles[i] = static_cast<double>(ints[i]) / 4;
    texts[i] = std::string(1, static_cast<char>('a' + (ints[i] + 20) / 2)) + "x";
    missing[i] = random() % 9 == 0;
  }
  ScoreColumn d;
  d.name = "d";
  d.type = ENCORE_VALUE_F64;
  d.f64 = doubles;
  d.null_mask = missing;
  const std::vector<columns::DecodedColumn> columns = {
      Decode(testing::IntScores("n", ints, missing)), Decode(d),
      Decode(testing::TextScores("s", texts, missing))};
  // Text order equals the order of (ints + 20) / 2; compare the integer columns with that key.
  std::vector<std::vector<double>> keys(3, std::vector<double>(n));
  for (size_t i = 0; i < n; ++i) {
    keys[0][i] = static_cast<double>(ints[i]);
    keys[1][i] = doubles[i];
    keys[2][i] = static_cast<double>((ints[i] + 20) / 2);
  }
  Rows odd;  // a filtered subset
  for (uint32_t r = 1; r < n; r += 2) odd.push_back(r);
  for (size_t c = 0; c < columns.size(); ++c) {
    for (const Rows& rows : {testing::AllRows(n), odd}) {
      for (bool descending : {false, true}) {
        for (size_t offset : {0, 1, 37, 199, 240, 440, 499, 600}) {
          for (size_t count : {1, 10, 100}) {
            EXPECT_EQ(OrderedPage(rows, &columns[c], descending, offset, count),
                      ReferencePage(keys[c], missing, rows, descending, offset, count))
                << "column " << c << " descending " << descending << " offset " << offset
                << " count " << count << " rows " << rows.size();
          }
        }
      }
    }
  }
}

TEST(OrderedPageTest, WithoutAColumnEveryRowIsMissingAndKeepsIdOrder) {
  EXPECT_EQ(OrderedPage({2, 5, 9, 11}, nullptr, true, 1, 2), (Rows{5, 9}));
  EXPECT_EQ(OrderedPage({2, 5, 9, 11}, nullptr, false, 4, 2), (Rows{}));
}

TEST(OrderedPageTest, PlainTextColumnsTieOnEqualValues) {
  // Five distinct values of five rows are stored plain (no dictionary): rows 1 and 3 hold the
  // same text and must tie, ordered by row.
  const columns::DecodedColumn plain = Decode(testing::TextScores("s", {"b", "a", "c", "a", "d"}));
  ASSERT_TRUE(plain.codes.empty());
  EXPECT_EQ(OrderedPage(testing::AllRows(5), &plain, false, 0, 5), (Rows{1, 3, 0, 2, 4}));
  EXPECT_EQ(OrderedPage(testing::AllRows(5), &plain, true, 0, 5), (Rows{4, 2, 0, 1, 3}));
}

}  // namespace
}  // namespace encore::selection
