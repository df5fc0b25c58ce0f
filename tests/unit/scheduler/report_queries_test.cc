// SelectReportRows: column conditions on a report table, numbers and '|'-lists, and pages.
#include "daemon/scheduler/report_queries.h"

#include <gtest/gtest.h>

namespace encore {
namespace {

ReportTable Rules() {
  ReportTable t;
  t.name = "basket.rules";
  t.row_count = 4;
  ScoreColumn products;
  products.name = "products";
  products.type = ENCORE_VALUE_STR;
  products.str = {"|tea|mug|", "|tea|cup|", "|coffee|mug|", "|teapot|mug|"};
  ScoreColumn lift;
  lift.name = "lift";
  lift.type = ENCORE_VALUE_F64;
  lift.f64 = {3.5, 1.2, 2.0, 0};
  lift.null_mask = {0, 0, 0, 1};
  ScoreColumn count;
  count.name = "count";
  count.type = ENCORE_VALUE_I64;
  count.i64 = {12, 7, 30, 5};
  t.columns = {products, lift, count};
  return t;
}

ScoreFilter Where(const std::string& column, FilterOp op, const std::string& value) {
  ScoreFilter f;
  f.score = column;
  f.op = op;
  f.value = value;
  return f;
}

TEST(ReportQueriesTest, ProductsAreWholeItemsAndNumbersCompareAsNumbers) {
  auto tea = SelectReportRows(Rules(), {Where("products", FilterOp::kContains, "tea")}, 0, "");
  ASSERT_TRUE(tea.ok()) << tea.status().message();
  EXPECT_EQ(tea->rows, (std::vector<size_t>{0, 1}));  // not "teapot"
  auto strong = SelectReportRows(
      Rules(), {Where("products", FilterOp::kContains, "mug"), Where("lift", FilterOp::kGe, "2")},
      0, "");
  EXPECT_EQ(strong->rows, (std::vector<size_t>{0, 2}));  // the row without a lift never matches
  auto many = SelectReportRows(Rules(), {Where("count", FilterOp::kGt, "10")}, 0, "");
  EXPECT_EQ(many->rows, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(many->total, 2);
}

TEST(ReportQueriesTest, PagesCarryOn) {
  auto first = SelectReportRows(Rules(), {}, 3, "");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->rows, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(first->total, 4);
  ASSERT_EQ(first->next_page_token, "o3");
  auto second = SelectReportRows(Rules(), {}, 3, first->next_page_token);
  EXPECT_EQ(second->rows, (std::vector<size_t>{3}));
  EXPECT_EQ(second->next_page_token, "");
}

TEST(ReportQueriesTest, BadConditionsNameTheFilter) {
  EXPECT_EQ(
      SelectReportRows(Rules(), {Where("lift", FilterOp::kGt, "high")}, 0, "").status().message(),
      "filters[0].value: 'high' is not a number, and column 'lift' holds numbers");
  EXPECT_EQ(SelectReportRows(Rules(), {Where("count", FilterOp::kContains, "1")}, 0, "")
                .status()
                .message(),
            "filters[0].op: contains / not_contains need a text column; 'count' holds numbers");
  EXPECT_EQ(SelectReportRows(Rules(), {}, 0, "x").status().message(),
            "page_token: not a token this list returned");
}

}  // namespace
}  // namespace encore
