// A method plugin for the managers tests only: it puts the score columns its configuration
// lists, by customer id, standing in for a segments method that runs before managers.
//
//   {"columns": [{"name": "segment", "type": "str", "values": {"alice": "champions"}},
//                {"name": "segment_rank", "type": "i64", "values": {"alice": 1}}]}
//
// Customers a column does not list get "" (str), 0 (i64) or null (f64).
#include <encore/sdk/plugin.hpp>

#include <map>
#include <string>
#include <vector>

namespace encore::plugins::managers_test {
namespace {

constexpr encore_option_v1 kOptions[] = {
    sdk::RequiredOption("columns", ENCORE_OPTION_OBJECT, "Score columns to put."),
};

class TestScores : public sdk::Method {
 public:
  explicit TestScores(const sdk::PluginContext& context)
      : Method(context), columns_(context.config.json().at("columns")) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const size_t n = dataset.customer_count();
    for (const nlohmann::json& column : columns_) {
      const std::string name = column.at("name");
      const std::string type = column.at("type");
      std::map<std::string, nlohmann::json> values = column.at("values");
      if (type == "str") {
        std::vector<std::string> out(n);
        for (size_t c = 0; c < n; ++c) {
          auto it = values.find(std::string(dataset.customer_key(c)));
          if (it != values.end()) out[c] = it->second.get<std::string>();
        }
        context.put_scores(name, out);
      } else if (type == "i64") {
        std::vector<int64_t> out(n, 0);
        for (size_t c = 0; c < n; ++c) {
          auto it = values.find(std::string(dataset.customer_key(c)));
          if (it != values.end()) out[c] = it->second.get<int64_t>();
        }
        context.put_scores(name, out);
      } else {
        std::vector<double> out(n, 0.0);
        std::vector<uint8_t> null_mask(n, 1);
        for (size_t c = 0; c < n; ++c) {
          auto it = values.find(std::string(dataset.customer_key(c)));
          if (it == values.end()) continue;
          out[c] = it->second.get<double>();
          null_mask[c] = 0;
        }
        context.put_scores(name, out, null_mask);
      }
    }
  }

 private:
  nlohmann::json columns_;
};

}  // namespace
}  // namespace encore::plugins::managers_test

ENCORE_PLUGIN(encore::plugins::managers_test::TestScores, "managers_test_scores", "1.0.0",
              "Tests only: puts the score columns of its configuration.",
              encore::plugins::managers_test::kOptions)
