// A source plugin that only exists to be validated against: its option table exercises a
// required string, an allowed-values string, an integer with a default and a secret.
#include <encore/sdk/plugin.hpp>

namespace encore::plugins::config_test_source {

constexpr encore_option_v1 kOptions[] = {
    sdk::RequiredOption("path", ENCORE_OPTION_STRING, "File to read."),
    sdk::Option("delimiter", ENCORE_OPTION_STRING, "\",\"", "Field separator.", ",|;|tab"),
    sdk::Option("skip_rows", ENCORE_OPTION_INT, "0", "Rows to skip before the header."),
    sdk::SecretOption("token", 0, "Access token."),
};

class ConfigTestSource : public sdk::Source {
 public:
  using Source::Source;
  void read(sdk::SourceContext&) override {}
};

}  // namespace encore::plugins::config_test_source

ENCORE_PLUGIN(encore::plugins::config_test_source::ConfigTestSource, "config_test_source", "1.0.0",
              "Source used by the pipeline spec validation tests.",
              encore::plugins::config_test_source::kOptions)
