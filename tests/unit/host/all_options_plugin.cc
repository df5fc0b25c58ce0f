// Test plugin for the host's option handling: a sink that declares one option of every type,
// allowed values, a required key and a secret. It logs what it received (never the secret) and
// refuses path "refuse" from its constructor, so create() failures can be tested too.
#include <encore/sdk/plugin.hpp>

#include <string>

namespace encore::plugins::all_options {

const encore_option_v1 kOptions[] = {
    encore::sdk::RequiredOption("path", ENCORE_OPTION_STRING, "Where to write."),
    encore::sdk::Option("mode", ENCORE_OPTION_STRING, "\"safe\"", "How to write.", "fast|safe"),
    encore::sdk::Option("limit", ENCORE_OPTION_INT, "10", "Rows per batch."),
    encore::sdk::Option("ratio", ENCORE_OPTION_DOUBLE, "0.5", "Share of rows kept."),
    encore::sdk::Option("verbose", ENCORE_OPTION_BOOL, "false", "Log every batch."),
    encore::sdk::Option("tags", ENCORE_OPTION_STRING_LIST, "[]", "Labels to attach."),
    encore::sdk::Option("extra", ENCORE_OPTION_OBJECT, "{}", "Free-form settings."),
    encore::sdk::Option("ids", ENCORE_OPTION_INT_LIST, nullptr, "Customer ids to skip."),
    encore::sdk::Option("weights", ENCORE_OPTION_DOUBLE_LIST, "[1, 2.5]", "Column weights."),
    encore::sdk::SecretOption("token", 0, "API token."),
};

class AllOptionsSink : public encore::sdk::Sink {
 public:
  explicit AllOptionsSink(const encore::sdk::PluginContext& context) : Sink(context) {
    const encore::sdk::Config& config = context.config;
    if (config.string("path") == "refuse")
      throw encore::sdk::ConfigError("path 'refuse' is refused");
    log().info("created: path=" + config.string("path") + " mode=" + config.string("mode") +
               " limit=" + std::to_string(config.integer("limit")) +
               " has_token=" + (config.has("token") ? "yes" : "no"));
  }
  ~AllOptionsSink() override { log().info("destroyed"); }

  void write(encore_table_kind, const encore::sdk::Table&) override {}
};

}  // namespace encore::plugins::all_options

ENCORE_PLUGIN(encore::plugins::all_options::AllOptionsSink, "all_options", "0.1.0",
              "Declares one option of every type.", encore::plugins::all_options::kOptions)
