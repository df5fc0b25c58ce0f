#include "daemon/common/string_column.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace encore {
namespace {

std::vector<std::string> Rows(const StringColumn& column) {
  return std::vector<std::string>(column.begin(), column.end());
}

TEST(StringColumnTest, EqualValuesShareOneCode) {
  StringColumn column;
  column.push_back("gold");
  column.push_back("basic");
  std::string gold = "gold";  // another buffer, the same text
  column.push_back(gold);
  column.push_back("basic");

  ASSERT_EQ(column.size(), 4u);
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{0, 1, 0, 1}));
  EXPECT_EQ(column.value_count(), 2u);
  EXPECT_EQ(column.value(0), "gold");
  EXPECT_EQ(column.value(1), "basic");
  EXPECT_EQ(column[2], "gold");
  gold[0] = 'G';  // the column keeps its own copy
  EXPECT_EQ(column[2], "gold");
  EXPECT_EQ(Rows(column), (std::vector<std::string>{"gold", "basic", "gold", "basic"}));
}

TEST(StringColumnTest, EmptyStringIsAValueLikeAnyOther) {
  StringColumn column{"", "a", ""};
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(column[0], "");
  EXPECT_EQ(column[2].size(), 0u);
  EXPECT_EQ(column.value_count(), 2u);
  EXPECT_FALSE(column.empty());

  StringColumn none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.value_count(), 0u);
  EXPECT_EQ(none.begin(), none.end());
}

TEST(StringColumnTest, BuiltFromARangeOfStrings) {
  const std::vector<std::string> rows = {"b", "a", "b", ""};
  const StringColumn column(rows);
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(Rows(column), rows);
  const std::vector<std::string_view> views = {"a", "a"};
  EXPECT_EQ(StringColumn(views).codes(), (std::vector<uint32_t>{0, 0}));
}

TEST(StringColumnTest, InternReturnsTheCodeWithoutAddingARow) {
  StringColumn column{"x"};
  EXPECT_EQ(column.Intern("x"), 0u);
  EXPECT_EQ(column.Intern("y"), 1u);
  EXPECT_EQ(column.size(), 1u);
  EXPECT_EQ(column.value_count(), 2u);
  column.codes().push_back(1);
  EXPECT_EQ(Rows(column), (std::vector<std::string>{"x", "y"}));
}

TEST(StringColumnTest, ManyDistinctValues) {
  StringColumn column;
  constexpr int kValues = 5000;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kValues; ++i) column.push_back("value " + std::to_string(i));
  }
  ASSERT_EQ(column.size(), 3u * kValues);
  EXPECT_EQ(column.value_count(), static_cast<size_t>(kValues));
  for (int i = 0; i < kValues; ++i) {
    EXPECT_EQ(column.codes()[i], static_cast<uint32_t>(i));
    EXPECT_EQ(column.codes()[2 * kValues + i], static_cast<uint32_t>(i));
    EXPECT_EQ(column[kValues + i], "value " + std::to_string(i));
  }
}

