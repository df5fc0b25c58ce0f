// The stored column layout: every type round-trips, integers take the narrowest width, strings
// choose dictionary or plain, single cells read the same values as whole decodes, and broken
// blobs are errors rather than crashes.
#include "daemon/state/column_codec.h"
#include "tests/unit/state/score_columns_for_tests.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace encore::columns {
namespace {

DecodedColumn RoundTrip(const EncodedColumn& encoded, size_t rows) {
  Result<DecodedColumn> decoded =
      DecodeColumn(encoded.type, rows, encoded.data, encoded.null_mask, "test");
  EXPECT_TRUE(decoded.ok()) << decoded.status().message();
  return decoded.ok() ? std::move(decoded).value() : DecodedColumn();
}

class MemoryBytes : public ByteSource {
 public:
  explicit MemoryBytes(std::string bytes) : bytes_(std::move(bytes)) {}
  Status Read(uint64_t offset, size_t size, void* out) override {
    if (offset > bytes_.size() || size > bytes_.size() - offset) return Internal("out of range");
    std::memcpy(out, bytes_.data() + offset, size);
    ++reads;
    return Status::Ok();
  }
  int reads = 0;

 private:
  std::string bytes_;
};

TEST(ColumnCodecTest, IntegersTakeTheNarrowestWidth) {
  // 24 bytes of header, then width x rows.
  EXPECT_EQ(EncodeColumn(testing::IntScores("n", {7, 7, 7}), testing::AllRows(3)).data.size(), 24u);
  EXPECT_EQ(EncodeColumn(testing::IntScores("n", {-100, 155, 0}), testing::AllRows(3)).data.size(),
            24u + 3);
  EXPECT_EQ(EncodeColumn(testing::IntScores("n", {0, 65535}), testing::AllRows(2)).data.size(),
            24u + 2 * 2);
  EXPECT_EQ(EncodeColumn(testing::IntScores("n", {0, 65536}), testing::AllRows(2)).data.size(),
            24u + 2 * 4);
  EXPECT_EQ(
      EncodeColumn(testing::IntScores("n", {0, int64_t{1} << 32}), testing::AllRows(2)).data.size(),
      24u + 2 * 8);
}

TEST(ColumnCodecTest, IntegersRoundTripInTheGivenOrder) {
  const int64_t min = std::numeric_limits<int64_t>::min(),
                max = std::numeric_limits<int64_t>::max();
  const ScoreColumn column = testing::IntScores("n", {min, 0, max, -1, 42}, {0, 0, 0, 1, 0});
  const std::vector<uint32_t> order = {4, 2, 0, 3, 1};
  const EncodedColumn encoded = EncodeColumn(column, order);
  EXPECT_EQ(encoded.type, ENCORE_VALUE_I64);
  const DecodedColumn decoded = RoundTrip(encoded, 5);
  EXPECT_EQ(decoded.i64[0], 42);
  EXPECT_EQ(decoded.i64[1], max);
  EXPECT_EQ(decoded.i64[2], min);
  EXPECT_EQ(decoded.i64[4], 0);
  EXPECT_EQ(decoded.nulls, (std::vector<uint8_t>{0, 0, 0, 1, 0}));
}

TEST(ColumnCodecTest, NoNullMaskWhenEveryRowHasAValue) {
  EXPECT_TRUE(
      EncodeColumn(testing::IntScores("n", {1, 2}, {0, 0}), testing::AllRows(2)).null_mask.empty());
  EXPECT_EQ(EncodeColumn(testing::IntScores("n", {1, 2}, {0, 1}), testing::AllRows(2)).null_mask,
            std::string("\x02", 1));
  const DecodedColumn decoded =
      RoundTrip(EncodeColumn(testing::IntScores("n", {1, 2}), testing::AllRows(2)), 2);
  EXPECT_TRUE(decoded.nulls.empty());
}

TEST(ColumnCodecTest, DoublesRoundTripAndNonFiniteValuesBecomeMissing) {
  ScoreColumn column;
  column.type = ENCORE_VALUE_F64;
  column.f64 = {0.1, -0.0, std::nan(""), std::numeric_limits<double>::infinity(), -1e300, 5};
  column.null_mask = {0, 0, 0, 0, 0, 1};
  const DecodedColumn decoded = RoundTrip(EncodeColumn(column, testing::AllRows(6)), 6);
  EXPECT_EQ(decoded.type, ENCORE_VALUE_F64);
  EXPECT_EQ(decoded.f64[0], 0.1);
  EXPECT_EQ(decoded.f64[1], 0.0);
  EXPECT_FALSE(std::signbit(decoded.f64[1]));  // -0.0 is stored as 0.0
  EXPECT_EQ(decoded.f64[4], -1e300);
  EXPECT_EQ(decoded.nulls, (std::vector<uint8_t>{0, 0, 1, 1, 0, 1}));
}

TEST(ColumnCodecTest, RepeatedStringsUseADictionary) {
  std::vector<std::string> values;
  for (int i = 0; i < 100; ++i) values.push_back(i % 3 == 0 ? "champions" : "lost");
  std::vector<uint8_t> nulls(100, 0);
  nulls[5] = 1;
  const DecodedColumn decoded =
      RoundTrip(EncodeColumn(testing::TextScores("s", values, nulls), testing::AllRows(100)), 100);
  EXPECT_EQ(decoded.strings.size(), 3u);  // "champions", "lost", and "" for the null row
  EXPECT_EQ(decoded.codes.size(), 100u);
  for (size_t r = 0; r < 100; ++r) {
    if (r == 5) {
      EXPECT_TRUE(decoded.is_null(r));
      EXPECT_EQ(decoded.str(r), "");
    } else {
      EXPECT_EQ(decoded.str(r), values[r]) << r;
    }
  }
}

// The column's own distinct values make the dictionary: values no row uses any more get no
// entry, a null row shares the entry of "", and the blob is the one the strings themselves
// would give.
TEST(ColumnCodecTest, DictionaryComesFromTheColumnsOwnValues) {
  ScoreColumn column = testing::TextScores("s", {"unused", "b", "", "a"});
  for (int i = 0; i < 36; ++i) column.str.push_back(i % 2 == 0 ? "a" : "b");
  column.str.codes().erase(column.str.codes().begin());  // drops the only "unused" row
  column.null_mask.assign(column.str.size(), 0);
  column.null_mask[4] = 1;
  ASSERT_EQ(column.str.size(), 39u);
  ASSERT_EQ(column.str.value_count(), 4u);

  std::vector<std::string_view> texts;
  for (size_t r = 0; r < column.str.size(); ++r) {
    texts.push_back(column.is_null(r) ? std::string_view() : column.str[r]);
  }
  const EncodedColumn encoded = EncodeColumn(column, testing::AllRows(39));
  EXPECT_EQ(encoded.data, EncodeStrings(texts, true));
  const DecodedColumn decoded = RoundTrip(encoded, 39);
  ASSERT_EQ(decoded.strings.size(), 3u);
  EXPECT_EQ(decoded.strings[0], "b");
  EXPECT_EQ(decoded.strings[1], "");
  EXPECT_EQ(decoded.strings[2], "a");
  EXPECT_EQ(decoded.code(1), 1u);  // ""
  EXPECT_EQ(decoded.code(4), 1u);  // null
  EXPECT_EQ(decoded.code(5), 2u);  // "a"
  EXPECT_EQ(decoded.code(6), 0u);  // "b"

  std::vector<uint32_t> reversed(39);
  for (uint32_t i = 0; i < 39; ++i) reversed[i] = 38 - i;
  const DecodedColumn backwards = RoundTrip(EncodeColumn(column, reversed), 39);
  for (size_t i = 0; i < 39; ++i) EXPECT_EQ(backwards.str(i), texts[38 - i]) << i;
}

TEST(ColumnCodecTest, DistinctStringsArePlain) {
  std::vector<std::string> values = {"b", "", "a\0z", "\xD0\x9C", "ccc"};
  values[2] = std::string("a\0z", 3);  // bytes, not C strings
  const std::vector<uint32_t> order = {2, 0, 4, 1, 3};
  const DecodedColumn decoded = RoundTrip(EncodeColumn(testing::TextScores("s", values), order), 5);
  EXPECT_TRUE(decoded.codes.empty());
  ASSERT_EQ(decoded.strings.size(), 5u);
  for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(decoded.str(i), values[order[i]]) << i;
}

TEST(ColumnCodecTest, EncodeStringsWithoutDictionaryAndEmpty) {
  const std::vector<std::string_view> same(8, "x");
  EXPECT_TRUE(RoundTrip({ENCORE_VALUE_STR, EncodeStrings(same, false), ""}, 8).codes.empty());
  EXPECT_EQ(RoundTrip({ENCORE_VALUE_STR, EncodeStrings(same, true), ""}, 8).codes.size(), 8u);
  const DecodedColumn none = RoundTrip({ENCORE_VALUE_STR, EncodeStrings({}, true), ""}, 0);
  EXPECT_EQ(none.rows, 0u);
  EXPECT_EQ(none.strings.size(), 0u);
}

TEST(ColumnCodecTest, UnknownTypesAreStoredAsIntegersWithoutValues) {
  ScoreColumn column;
  column.type = static_cast<encore_value_type>(99);
  const EncodedColumn encoded = EncodeColumn(column, testing::AllRows(3));
  EXPECT_EQ(encoded.type, ENCORE_VALUE_I64);
  EXPECT_EQ(RoundTrip(encoded, 3).nulls, (std::vector<uint8_t>{1, 1, 1}));
}

TEST(ColumnCodecTest, SingleCellsMatchTheWholeDecode) {
  std::vector<std::string> text;
  std::vector<int64_t> numbers;
  std::vector<uint8_t> nulls;
  for (int i = 0; i < 50; ++i) {
    text.push_back(i % 2 == 0 ? "even" : "odd-" + std::to_string(i % 5));
    numbers.push_back(i * 1000 - 7);
    nulls.push_back(i % 7 == 0);
  }
  ScoreColumn doubles;
  doubles.type = ENCORE_VALUE_F64;
  for (int i = 0; i < 50; ++i) doubles.f64.push_back(i / 4.0);
  const std::vector<std::string> ids = {"a", "bb", "", "dddd"};
  std::vector<std::string_view> id_views(ids.begin(), ids.end());

  struct Case {
    EncodedColumn encoded;
    size_t rows;
  };
  const std::vector<Case> cases = {
      {EncodeColumn(testing::TextScores("s", text, nulls), testing::AllRows(50)), 50},
      {EncodeColumn(testing::IntScores("n", numbers, nulls), testing::AllRows(50)), 50},
      {EncodeColumn(doubles, testing::AllRows(50)), 50},
      {{ENCORE_VALUE_STR, EncodeStrings(id_views, false), ""}, 4},
  };
  for (const Case& c : cases) {
    const DecodedColumn decoded = RoundTrip(c.encoded, c.rows);
    MemoryBytes data(c.encoded.data), mask(c.encoded.null_mask);
    Result<CellReader> reader = CellReader::Open(
        c.encoded.type, c.rows, &data, c.encoded.null_mask.empty() ? nullptr : &mask, "test");
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    for (size_t r = 0; r < c.rows; ++r) {
      Result<Cell> cell = reader->Read(r);
      ASSERT_TRUE(cell.ok()) << cell.status().message();
      if (decoded.is_null(r)) {
        EXPECT_TRUE(std::holds_alternative<std::monostate>(*cell)) << r;
      } else if (c.encoded.type == ENCORE_VALUE_I64) {
        EXPECT_EQ(std::get<int64_t>(*cell), decoded.i64[r]) << r;
      } else if (c.encoded.type == ENCORE_VALUE_F64) {
        EXPECT_EQ(std::get<double>(*cell), decoded.f64[r]) << r;
      } else {
        EXPECT_EQ(std::get<std::string>(*cell), decoded.str(r)) << r;
      }
    }
    EXPECT_EQ(reader->Read(c.rows).status().code(), StatusCode::kInternal);
  }
}

TEST(ColumnCodecTest, BrokenBlobsAreInternalErrors) {
  const EncodedColumn numbers =
      EncodeColumn(testing::IntScores("n", {1, 300, 70000}), testing::AllRows(3));
  const EncodedColumn text = EncodeColumn(
      testing::TextScores("s", {"x", "y", "x", "x", "x", "x", "x", "x"}), testing::AllRows(8));
  auto decode = [](encore_value_type type, size_t rows, std::string_view data,
                   std::string_view mask = "") {
    return DecodeColumn(type, rows, data, mask, "run 'r' column 'c'").status();
  };
  const Status truncated = decode(ENCORE_VALUE_I64, 3, numbers.data.substr(0, 30));
  EXPECT_EQ(truncated.code(), StatusCode::kInternal);
  EXPECT_EQ(truncated.message(), "run 'r' column 'c': stored column is truncated");
  EXPECT_EQ(decode(ENCORE_VALUE_I64, 4, numbers.data).message(),
            "run 'r' column 'c': stored column has the wrong length");
  EXPECT_EQ(decode(ENCORE_VALUE_F64, 3, "1234567").code(), StatusCode::kInternal);
  EXPECT_EQ(decode(ENCORE_VALUE_I64, 3, numbers.data, "\x01\x02").message(),
            "run 'r' column 'c': stored null mask is invalid");
  std::string bad_width = numbers.data;
  bad_width[0] = 3;
  EXPECT_EQ(decode(ENCORE_VALUE_I64, 3, bad_width).message(),
            "run 'r' column 'c': stored column has an invalid integer width");
  std::string bad_kind = text.data;
  bad_kind[0] = 9;
  EXPECT_EQ(decode(ENCORE_VALUE_STR, 8, bad_kind).message(),
            "run 'r' column 'c': stored string column is invalid");
  EXPECT_EQ(decode(ENCORE_VALUE_STR, 8, text.data.substr(0, text.data.size() - 1)).code(),
            StatusCode::kInternal);
  EXPECT_EQ(decode(static_cast<encore_value_type>(7), 3, numbers.data).message(),
            "run 'r' column 'c': stored column has an unknown type");
}

}  // namespace
}  // namespace encore::columns
