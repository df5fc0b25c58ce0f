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
  EXPECT_EQ(columns[2].str, (StringColumn{"a", "", "ccc"}));
  EXPECT_EQ(scores.size(), 0u);
}

// A plugin's rows point at a few shared buffers; equal text in another buffer, or the same
// buffer with another length, must still get the code of its text.
TEST(ScoreColumnsTest, TextRowsGetOneCodePerDistinctValue) {
  const std::string gold = "gold", basic = "basic";
  std::vector<std::string> own_buffers = {"gold", "basic", "gold"};  // one buffer per row
  std::vector<encore_str> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back(i % 3 == 0 ? encore_str{gold.data(), gold.size()}
                              : encore_str{basic.data(), basic.size()});
  }
  for (const std::string& s : own_buffers) rows.push_back({s.data(), s.size()});
  rows.push_back({gold.data(), 2});  // "go": the same pointer, another text
  rows.push_back({nullptr, 0});
  rows.push_back({basic.data(), 0});  // "" from a non-null pointer

  ScoreColumns scores;
  ASSERT_TRUE(scores.Add(Column("tier", ENCORE_VALUE_STR, rows.data()), rows.size()).ok());
  own_buffers.assign(3, "changed");  // copied: later changes by the method do not show

  const encore_column_v1* found = scores.Find("tier");
  ASSERT_NE(found, nullptr);
  const auto* views = static_cast<const encore_str*>(found->values);
  for (size_t r = 0; r < 1000; ++r) {
    EXPECT_EQ(std::string(views[r].data, views[r].size), r % 3 == 0 ? "gold" : "basic") << r;
  }
  // Rows of one value share one view of the column's own copy.
  EXPECT_EQ(views[0].data, views[1000].data);
  EXPECT_EQ(views[1].data, views[1001].data);
  EXPECT_NE(views[0].data, gold.data());
  EXPECT_EQ(std::string(views[1003].data, views[1003].size), "go");
  EXPECT_EQ(views[1004].size, 0u);

  std::vector<ScoreColumn> columns = scores.Take();
  const StringColumn& tier = columns[0].str;
  ASSERT_EQ(tier.size(), 1006u);
  EXPECT_EQ(tier.value_count(), 4u);  // gold, basic, go, ""
  for (size_t r = 0; r < 1000; ++r) EXPECT_EQ(tier.codes()[r], r % 3 == 0 ? 0u : 1u) << r;
  EXPECT_EQ(std::vector<uint32_t>(tier.codes().begin() + 1000, tier.codes().end()),
            (std::vector<uint32_t>{0, 1, 0, 2, 3, 3}));
  EXPECT_EQ(tier.value(2), "go");
  EXPECT_EQ(tier.value(3), "");
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
