#include "plugins/methods/rfm/rfm_options.h"

#include <string>

namespace encore::plugins::rfm {
namespace {

std::vector<int64_t> ParseBorderList(const nlohmann::json& borders, const std::string& key,
                                     const std::string& unit, int k) {
  const std::string name = "borders." + key;
  if (!borders.contains(key)) {
    throw sdk::ConfigError("option '" + name + "' is missing: give " + std::to_string(k - 1) +
                           " ascending " + unit);
  }
  const nlohmann::json& list = borders.at(key);
  if (!list.is_array() || list.size() != static_cast<size_t>(k - 1)) {
    throw sdk::ConfigError("option '" + name + "' must be a list of " + std::to_string(k - 1) +
                           " ascending " + unit + " for k = " + std::to_string(k) + ", got " +
                           list.dump());
  }
  std::vector<int64_t> values;
  for (const nlohmann::json& item : list) {
    if (!item.is_number_integer()) {
      throw sdk::ConfigError("option '" + name + "' must hold whole numbers (" + unit + "), got " +
                             item.dump());
    }
    values.push_back(item.get<int64_t>());
    // Equal neighbours are allowed (that band is then empty), so the borders a quantile run
    // reports can always be pasted back as fixed borders.
    if (values.size() > 1 && values[values.size() - 2] > values.back()) {
      throw sdk::ConfigError("option '" + name + "' must be ascending, got " + list.dump());
    }
  }
  return values;
}

}  // namespace

RfmOptions ParseRfmOptions(const sdk::Config& config) {
  RfmOptions options;
  const int64_t k = config.has("k") ? config.integer("k") : 3;
  if (k != 3 && k != 5) {
    throw sdk::ConfigError("option 'k' must be 3 (27 cells) or 5 (125 cells), got " +
                           std::to_string(k));
  }
  options.k = static_cast<int>(k);

  const std::string scoring = config.has("scoring") ? config.string("scoring") : "quantile";
  if (scoring == "quantile") {
    options.scoring = Scoring::kQuantile;
  } else if (scoring == "fixed") {
    options.scoring = Scoring::kFixed;
  } else {
    throw sdk::ConfigError("option 'scoring' must be 'quantile' or 'fixed', got '" + scoring + "'");
  }

  if (options.scoring == Scoring::kQuantile) {
    if (config.has("borders")) {
      throw sdk::ConfigError(
          "option 'borders' is only used with scoring: fixed (scoring is 'quantile')");
    }
    return options;
  }
  if (!config.has("borders")) {
    throw sdk::ConfigError("option 'borders' is required with scoring: fixed");
  }
  const nlohmann::json& borders = config.object("borders");
  if (!borders.is_object()) {
    throw sdk::ConfigError("option 'borders' must be an object {recency, frequency, monetary}");
  }
  for (const auto& item : borders.items()) {
    if (item.key() != "recency" && item.key() != "frequency" && item.key() != "monetary") {
      throw sdk::ConfigError("option 'borders' has an unknown key '" + item.key() +
                             "' (expected recency, frequency, monetary)");
    }
  }
  options.fixed_borders.recency = ParseBorderList(borders, "recency", "days", options.k);
  options.fixed_borders.frequency =
      ParseBorderList(borders, "frequency", "order counts", options.k);
  options.fixed_borders.monetary =
      ParseBorderList(borders, "monetary", "amounts in minor units", options.k);
  return options;
}

}  // namespace encore::plugins::rfm
