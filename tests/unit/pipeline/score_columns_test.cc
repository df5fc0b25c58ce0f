#include "daemon/pipeline/score_columns.h"

#include <gtest/gtest.h>

#include <string>

namespace encore::pipeline {
namespace {

encore_column_v1 Column(const char* name, int32_t type, const void* values,
                        const uint8_t* mask = nullptr) {
  return encore_column_v1{{name, std::char_traits<char>::length(name)}, type, values, mask};
}

TEST(ScoreColumnsTest, CopiesValuesAndFindsThem) {
  ScoreColumns scores;
  std::vector<int64_t> i64 = {1, 2, 3};
  std::vector<double> f64 = {0.5, 1.5, 2.5};
  const uint8_t mask[] = {0, 7, 0};
  const encore_str str[] = {{"a", 1}, {nullptr, 0}, {"ccc", 3}};
  ASSERT_TRUE(scores.Add(Column("i", ENCORE_VALUE_I64, i64.data()), 3).ok());
  ASSERT_TRUE(scores.Add(Column("f", ENCORE_VALUE_F64, f64.data(), mask), 3).ok());
  ASSERT_TRUE(scores.Add(Column("s", ENCORE_VALUE_STR, str), 3).ok());
  i64[0] = 100;  // copied: later changes by the method do not show

  const encore_column_v1* found = scores.Find("i");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->type, ENCORE_VALUE_I64);
  EXPECT_EQ(static_cast<const int64_t*>(found->values)[0], 1);
  EXPECT_EQ(found->null_mask, nullptr);
  const encore_column_v1* s = scores.Find("s");
  ASSERT_NE(s, nullptr);
  const auto* views = static_cast<const encore_str*>(s->values);
  EXPECT_EQ(std::string(views[2].data, views[2].size), "ccc");
  EXPECT_EQ(views[1].size, 0u);
  EXPECT_EQ(scores.Find("f")->null_mask[1], 1);  // normalised to 0/1
  EXPECT_EQ(scores.Find("x"), nullptr);

  std::vector<ScoreColumn> columns = scores.Take();
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].i64, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(columns[1].null_mask, (std::vector<uint8_t>{0, 1, 0}));
  EXPECT_EQ(columns[2].str, (std::vector<std::string>{"a", "", "ccc"}));
  EXPECT_EQ(scores.size(), 0u);
}

TEST(ScoreColumnsTest, RefusesBadColumns) {
  ScoreColumns scores;
  const int64_t values[] = {1};
  EXPECT_EQ(scores.Add(Column("", ENCORE_VALUE_I64, values), 1).message(), "scores without a name");
  EXPECT_EQ(scores.Add(Column("customer_id", ENCORE_VALUE_I64, values), 1).message(),
            "scores 'customer_id': the name is reserved");
  EXPECT_EQ(scores.Add(Column("x", 9, values), 1).message(), "scores 'x': unknown value type 9");
  EXPECT_EQ(scores.Add(Column("x", ENCORE_VALUE_I64, nullptr), 1).message(),
            "scores 'x': no values");
  ASSERT_TRUE(scores.Add(Column("x", ENCORE_VALUE_I64, values), 1).ok());
  const Status again = scores.Add(Column("x", ENCORE_VALUE_F64, values), 1);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.message(), "scores 'x' were put already");
  EXPECT_TRUE(scores.Add(Column("empty", ENCORE_VALUE_I64, nullptr), 0).ok());  // no rows
}

}  // namespace
}  // namespace encore::pipeline
