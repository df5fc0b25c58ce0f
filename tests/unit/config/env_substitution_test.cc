// ${VAR} substitution: the string rules, then how it behaves inside a spec.
#include "daemon/config/env_substitution.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>

#include "daemon/config/pipeline_spec.h"

namespace encore {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const EnvLookup kEnv = FakeEnv({{"HOME_DIR", "/srv/encore"}, {"EMPTY", ""}, {"N", "7"}});

std::string Substituted(const std::string& value) {
  Result<std::string> out = SubstituteEnv(value, kEnv);
  EXPECT_TRUE(out.ok()) << out.status().message();
  return out.ok() ? *out : "<error>";
}

std::string SubstitutionError(const std::string& value) {
  Result<std::string> out = SubstituteEnv(value, kEnv);
  if (out.ok()) return "<substituted: " + *out + ">";
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  return out.status().message();
}

TEST(EnvSubstitutionTest, ReplacesVariables) {
  EXPECT_EQ(Substituted("${HOME_DIR}/data/${N}.csv"), "/srv/encore/data/7.csv");
  EXPECT_EQ(Substituted("${N}${N}"), "77");
  EXPECT_EQ(Substituted("[${EMPTY}]"), "[]");
  EXPECT_EQ(Substituted("no placeholders"), "no placeholders");
}

TEST(EnvSubstitutionTest, DefaultWhenUnsetOrEmpty) {
  EXPECT_EQ(Substituted("${MISSING:-/tmp/out}"), "/tmp/out");
  EXPECT_EQ(Substituted("${EMPTY:-fallback}"), "fallback");
  EXPECT_EQ(Substituted("${N:-9}"), "7");
  EXPECT_EQ(Substituted("${MISSING:-}"), "");
  EXPECT_EQ(Substituted("${MISSING:-a:-b $x}"), "a:-b $x");
}

TEST(EnvSubstitutionTest, DoubleDollarEscapesAPlaceholder) {
  EXPECT_EQ(Substituted("$${HOME_DIR}"), "${HOME_DIR}");
  EXPECT_EQ(Substituted("price in $$ and $5"), "price in $$ and $5");
  // Only "$${" is an escape; dollars before it are literal.
  EXPECT_EQ(Substituted("$$${N}"), "$${N}");
  EXPECT_EQ(Substituted("$${N}${N}"), "${N}7");
}

TEST(EnvSubstitutionTest, Errors) {
  EXPECT_EQ(SubstitutionError("${MISSING}"), "environment variable 'MISSING' is not set");
  EXPECT_EQ(SubstitutionError("a${N"), "unterminated '${' (write '$${' for a literal '${')");
  EXPECT_EQ(SubstitutionError("${}"),
            "invalid environment variable name '' (letters, digits and '_', not starting with a "
            "digit)");
  EXPECT_EQ(SubstitutionError("${1N}"),
            "invalid environment variable name '1N' (letters, digits and '_', not starting with "
            "a digit)");
  EXPECT_EQ(SubstitutionError("${A-B}"),
            "invalid environment variable name 'A-B' (letters, digits and '_', not starting with "
            "a digit)");
}

TEST(EnvSubstitutionTest, ReadsTheProcessEnvironment) {
  ::setenv("ENCORE_CONFIG_TEST_SET", "value", 1);
  ::unsetenv("ENCORE_CONFIG_TEST_UNSET");
  EXPECT_EQ(ProcessEnv("ENCORE_CONFIG_TEST_SET"), std::optional<std::string>("value"));
  EXPECT_EQ(ProcessEnv("ENCORE_CONFIG_TEST_UNSET"), std::nullopt);
}

// ---- Inside a spec ----

class SpecEnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("ENCORE_TEST_DIR", "/srv/data", 1);
    ::setenv("ENCORE_TEST_PORT", "5432", 1);
    ::setenv("ENCORE_TEST_EMPTY", "", 1);
    ::setenv("ENCORE_TEST_YAMLISH", "a: b\n- [c]", 1);
    ::setenv("ENCORE_TEST_NAME", "nightly", 1);
    ::unsetenv("ENCORE_TEST_UNSET");
  }
  void TearDown() override {
    for (const char* name : {"ENCORE_TEST_DIR", "ENCORE_TEST_PORT", "ENCORE_TEST_EMPTY",
                             "ENCORE_TEST_YAMLISH", "ENCORE_TEST_NAME"}) {
      ::unsetenv(name);
    }
  }
};