TEST(StringColumnTest, CopyIsIndependentOfTheOriginal) {
  auto original = std::make_unique<StringColumn>(StringColumn{"a", "b", "a"});
  StringColumn copy = *original;
  copy.push_back("c");
  copy.push_back("a");
  EXPECT_EQ(Rows(*original), (std::vector<std::string>{"a", "b", "a"}));
  EXPECT_EQ(original->value_count(), 2u);

  original->push_back("d");  // the original's own index stays its own
  EXPECT_EQ(original->codes(), (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(copy.codes(), (std::vector<uint32_t>{0, 1, 0, 2, 0}));
  EXPECT_EQ(copy.value(2), "c");

  // The copy's index must not view the original's values: with the original gone, interning
  // in the copy still finds the values it has.
  original.reset();
  copy.push_back("b");
  copy.push_back("e");
  EXPECT_EQ(copy.codes(), (std::vector<uint32_t>{0, 1, 0, 2, 0, 1, 3}));
  EXPECT_EQ(Rows(copy), (std::vector<std::string>{"a", "b", "a", "c", "a", "b", "e"}));
}

TEST(StringColumnTest, CopyAssignmentReplacesValuesAndIndex) {
  StringColumn source{"p", "q"};
  StringColumn target{"x", "y", "z"};
  target = source;
  EXPECT_EQ(Rows(target), (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(target.value_count(), 2u);
  target.push_back("x");  // no longer a value of target
  target.push_back("q");
  EXPECT_EQ(target.codes(), (std::vector<uint32_t>{0, 1, 2, 1}));
  EXPECT_EQ(Rows(source), (std::vector<std::string>{"p", "q"}));
}

TEST(StringColumnTest, MoveTakesRowsAndLeavesTheSourceEmpty) {
  StringColumn source{"a", "b", "a"};
  StringColumn moved = std::move(source);
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): documented as empty
  EXPECT_EQ(source.value_count(), 0u);
  moved.push_back("b");
  moved.push_back("c");
  EXPECT_EQ(moved.codes(), (std::vector<uint32_t>{0, 1, 0, 1, 2}));

  StringColumn assigned{"z"};
  assigned = std::move(moved);
  assigned.push_back("a");
  EXPECT_EQ(Rows(assigned), (std::vector<std::string>{"a", "b", "a", "b", "c", "a"}));
  EXPECT_EQ(assigned.value_count(), 3u);

  source.push_back("fresh");  // a column moved from is usable again
  EXPECT_EQ(Rows(source), (std::vector<std::string>{"fresh"}));
  EXPECT_EQ(source.codes(), (std::vector<uint32_t>{0}));
}

TEST(StringColumnTest, FilteringRowsMovesCodesOnly) {
  StringColumn column{"a", "b", "c", "b", "a"};
  std::vector<uint32_t>& codes = column.codes();
  const std::vector<uint32_t> keep = {1, 3, 4};
  for (size_t i = 0; i < keep.size(); ++i) codes[i] = codes[keep[i]];
  codes.resize(keep.size());

  EXPECT_EQ(Rows(column), (std::vector<std::string>{"b", "b", "a"}));
  EXPECT_EQ(column.value_count(), 3u);  // "c" stays, used by no row
  column.push_back("c");
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{1, 1, 0, 2}));
}

TEST(StringColumnTest, AppendCodedInternsEachEntryOnce) {
  StringColumn column{"tea", "mug"};
  const std::vector<std::string> dictionary = {"mug", "pot", "tea", "mug"};  // "mug" twice
  const std::vector<uint32_t> codes = {1, 0, 3, 2, 1};
  column.AppendCoded(dictionary, codes);

  EXPECT_EQ(Rows(column),
            (std::vector<std::string>{"tea", "mug", "pot", "mug", "mug", "tea", "pot"}));
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{0, 1, 2, 1, 1, 0, 2}));
  EXPECT_EQ(column.value_count(), 3u);

  StringColumn empty;
  empty.AppendCoded(std::vector<std::string>{}, {});
  EXPECT_TRUE(empty.empty());
}

TEST(StringColumnTest, ClearForgetsRowsAndValues) {
  StringColumn column{"a", "b"};
  column.clear();
  EXPECT_TRUE(column.empty());
  EXPECT_EQ(column.value_count(), 0u);
  column.push_back("b");
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{0}));
  EXPECT_EQ(column[0], "b");
}

TEST(StringColumnTest, EqualityComparesRowsNotCodes) {
  StringColumn a{"x", "y"};
  StringColumn b;
  b.Intern("unused");
  b.push_back("x");
  b.push_back("y");
  EXPECT_EQ(a, b);
  EXPECT_NE(b.codes(), a.codes());
  b.push_back("x");
  EXPECT_FALSE(a == b);
  EXPECT_FALSE((StringColumn{"x", "z"}) == a);
}

}  // namespace
}  // namespace encore
