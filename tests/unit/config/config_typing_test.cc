// How YAML scalars in a plugin config become JSON values (YAML 1.2 core schema).
#include <gtest/gtest.h>

#include "daemon/config/pipeline_spec.h"

namespace encore {
namespace {

// Parses a spec whose only source has `config_lines` (already indented by 6) as its config.
Result<PipelineSpec> WithConfig(const std::string& config_lines) {
  return ParsePipelineSpec(
      "name: typing\nsources:\n  - name: orders\n    plugin: csv\n"
      "    config:\n" +
      config_lines);
}

nlohmann::json ConfigOf(const std::string& config_lines) {
  Result<PipelineSpec> spec = WithConfig(config_lines);
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return spec.ok() ? spec->sources[0].config : nlohmann::json();
}

std::string ConfigError(const std::string& config_lines) {
  Result<PipelineSpec> spec = WithConfig(config_lines);
  if (spec.ok()) return "<parsed>";
  EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
  return spec.status().message();
}

TEST(ConfigTypingTest, Integers) {
  const nlohmann::json config = ConfigOf(
      "      a: 5\n      b: -17\n      c: +3\n      d: 0x1F\n      e: 0o17\n      f: 007\n"
      "      g: 9223372036854775807\n      h: -9223372036854775808\n"
      "      i: 18446744073709551615\n");
  for (const char* key : {"a", "b", "c", "d", "e", "f", "g", "h"}) {
    EXPECT_TRUE(config[key].is_number_integer()) << key;
  }
  EXPECT_EQ(config["a"].get<int64_t>(), 5);
  EXPECT_EQ(config["b"].get<int64_t>(), -17);
  EXPECT_EQ(config["c"].get<int64_t>(), 3);
  EXPECT_EQ(config["d"].get<int64_t>(), 31);
  EXPECT_EQ(config["e"].get<int64_t>(), 15);
  EXPECT_EQ(config["f"].get<int64_t>(), 7);
  EXPECT_EQ(config["g"].get<int64_t>(), INT64_MAX);
  EXPECT_EQ(config["h"].get<int64_t>(), INT64_MIN);
  EXPECT_TRUE(config["i"].is_number_unsigned());
  EXPECT_EQ(config["i"].get<uint64_t>(), UINT64_MAX);
}

TEST(ConfigTypingTest, Floats) {
  const nlohmann::json config = ConfigOf(
      "      a: 1.5\n      b: -0.25\n      c: 1e3\n      d: .5\n      e: 2.\n"
      "      f: 6.02E+23\n");
  for (const char* key : {"a", "b", "c", "d", "e", "f"}) {
    EXPECT_TRUE(config[key].is_number_float()) << key;
  }
  EXPECT_EQ(config["a"].get<double>(), 1.5);
  EXPECT_EQ(config["b"].get<double>(), -0.25);
  EXPECT_EQ(config["c"].get<double>(), 1000.0);
  EXPECT_EQ(config["d"].get<double>(), 0.5);
  EXPECT_EQ(config["e"].get<double>(), 2.0);
  EXPECT_EQ(config["f"].get<double>(), 6.02e23);
}

TEST(ConfigTypingTest, BooleansAndNulls) {
  const nlohmann::json config = ConfigOf(
      "      a: true\n      b: False\n      c: TRUE\n      d: ~\n      e: null\n      f:\n"
      "      g: NULL\n");
  EXPECT_EQ(config["a"], nlohmann::json(true));
  EXPECT_EQ(config["b"], nlohmann::json(false));
  EXPECT_EQ(config["c"], nlohmann::json(true));
  for (const char* key : {"d", "e", "f", "g"}) {
    ASSERT_TRUE(config.contains(key)) << key;
    EXPECT_TRUE(config[key].is_null()) << key;
  }
}

TEST(ConfigTypingTest, QuotedScalarsStayStrings) {
  const nlohmann::json config = ConfigOf(
      "      a: \"5\"\n      b: '1.5'\n      c: \"true\"\n      d: 'null'\n      e: \"\"\n"
      "      f: |\n        two\n        lines\n");
  EXPECT_EQ(config["a"], nlohmann::json("5"));
  EXPECT_EQ(config["b"], nlohmann::json("1.5"));
  EXPECT_EQ(config["c"], nlohmann::json("true"));
  EXPECT_EQ(config["d"], nlohmann::json("null"));
  EXPECT_EQ(config["e"], nlohmann::json(""));
  EXPECT_EQ(config["f"], nlohmann::json("two\nlines\n"));
}

TEST(ConfigTypingTest, Yaml11LookalikesArePlainStrings) {
  const nlohmann::json config = ConfigOf(
      "      a: yes\n      b: off\n      c: 1_000\n      d: 2011-12-10\n      e: 12:30\n"
      "      f: 0x\n      g: 1.2.3\n      h: /data/orders.csv\n");
  EXPECT_EQ(config, nlohmann::json({{"a", "yes"},
                                    {"b", "off"},
                                    {"c", "1_000"},
                                    {"d", "2011-12-10"},
                                    {"e", "12:30"},
                                    {"f", "0x"},
                                    {"g", "1.2.3"},
                                    {"h", "/data/orders.csv"}}));
}

TEST(ConfigTypingTest, SequencesAndMappingsNest) {
  const nlohmann::json config = ConfigOf(
      "      columns: [order_id, \"2\", 3, 4.5, false, ~]\n"
      "      mapping:\n        customer: {column: CustomerID, required: true}\n"
      "        thresholds:\n          - 30\n          - 90\n");
  EXPECT_EQ(config.dump(), R"({"columns":["order_id","2",3,4.5,false,null],)"
                           R"("mapping":{"customer":{"column":"CustomerID","required":true},)"
                           R"("thresholds":[30,90]}})");
}

TEST(ConfigTypingTest, ExplicitCoreTags) {
  const nlohmann::json config = ConfigOf(
      "      a: !!str 5\n      b: !!float 5\n      c: !!int \"7\"\n      d: !!bool \"true\"\n"
      "      e: !!null \"\"\n");
  EXPECT_EQ(config["a"], nlohmann::json("5"));
  EXPECT_TRUE(config["b"].is_number_float());
  EXPECT_EQ(config["b"].get<double>(), 5.0);
  EXPECT_TRUE(config["c"].is_number_integer());
  EXPECT_EQ(config["c"].get<int64_t>(), 7);
  EXPECT_EQ(config["d"], nlohmann::json(true));
  EXPECT_TRUE(config["e"].is_null());
}

TEST(ConfigTypingTest, Errors) {
  EXPECT_EQ(ConfigError("      a: .inf\n"),
            "line 6: sources[0].config.a: '.inf' cannot be represented in JSON");
  EXPECT_EQ(ConfigError("      a: -.Inf\n"),
            "line 6: sources[0].config.a: '-.Inf' cannot be represented in JSON");
  EXPECT_EQ(ConfigError("      a: .nan\n"),
            "line 6: sources[0].config.a: '.nan' cannot be represented in JSON");
  EXPECT_EQ(ConfigError("      a: 18446744073709551616\n"),
            "line 6: sources[0].config.a: number '18446744073709551616' is out of range");
  EXPECT_EQ(ConfigError("      a: -9223372036854775809\n"),
            "line 6: sources[0].config.a: number '-9223372036854775809' is out of range");
  EXPECT_EQ(ConfigError("      a: 1e999\n"),
            "line 6: sources[0].config.a: number '1e999' is out of range");
  EXPECT_EQ(ConfigError("      a: !!int five\n"),
            "line 6: sources[0].config.a: 'five' is not an integer");
  EXPECT_EQ(ConfigError("      a: !custom x\n"),
            "line 6: sources[0].config.a: unsupported tag '!custom'");
  EXPECT_EQ(ConfigError("      list:\n        - ok\n        - !!bool maybe\n"),
            "line 8: sources[0].config.list[1]: 'maybe' is not a boolean");
  EXPECT_EQ(ConfigError("      ? [a, b]\n      : 1\n"),
            "line 6: sources[0].config: mapping keys must be plain strings");
}

TEST(ConfigTypingTest, AliasExpansionIsBounded) {
  // Ten levels of ten-fold aliases would expand to 10^10 values.
  std::string spec = "name: typing\nsources:\n  - name: orders\n    plugin: csv\n    config:\n";
  spec += "      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string prev = "*l" + std::to_string(level - 1);
    spec += "      l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) spec += (i ? ", " : "") + prev;
    spec += "]\n";
  }
  Result<PipelineSpec> parsed = ParsePipelineSpec(spec);
  ASSERT_FALSE(parsed.ok());
  // The line is where the aliased value was defined.
  EXPECT_EQ(parsed.status().message(),
            "line 6: sources[0].config.l4[7][8][8][8][9]: the spec has too many values (aliases?)");
}

}  // namespace
}  // namespace encore
