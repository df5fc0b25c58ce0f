// The one healthy plugin among the ABI test plugins (SDK wrapper, method): counts the customers
// with at least one visible order, so a test can show the host still loads and runs plugins
// after refusing the broken ones.
#include <encore/sdk/plugin.hpp>

#include <string>

namespace encore::plugins::abi_good {

const encore_option_v1 kOptions[] = {
    encore::sdk::Option("metric", ENCORE_OPTION_STRING, "\"abi_good.active_customers\"",
                        "Name of the metric to put."),
};

class ActiveCustomers : public encore::sdk::Method {
 public:
  explicit ActiveCustomers(const encore::sdk::PluginContext& context)
      : Method(context), metric_(context.config.string("metric")) {}

  void run(const encore::sdk::Dataset& dataset, encore::sdk::MethodContext& context) override {
    int64_t active = 0;
    for (size_t c = 0; c < dataset.customer_count(); ++c) {
      if (dataset.end_order(c) > dataset.first_order(c)) ++active;
    }
    context.put_metric(metric_, static_cast<double>(active), "customers");
    log().info("counted " + std::to_string(active) + " active customers");
  }

 private:
  std::string metric_;
};

}  // namespace encore::plugins::abi_good

ENCORE_PLUGIN(encore::plugins::abi_good::ActiveCustomers, "abi_good", "1.2.3",
              "Counts customers with at least one order.", encore::plugins::abi_good::kOptions)
