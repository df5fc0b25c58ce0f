#include "plugins/methods/segments/segments_options.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "plugins/methods/segments/default_segments.h"

namespace encore::plugins::segments {
namespace {

// Segment name -> list of patterns, in the object's (alphabetical) key order.
std::vector<SegmentSpec> ParseMap(const nlohmann::json& map) {
  if (!map.is_object() || map.empty()) {
    throw sdk::ConfigError(
        "option 'map' must be an object of segment name -> list of \"RF\" patterns");
  }
  std::vector<SegmentSpec> specs;
  for (const auto& [name, patterns] : map.items()) {
    SegmentSpec spec;
    spec.name = name;
    const bool is_list =
        patterns.is_array() &&
        std::all_of(patterns.begin(), patterns.end(), [](const auto& p) { return p.is_string(); });
    if (!is_list) {
      throw sdk::ConfigError("option 'map': segment '" + name +
                             "' must be a list of patterns such as \"55\" or \"4[4-5]\"");
    }
    for (const auto& p : patterns) spec.patterns.push_back(p.get<std::string>());
    if (const SegmentSpec* defaults = DefaultRecommendation(name)) {
      spec.action = defaults->action;
      spec.channel = defaults->channel;
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

// Applies `actions` (segment -> {action, channel}) to every candidate map.
void ApplyActions(const nlohmann::json& actions, std::vector<std::vector<SegmentSpec>>& maps) {
  if (!actions.is_object()) {
    throw sdk::ConfigError("option 'actions' must be an object of segment -> {action, channel}");
  }
  for (const auto& [name, value] : actions.items()) {
    const std::string where = "option 'actions." + name + "'";
    if (!value.is_object()) throw sdk::ConfigError(where + " must be an object {action, channel}");
    for (const auto& [key, text] : value.items()) {
      if (key != "action" && key != "channel") {
        throw sdk::ConfigError(where + " has unknown key '" + key + "'; expected action, channel");
      }
      if (!text.is_string() || text.get<std::string>().empty()) {
        throw sdk::ConfigError("option 'actions." + name + "." + key +
                               "' must be a non-empty string");
      }
    }
    bool found = false;
    for (auto& specs : maps) {
      for (auto& spec : specs) {
        if (spec.name != name) continue;
        found = true;
        if (value.contains("action")) spec.action = value["action"].get<std::string>();
        if (value.contains("channel")) spec.channel = value["channel"].get<std::string>();
      }
    }
    if (!found) {
      throw sdk::ConfigError("option 'actions' names segment '" + name +
                             "', which is not in the map");
    }
  }
}

// Option 'rank': segment names best first, each once.
std::map<std::string, int64_t, std::less<>> ParseRank(const sdk::Config& config) {
  std::map<std::string, int64_t, std::less<>> rank;
  for (const std::string& name : config.strings("rank")) {
    const auto next = static_cast<int64_t>(rank.size()) + 1;
    if (!rank.emplace(name, next).second) {
      throw sdk::ConfigError("option 'rank' names segment '" + name + "' twice");
    }
  }
  return rank;
}

}  // namespace

SegmentsOptions ParseSegmentsOptions(const sdk::Config& config) {
  SegmentsOptions options;
  const int64_t k = config.integer("k");
  if (k != 0 && k != 3 && k != 5) {
    throw sdk::ConfigError("option 'k' must be 3 or 5 (or 0: from the scores), got " +
                           std::to_string(k));
  }
  options.k = static_cast<int>(k);
  options.r_score = config.string("r_score");
  options.f_score = config.string("f_score");
  if (options.r_score.empty() || options.f_score.empty()) {
    throw sdk::ConfigError("options 'r_score' and 'f_score' must name score columns");
  }

  std::vector<int> ks = options.k == 0 ? std::vector<int>{3, 5} : std::vector<int>{options.k};
  std::vector<std::vector<SegmentSpec>> specs;
  if (config.has("map")) {
    if (options.k == 0) {
      throw sdk::ConfigError(
          "option 'map' needs option 'k' (3 or 5): the map is checked against the k x k grid");
    }
    specs.push_back(ParseMap(config.object("map")));
  } else {
    for (int each : ks) specs.push_back(DefaultSegments(each));
  }
  if (config.has("actions")) ApplyActions(config.object("actions"), specs);
  options.rank = ParseRank(config);
  const int64_t threads = config.integer("threads");
  if (threads < 1 || threads > 64) {
    throw sdk::ConfigError("option 'threads' must be between 1 and 64, got " +
                           std::to_string(threads));
  }
  options.threads = static_cast<int>(threads);
  for (size_t i = 0; i < ks.size(); ++i) {
    SegmentMap map = BuildSegmentMap(ks[i], specs[i]);
    for (auto& segment : map.segments) {
      if (segment.action.empty() || segment.channel.empty()) {
        throw sdk::ConfigError("option 'actions' needs an action and a channel for segment '" +
                               segment.name + "', which has no default");
      }
      auto rank = options.rank.find(segment.name);
      if (rank != options.rank.end()) {
        segment.rank = rank->second;
      } else if (std::find(options.unranked.begin(), options.unranked.end(), segment.name) ==
                 options.unranked.end()) {
        options.unranked.push_back(segment.name);
      }
    }
    options.maps.push_back(std::move(map));
  }
  return options;
}

}  // namespace encore::plugins::segments
