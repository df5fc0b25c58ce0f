// The option table on its own: reading a plugin's C table (and refusing malformed ones) and the
// type rules configs are checked with.
#include "daemon/host/option_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace encore {
namespace {

using nlohmann::json;

encore_option_v1 Opt(const char* name, int32_t type, const char* default_json = nullptr,
                     const char* allowed = nullptr) {
  return encore_option_v1{name, type, 0, 0, default_json, allowed, "d"};
}

std::string TableError(const std::vector<encore_option_v1>& options) {
  auto table = ReadOptionTable(options.data(), options.size());
  return table.ok() ? "ok" : table.status().message();
}

TEST(JsonTypeName, TellsIntegersFromOtherNumbers) {
  EXPECT_EQ(JsonTypeName(json(3)), "integer");
  EXPECT_EQ(JsonTypeName(json(3u)), "integer");
  EXPECT_EQ(JsonTypeName(json(1.5)), "number");
  EXPECT_EQ(JsonTypeName(json("x")), "string");
  EXPECT_EQ(JsonTypeName(json(true)), "boolean");
  EXPECT_EQ(JsonTypeName(json(nullptr)), "null");
  EXPECT_EQ(JsonTypeName(json::array()), "array");
  EXPECT_EQ(JsonTypeName(json::object()), "object");
}

TEST(TypeMismatch, AcceptsEachTypesValues) {
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_STRING, json("a")), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_INT, json(-4)), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_DOUBLE, json(2)), std::nullopt);  // integers are numbers
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_DOUBLE, json(2.5)), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_BOOL, json(false)), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_STRING_LIST, json::array()), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_STRING_LIST, json{"a", "b"}), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_OBJECT, json{{"k", 1}}), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_INT_LIST, json{1, 2}), std::nullopt);
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_DOUBLE_LIST, json{1, 2.5}), std::nullopt);
}

TEST(TypeMismatch, SaysWhatWasGivenInstead) {
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_STRING, json(1)), "got integer");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_INT, json(1.5)), "got number");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_INT, json("1")), "got string");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_DOUBLE, json("1.5")), "got string");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_BOOL, json(1)), "got integer");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_OBJECT, json::array()), "got array");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_STRING_LIST, json("a")), "got string");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_STRING_LIST, json{"a", 2}), "got integer at index 1");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_INT_LIST, json{1, 2, 3.5}), "got number at index 2");
  EXPECT_EQ(TypeMismatch(ENCORE_OPTION_DOUBLE_LIST, json{nullptr}), "got null at index 0");
}

TEST(ReadOptionTable, ConvertsAWellFormedTable) {
  const std::vector<encore_option_v1> raw = {
      {"mode", ENCORE_OPTION_STRING, 1, 0, "\"a\"", "a|b|c", "The mode."},
      {"token", ENCORE_OPTION_STRING, 0, 1, nullptr, nullptr, nullptr},
  };
  auto table = ReadOptionTable(raw.data(), raw.size());
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->size(), 2u);
  const OptionInfo& mode = (*table)[0];
  EXPECT_EQ(mode.name, "mode");
  EXPECT_EQ(mode.type, ENCORE_OPTION_STRING);
  EXPECT_TRUE(mode.required);
  EXPECT_FALSE(mode.secret);
  EXPECT_EQ(mode.default_json, "\"a\"");
  EXPECT_EQ(mode.allowed, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(mode.description, "The mode.");
  const OptionInfo& token = (*table)[1];
  EXPECT_TRUE(token.secret);
  EXPECT_EQ(token.default_json, "");
  EXPECT_TRUE(token.allowed.empty());
  EXPECT_EQ(token.description, "");
}

TEST(ReadOptionTable, AnEmptyTableIsFine) {
  auto table = ReadOptionTable(nullptr, 0);
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->empty());
}

TEST(ReadOptionTable, RefusesMalformedTables) {
  EXPECT_EQ(TableError({Opt(nullptr, ENCORE_OPTION_INT)}), "option 0 has no name");
  EXPECT_EQ(TableError({Opt("Path", ENCORE_OPTION_STRING)}),
            "option 'Path' has an invalid name (use a-z, 0-9 and _)");
  EXPECT_EQ(TableError({Opt("", ENCORE_OPTION_STRING)}),
            "option '' has an invalid name (use a-z, 0-9 and _)");
  EXPECT_EQ(TableError({Opt("size", 9)}), "option 'size' has unknown type 9");
  EXPECT_EQ(TableError({Opt("size", ENCORE_OPTION_INT), Opt("size", ENCORE_OPTION_INT)}),
            "option 'size' is declared twice");
  EXPECT_EQ(TableError({Opt("size", ENCORE_OPTION_INT, nullptr, "1|2")}),
            "option 'size' lists allowed values but is not a string option");
  EXPECT_EQ(TableError({Opt("mode", ENCORE_OPTION_STRING, nullptr, "a||b")}),
            "option 'mode' has an empty allowed value in 'a||b'");
  EXPECT_EQ(TableError({Opt("size", ENCORE_OPTION_INT, "ten")}),
            "option 'size': default ten is not valid JSON");
  EXPECT_EQ(TableError({Opt("size", ENCORE_OPTION_INT, "1.5")}),
            "option 'size': default 1.5 must be an integer, got number");
  EXPECT_EQ(TableError({Opt("ids", ENCORE_OPTION_INT_LIST, "[1, \"2\"]")}),
            "option 'ids': default [1, \"2\"] must be a list of integers, got string at index 1");
  EXPECT_EQ(TableError({Opt("mode", ENCORE_OPTION_STRING, "\"c\"", "a|b")}),
            "option 'mode': default \"c\" must be one of a|b");

  auto missing = ReadOptionTable(nullptr, 2);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "option_count is 2 but options is null");
}

TEST(CheckConfig, NullMeansNoOptionsGiven) {
  const std::vector<encore_option_v1> raw = {Opt("limit", ENCORE_OPTION_INT, "5")};
  auto table = ReadOptionTable(raw.data(), raw.size());
  ASSERT_TRUE(table.ok());
  auto config = CheckConfig(*table, json(nullptr), "x (p)");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(*config, (json{{"limit", 5}}));
}

TEST(CheckConfig, UnknownKeyWithNoDeclaredOptions) {
  auto config = CheckConfig({}, json{{"limit", 5}}, "x (p)");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), "x (p): unknown option 'limit' (known: none)");
}

TEST(RedactSecrets, ReplacesOnlySecretsThatArePresent) {
  const std::vector<encore_option_v1> raw = {
      {"token", ENCORE_OPTION_STRING, 0, 1, nullptr, nullptr, "t"},
      {"password", ENCORE_OPTION_STRING, 0, 1, nullptr, nullptr, "p"},
      {"user", ENCORE_OPTION_STRING, 0, 0, nullptr, nullptr, "u"},
  };
  auto table = ReadOptionTable(raw.data(), raw.size());
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(RedactSecrets(*table, json{{"token", "abc"}, {"user", "ann"}}),
            (json{{"token", "***"}, {"user", "ann"}}));
  EXPECT_EQ(RedactSecrets(*table, json("not an object")), json("not an object"));
}

}  // namespace
}  // namespace encore
