// ResultRows and the JSON helpers behind the customer_results rows.
#include "daemon/state/scores_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace encore {
namespace {

std::string JsonString(std::string_view value) {
  std::string out;
  AppendJsonString(out, value);
  return out;
}

std::string JsonDouble(double value) {
  std::string out;
  AppendJsonDouble(out, value);
  return out;
}

TEST(ScoresJsonTest, Strings) {
  EXPECT_EQ(JsonString(""), R"("")");
  EXPECT_EQ(JsonString("plain 111"), R"("plain 111")");
  EXPECT_EQ(JsonString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(JsonString("line\nfeed\ttab"), R"("line\nfeed\ttab")");
  EXPECT_EQ(JsonString(std::string_view("nul\0x", 5)), R"("nul\u0000x")");
  EXPECT_EQ(JsonString("\xC3\xA9t\xC3\xA9"), "\"\xC3\xA9t\xC3\xA9\"");  // UTF-8 kept
  EXPECT_EQ(JsonString("bad\xFF"), "\"bad\xEF\xBF\xBD\"");              // U+FFFD
}

TEST(ScoresJsonTest, Doubles) {
  EXPECT_EQ(JsonDouble(2.0), "2.0");
  EXPECT_EQ(JsonDouble(-0.0), "-0.0");
  EXPECT_EQ(JsonDouble(0.1), "0.1");
  EXPECT_EQ(JsonDouble(1e300), "1e+300");
  EXPECT_EQ(JsonDouble(123456789.25), "123456789.25");
  EXPECT_EQ(JsonDouble(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(JsonDouble(std::nan("")), "null");
  // Every output reads back as the same double.
  for (double value : {0.1, 1.0 / 3.0, 6.02e23, -1e-300, 2.0}) {
    EXPECT_EQ(nlohmann::json::parse(JsonDouble(value)).get<double>(), value);
    EXPECT_TRUE(nlohmann::json::parse(JsonDouble(value)).is_number_float());
  }
}

TEST(ResultRowsTest, VisitsRowsInCustomerIdOrder) {
  ResultsTable table;
  // Ids sharing their first 8 bytes are ordered by the rest; a prefix sorts first.
  table.customer_ids = {"customer-2", "b",          "customer-10", "customer",
                        "a",          "customer-1", "\xC3\xA9",    "B"};
  ScoreColumn n;
  n.name = "n";
  n.type = ENCORE_VALUE_I64;
  for (int64_t i = 0; i < 8; ++i) n.i64.push_back(i);
  table.columns.push_back(n);

  ResultRows rows(table, "n");
  std::vector<std::string> ids, json, segments;
  while (rows.Next()) {
    ids.emplace_back(rows.customer_id());
    json.emplace_back(rows.scores_json());
    segments.emplace_back(rows.segment());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"B", "a", "b", "customer", "customer-1", "customer-10",
                                           "customer-2", "\xC3\xA9"}));
  EXPECT_EQ(json,
            (std::vector<std::string>{R"({"n":7})", R"({"n":4})", R"({"n":1})", R"({"n":3})",
                                      R"({"n":5})", R"({"n":2})", R"({"n":0})", R"({"n":6})"}));
  EXPECT_EQ(segments, (std::vector<std::string>{"7", "4", "1", "3", "5", "2", "0", "6"}));
  EXPECT_FALSE(rows.Next());
}

TEST(ResultRowsTest, CrossesBlockBoundaries) {
  ResultsTable table;
  ScoreColumn n;
  n.name = "n";
  n.type = ENCORE_VALUE_I64;
  ScoreColumn code;
  code.name = "code";
  code.type = ENCORE_VALUE_STR;
  constexpr int kRows = 3000;  // several blocks, the last one partial
  for (int i = kRows - 1; i >= 0; --i) {
    char id[16];
    std::snprintf(id, sizeof(id), "%06d", i);
    table.customer_ids.push_back(id);
    n.i64.push_back(i);
    code.str.push_back(i % 2 ? "odd" : "even");
    n.null_mask.push_back(i % 7 == 0);
  }
  table.columns = {n, code};

  ResultRows rows(table, "code");
  int count = 0;
  while (rows.Next()) {
    char id[16];
    std::snprintf(id, sizeof(id), "%06d", count);
    ASSERT_EQ(rows.customer_id(), id);
    const std::string value = count % 7 == 0 ? "null" : std::to_string(count);
    const std::string code_text = count % 2 ? "odd" : "even";
    ASSERT_EQ(rows.scores_json(), "{\"n\":" + value + ",\"code\":\"" + code_text + "\"}");
    ASSERT_EQ(rows.segment(), code_text);
    ++count;
  }
  EXPECT_EQ(count, kRows);
}

TEST(ResultRowsTest, EmptyTableAndNoColumns) {
  ResultsTable empty;
  ResultRows none(empty, "rfm_code");
  EXPECT_FALSE(none.Next());

  ResultsTable ids_only;
  ids_only.customer_ids = {"x"};
  ResultRows rows(ids_only, "rfm_code");
  ASSERT_TRUE(rows.Next());
  EXPECT_EQ(rows.scores_json(), "{}");
  EXPECT_EQ(rows.segment(), "");
  EXPECT_FALSE(rows.Next());
}

}  // namespace
}  // namespace encore
