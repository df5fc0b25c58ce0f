// The plugin's descriptor and option table, as the daemon sees them.
#include <cstring>
#include <map>

#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

TEST(CsvDescriptor, IsASourceNamedCsv) {
  const encore_plugin_v1& d = CsvPlugin().descriptor();
  EXPECT_EQ(d.abi_major, static_cast<uint32_t>(ENCORE_ABI_MAJOR));
  EXPECT_EQ(d.kind, ENCORE_KIND_SOURCE);
  EXPECT_STREQ(d.name, "csv");
  EXPECT_GT(std::strlen(d.description), 0u);
}

TEST(CsvDescriptor, DeclaresEveryOptionWithDefaultsAndDescriptions) {
  const encore_plugin_v1& d = CsvPlugin().descriptor();
  struct Expected {
    int32_t type;
    int32_t required;
    const char* default_json;
    const char* allowed;
  };
  const std::map<std::string, Expected> expected = {
      {"path", {ENCORE_OPTION_STRING, 1, nullptr, nullptr}},
      {"columns", {ENCORE_OPTION_OBJECT, 0, "{}", nullptr}},
      {"delimiter", {ENCORE_OPTION_STRING, 0, "\",\"", nullptr}},
      {"date_format",
       {ENCORE_OPTION_STRING, 0, "\"iso8601\"",
        "iso8601|dd.MM.yyyy HH:mm[:ss]|M/d/yyyy H:mm|unix"}},
      {"time_zone", {ENCORE_OPTION_STRING, 0, "\"UTC\"", nullptr}},
      {"decimal_separator", {ENCORE_OPTION_STRING, 0, "\".\"", ".|,"}},
      {"currency", {ENCORE_OPTION_STRING, 0, "\"\"", nullptr}},
      {"minor_units", {ENCORE_OPTION_INT, 0, "2", nullptr}},
      {"missing_customer", {ENCORE_OPTION_STRING, 0, "\"skip\"", "skip|fail"}},
      {"on_error", {ENCORE_OPTION_STRING, 0, "\"fail\"", "fail|skip"}},
      {"normalize_ids", {ENCORE_OPTION_BOOL, 0, "true", nullptr}},
  };
  ASSERT_EQ(d.option_count, expected.size());
  for (size_t i = 0; i < d.option_count; ++i) {
    const encore_option_v1& o = d.options[i];
    SCOPED_TRACE(o.name);
    auto it = expected.find(o.name);
    ASSERT_NE(it, expected.end());
    EXPECT_EQ(o.type, it->second.type);
    EXPECT_EQ(o.required, it->second.required);
    EXPECT_EQ(o.secret, 0);
    if (it->second.default_json == nullptr) {
      EXPECT_EQ(o.default_json, nullptr);
    } else {
      ASSERT_NE(o.default_json, nullptr);
      EXPECT_STREQ(o.default_json, it->second.default_json);
      EXPECT_NO_THROW(nlohmann::json::parse(o.default_json));
    }
    if (it->second.allowed == nullptr) {
      EXPECT_EQ(o.allowed, nullptr);
    } else {
      ASSERT_NE(o.allowed, nullptr);
      EXPECT_STREQ(o.allowed, it->second.allowed);
    }
    ASSERT_NE(o.description, nullptr);
    EXPECT_GT(std::strlen(o.description), 10u);
  }
}

TEST(CsvDescriptor, MinimalConfigIsAcceptedAndEmptyOneRefused) {
  int32_t status = 0;
  std::string message;
  EXPECT_NE(CsvPlugin().TryCreate({{"path", "/nonexistent/orders.csv"}}, &status, &message),
            nullptr)
      << message;
  EXPECT_EQ(CsvPlugin().TryCreate(nlohmann::json::object(), &status, &message), nullptr);
  EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
  EXPECT_EQ(message, "option 'path' is missing");
}

}  // namespace
}  // namespace encore::plugins::csv::testing
