// Built with the SDK wrapper: loads fine, but its constructor throws. The wrapper turns that
// into ENCORE_FATAL and the message; the host must report it and keep working.
#include <encore/sdk/plugin.hpp>

#include <stdexcept>

namespace encore::plugins::abi_throwing {

const encore_option_v1 kOptions[] = {
    encore::sdk::Option("retries", ENCORE_OPTION_INT, "3", "How often to retry."),
};

class ThrowingSink : public encore::sdk::Sink {
 public:
  explicit ThrowingSink(const encore::sdk::PluginContext& context) : Sink(context) {
    throw std::runtime_error("boom: cannot start");
  }
  void write(encore_table_kind, const encore::sdk::Table&) override {}
};

}  // namespace encore::plugins::abi_throwing

ENCORE_PLUGIN(encore::plugins::abi_throwing::ThrowingSink, "abi_throwing", "0.0.1",
              "A sink whose constructor always throws.", encore::plugins::abi_throwing::kOptions)
