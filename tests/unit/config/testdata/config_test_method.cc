// A method plugin that only exists to be validated against (and to be misplaced in sources).
#include <encore/sdk/plugin.hpp>

namespace encore::plugins::config_test_method {

constexpr encore_option_v1 kOptions[] = {
    sdk::Option("k", ENCORE_OPTION_INT, "3", "Number of score levels."),
    sdk::Option("weights", ENCORE_OPTION_DOUBLE_LIST, "[1.0, 1.0, 1.0]", "R, F, M weights."),
};

class ConfigTestMethod : public sdk::Method {
 public:
  // A rule the option table cannot express, checked where plugins check such rules.
  explicit ConfigTestMethod(const sdk::PluginContext& context) : Method(context) {
    const int64_t k = context.config.integer("k");
    if (k != 3 && k != 5) {
      throw sdk::ConfigError("option 'k' must be 3 or 5, got " + std::to_string(k));
    }
  }
  void run(const sdk::Dataset&, sdk::MethodContext&) override {}
};

}  // namespace encore::plugins::config_test_method

ENCORE_PLUGIN(encore::plugins::config_test_method::ConfigTestMethod, "config_test_method", "1.0.0",
              "Method used by the pipeline spec validation tests.",
              encore::plugins::config_test_method::kOptions)
