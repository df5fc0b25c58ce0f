// ValidatePipelineSpec against real plugins (testdata/) loaded by the plugin host.
#include <gtest/gtest.h>

#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_host.h"

namespace encore {
namespace {

class PipelineValidationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = new PluginHost();
    host_->LoadDirectory(CONFIG_TEST_PLUGIN_DIR);
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  static PipelineSpec Parse(const std::string& text) {
    Result<PipelineSpec> spec = ParsePipelineSpec(text);
    EXPECT_TRUE(spec.ok()) << spec.status().message();
    return spec.ok() ? *spec : PipelineSpec{};
  }

  // The message of a spec that parses but must not validate.
  static std::string ValidationError(const std::string& text) {
    const Status status = ValidatePipelineSpec(Parse(text), *host_);
    if (status.ok()) return "<valid>";
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    return status.message();
  }

  static PluginHost* host_;
};

PluginHost* PipelineValidationTest::host_ = nullptr;

constexpr const char* kValid = R"(name: daily
time_zone: Europe/London
as_of: 2021-10-31
sources:
  - name: orders
    plugin: config_test_source
    config:
      path: /data/orders.csv
      delimiter: ";"
      skip_rows: 2
methods:
  - name: rfm
    plugin: config_test_method
    config: {k: 5, weights: [1, 0.5, 2]}
)";

TEST_F(PipelineValidationTest, TestPluginsAreLoaded) {
  EXPECT_TRUE(host_->rejected().empty());
  ASSERT_EQ(host_->List().size(), 2u);
  EXPECT_TRUE(host_->Find("config_test_source").ok());
  EXPECT_TRUE(host_->Find("config_test_method").ok());
}

TEST_F(PipelineValidationTest, AcceptsAValidSpec) {
  const Status status = ValidatePipelineSpec(Parse(kValid), *host_);
  EXPECT_TRUE(status.ok()) << status.message();
}

TEST_F(PipelineValidationTest, UnknownPlugin) {
  const Result<PluginInfo> missing = host_->Find("csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ValidationError("name: daily\nsources: [{name: orders, plugin: csv}]\n"),
            "sources[0] (orders): " + missing.status().message());
}

TEST_F(PipelineValidationTest, PluginOfTheWrongKind) {
  EXPECT_EQ(ValidationError(R"(name: daily
sources:
  - {name: orders, plugin: config_test_source, config: {path: a.csv}}
  - {name: scores, plugin: config_test_method}
)"),
            "sources[1] (scores): plugin 'config_test_method' is a method plugin, not a source");
  EXPECT_EQ(ValidationError(R"(name: daily
sources: [{name: orders, plugin: config_test_source, config: {path: a.csv}}]
sinks: [{name: out, plugin: config_test_source, config: {path: b.csv}}]
)"),
            "sinks[0] (out): plugin 'config_test_source' is a source plugin, not a sink");
}

TEST_F(PipelineValidationTest, ConfigErrorsCarryTheHostMessageAndTheFieldPath) {
  struct Case {
    const char* config;
    nlohmann::json as_json;
    const char* key;  // the option the host's message must name
  };
  const Case cases[] = {
      {"{}", nlohmann::json::object(), "path"},
      {"{path: a.csv, skip_rows: \"5\"}", {{"path", "a.csv"}, {"skip_rows", "5"}}, "skip_rows"},
      {"{path: a.csv, delimiter: '|'}", {{"path", "a.csv"}, {"delimiter", "|"}}, "delimiter"},
      {"{path: a.csv, colour: red}", {{"path", "a.csv"}, {"colour", "red"}}, "colour"},
  };
  for (const Case& c : cases) {
    const Result<nlohmann::json> direct =
        host_->ValidateConfig("config_test_source", "orders", c.as_json);
    ASSERT_FALSE(direct.ok()) << c.config;
    EXPECT_NE(direct.status().message().find(c.key), std::string::npos)
        << direct.status().message();
    EXPECT_EQ(ValidationError(std::string("name: daily\nsources:\n  - name: orders\n"
                                          "    plugin: config_test_source\n    config: ") +
                              c.config + "\n"),
              "sources[0] (orders): " + direct.status().message());
  }
}

TEST_F(PipelineValidationTest, MethodConfigErrorsNameTheMethod) {
  const Result<nlohmann::json> direct =
      host_->ValidateConfig("config_test_method", "rfm", {{"k", 2.5}});
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(ValidationError(R"(name: daily
sources: [{name: orders, plugin: config_test_source, config: {path: a.csv}}]
methods: [{name: rfm, plugin: config_test_method, config: {k: 2.5}}]
)"),
            "methods[0] (rfm): " + direct.status().message());
}

// Rules only the plugin knows are checked at validation time too, by constructing the instance.
TEST_F(PipelineValidationTest, ConfigRefusedByThePluginItselfIsRefusedAtValidation) {
  const std::string message = ValidationError(R"(name: daily
sources: [{name: orders, plugin: config_test_source, config: {path: a.csv}}]
methods: [{name: rfm, plugin: config_test_method, config: {k: 4}}]
)");
  EXPECT_EQ(message.rfind("methods[0] (rfm): rfm (config_test_method from ", 0), 0u) << message;
  EXPECT_NE(message.find("): create failed: option 'k' must be 3 or 5, got 4"), std::string::npos)
      << message;
}

TEST_F(PipelineValidationTest, UnknownTimeZone) {
  EXPECT_EQ(ValidationError(R"(name: daily
time_zone: Europe/Atlantis
sources: [{name: orders, plugin: config_test_source, config: {path: a.csv}}]
)"),
            "time_zone: unknown time zone 'Europe/Atlantis' (expected an IANA name such as 'UTC' "
            "or 'Europe/Moscow')");
}

TEST_F(PipelineValidationTest, MalformedAsOf) {
  EXPECT_EQ(ValidationError(R"(name: daily
as_of: 2021-02-30
sources: [{name: orders, plugin: config_test_source, config: {path: a.csv}}]
)"),
            "as_of: '2021-02-30' is not 'latest', a date 'YYYY-MM-DD' or a local time "
            "'YYYY-MM-DDTHH:MM:SS'");
}

TEST_F(PipelineValidationTest, DuplicateNamesInASpecBuiltInCode) {
  PipelineSpec spec;
  spec.name = "daily";
  spec.sources.push_back({"orders", "config_test_source", {{"path", "a.csv"}}});
  spec.methods.push_back({"orders", "config_test_method", nlohmann::json::object()});
  const Status status = ValidatePipelineSpec(spec, *host_);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "methods[0] (orders): duplicate instance name 'orders'");
}

}  // namespace
}  // namespace encore