constexpr const char* kSpec = R"(name: ${ENCORE_TEST_NAME}
sources:
  - name: orders
    plugin: csv
    config:
      path: ${ENCORE_TEST_DIR}/orders.csv
      port: ${ENCORE_TEST_PORT}
      port_text: "${ENCORE_TEST_PORT}"
      empty: ${ENCORE_TEST_EMPTY}
      fallback: ${ENCORE_TEST_UNSET:-/tmp/out}
      fallback_number: ${ENCORE_TEST_UNSET:-100}
      literal: $${ENCORE_TEST_DIR}
      yamlish: ${ENCORE_TEST_YAMLISH}
      list:
        - ${ENCORE_TEST_DIR}
        - x
      # inside flow collections ([...] / {...}) a placeholder must be quoted: '{' is syntax there
      flow: ["${ENCORE_TEST_DIR}", x]
)";

TEST_F(SpecEnvTest, SubstitutesValuesAndKeepsTheOriginalText) {
  Result<PipelineSpec> spec = ParsePipelineSpec(kSpec);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "nightly");
  const nlohmann::json& config = spec->sources[0].config;
  EXPECT_EQ(config["path"], nlohmann::json("/srv/data/orders.csv"));
  EXPECT_TRUE(config["port"].is_number_integer());
  EXPECT_EQ(config["port"].get<int64_t>(), 5432);
  EXPECT_EQ(config["port_text"], nlohmann::json("5432"));
  EXPECT_EQ(config["empty"], nlohmann::json(""));
  EXPECT_EQ(config["fallback"], nlohmann::json("/tmp/out"));
  EXPECT_EQ(config["fallback_number"], nlohmann::json(100));
  EXPECT_EQ(config["literal"], nlohmann::json("${ENCORE_TEST_DIR}"));
  // A value is never parsed as YAML: it cannot add keys or change the structure.
  EXPECT_EQ(config["yamlish"], nlohmann::json("a: b\n- [c]"));
  EXPECT_EQ(config["list"], nlohmann::json({"/srv/data", "x"}));
  EXPECT_EQ(config["flow"], nlohmann::json({"/srv/data", "x"}));
  EXPECT_EQ(spec->text, kSpec);
}

TEST_F(SpecEnvTest, UnsetVariableNamesVariableAndField) {
  Result<PipelineSpec> spec = ParsePipelineSpec(R"(name: daily
sources:
  - name: orders
    plugin: csv
    config:
      path: ${ENCORE_TEST_UNSET}/orders.csv
)");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(spec.status().message(),
            "line 6: sources[0].config.path: environment variable 'ENCORE_TEST_UNSET' is not set");
}

TEST_F(SpecEnvTest, ErrorsInTopLevelAndNestedFields) {
  Result<PipelineSpec> spec = ParsePipelineSpec(
      "name: daily\ntime_zone: ${ENCORE_TEST_UNSET}\nsources: [{name: a, plugin: csv}]\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(),
            "line 2: time_zone: environment variable 'ENCORE_TEST_UNSET' is not set");

  spec = ParsePipelineSpec(
      "name: daily\nsources:\n  - name: a\n    plugin: csv\n    config:\n      list:\n"
      "        - ok\n        - ${BAD\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(),
            "line 8: sources[0].config.list[1]: unterminated '${' (write '$${' for a literal "
            "'${')");
}

}  // namespace
}  // namespace encore
