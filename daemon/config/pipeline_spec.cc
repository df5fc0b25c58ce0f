#include "daemon/config/pipeline_spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <map>

#include "daemon/config/playbook.h"
#include "daemon/config/yaml_value.h"

namespace encore {
namespace {

// Every top-level key. schedule and routes are reserved for features that are not built yet:
// accepted and kept in PipelineSpec::reserved, not interpreted.
constexpr std::array<std::string_view, 11> kTopLevelKeys = {
    "name",    "time_zone", "currency", "as_of",    "segment_score", "sources",
    "methods", "sinks",     "schedule", "playbook", "routes"};
constexpr std::array<std::string_view, 2> kReservedKeys = {"schedule", "routes"};
constexpr std::array<std::string_view, 3> kPluginRefKeys = {"name", "plugin", "config"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

template <size_t N>
std::string Join(const std::array<std::string_view, N>& keys) {
  std::string out;
  for (std::string_view key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

// Pipeline and instance names end up in file names, logger names and URLs.
// [a-z0-9][a-z0-9_-]{0,62}
bool IsValidName(const std::string& name) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || name.size() > 63 || !lower_or_digit(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return lower_or_digit(c) || c == '_' || c == '-'; });
}
constexpr const char* kNameRule =
    "must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit";

bool IsCurrencyCode(const std::string& code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Checks that `node` is a mapping whose keys are all in `known` and appear once.
template <size_t N>
Status CheckKeys(const YAML::Node& node, const std::string& path,
                 const std::array<std::string_view, N>& known) {
  std::map<std::string, int> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      return SpecError(entry.first, path, "mapping keys must be plain strings");
    }
    const std::string& key = entry.first.Scalar();
    if (!Contains(known, key)) {
      return SpecError(entry.first, path, "unknown key '" + key + "' (known: " + Join(known) + ")");
    }
    if (seen[key]++ > 0) return SpecError(entry.first, path, "duplicate key '" + key + "'");
  }
  return Status::Ok();
}

class SpecParser {
 public:
  Result<PipelineSpec> Parse(std::string_view text) {
    YAML::Node root;
    try {
      std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
      if (documents.size() > 1) {
        return InvalidArgument("the spec must be a single YAML document, got " +
                               std::to_string(documents.size()));
      }
      if (!documents.empty()) root = documents.front();
    } catch (const YAML::ParserException& e) {
      return InvalidArgument("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    } catch (const YAML::Exception& e) {
      return InvalidArgument(e.what());
    }
    try {
      return ParseRoot(root, text);
    } catch (const YAML::Exception& e) {
      // yaml-cpp reports misuse with exceptions; none may leave the module.
      return InvalidArgument(e.what());
    }
  }

 private:
  Result<PipelineSpec> ParseRoot(const YAML::Node& root, std::string_view text) {
    if (root.IsNull()) return InvalidArgument("the spec is empty");
    if (!root.IsMap()) {
      return SpecError(root, "", "the spec must be a mapping (a YAML mapping or JSON object)");
    }
    ENCORE_RETURN_IF_ERROR(CheckKeys(root, "", kTopLevelKeys));

    PipelineSpec spec;
    spec.text = std::string(text);
    if (!root["name"]) return SpecError(root, "name", "missing");
    ENCORE_RETURN_IF_ERROR(String(root["name"], "name", spec.name));
    if (!IsValidName(spec.name)) {
      return SpecError(root["name"], "name", "'" + spec.name + "' " + kNameRule);
    }
    ENCORE_RETURN_IF_ERROR(OptionalString(root, "time_zone", spec.time_zone));
    ENCORE_RETURN_IF_ERROR(OptionalString(root, "currency", spec.currency));
    if (!IsCurrencyCode(spec.currency)) {
      return SpecError(root["currency"], "currency",
                       "'" + spec.currency + "' is not a currency code (3 upper-case letters)");
    }
    ENCORE_RETURN_IF_ERROR(OptionalString(root, "as_of", spec.as_of));
    ENCORE_RETURN_IF_ERROR(OptionalString(root, "segment_score", spec.segment_score));
    if (spec.segment_score.empty())
      return SpecError(root["segment_score"], "segment_score", "empty");

    if (!root["sources"]) return SpecError(root, "sources", "missing");
    ENCORE_RETURN_IF_ERROR(Section(root["sources"], "sources", spec.sources));
    if (spec.sources.empty()) {
      return SpecError(root["sources"], "sources", "at least one source is needed");
    }
    if (root["methods"]) ENCORE_RETURN_IF_ERROR(Section(root["methods"], "methods", spec.methods));
    if (root["sinks"]) ENCORE_RETURN_IF_ERROR(Section(root["sinks"], "sinks", spec.sinks));

    {
      nlohmann::json section = nullptr;
      if (root["playbook"]) {
        Result<nlohmann::json> value = converter_.ToJson(root["playbook"], "playbook");
        if (!value.ok()) return value.status();
        section = std::move(value).value();
      }
      Result<Playbook> playbook = ParsePlaybook(section);
      if (!playbook.ok()) {
        return SpecError(root["playbook"], "", playbook.status().message());
      }
      spec.playbook = std::move(playbook).value();
    }
    for (std::string_view key : kReservedKeys) {
      const std::string name(key);
      if (!root[name]) continue;
      Result<nlohmann::json> value = converter_.ToJson(root[name], name);
      if (!value.ok()) return value.status();
      spec.reserved[name] = std::move(value).value();
    }
    return spec;
  }

  Status String(const YAML::Node& node, const std::string& path, std::string& out) {
    Result<std::string> value = converter_.ToString(node, path);
    if (!value.ok()) return value.status();
    out = std::move(value).value();
    return Status::Ok();
  }

  // Keeps the default already in `out` when the key is absent.
  Status OptionalString(const YAML::Node& parent, const std::string& key, std::string& out) {
    if (!parent[key]) return Status::Ok();
    return String(parent[key], key, out);
  }

  Status Section(const YAML::Node& node, const std::string& path, std::vector<PluginRef>& out) {
    if (node.IsNull()) return Status::Ok();  // "methods:" with nothing under it
    if (!node.IsSequence()) return SpecError(node, path, "must be a list of plugin instances");
    for (size_t i = 0; i < node.size(); ++i) {
      PluginRef ref;
      ENCORE_RETURN_IF_ERROR(Ref(node[i], IndexPath(path, i), ref));
      out.push_back(std::move(ref));
    }
    return Status::Ok();
  }

  Status Ref(const YAML::Node& node, const std::string& path, PluginRef& ref) {
    if (!node.IsMap()) {
      return SpecError(node, path, "must be a mapping with name, plugin and config");
    }
    ENCORE_RETURN_IF_ERROR(CheckKeys(node, path, kPluginRefKeys));

    const std::string name_path = ChildPath(path, "name");
    if (!node["name"]) return SpecError(node, name_path, "missing");
    ENCORE_RETURN_IF_ERROR(String(node["name"], name_path, ref.name));
    if (!IsValidName(ref.name)) {
      return SpecError(node["name"], name_path, "'" + ref.name + "' " + kNameRule);
    }
    // Instance names key cursors, loggers and results: unique across all sections.
    if (const auto [it, inserted] = instance_paths_.emplace(ref.name, path); !inserted) {
      return SpecError(
          node["name"], name_path,
          "duplicate instance name '" + ref.name + "' (also used by " + it->second + ")");
    }

    const std::string plugin_path = ChildPath(path, "plugin");
    if (!node["plugin"]) return SpecError(node, plugin_path, "missing");
    ENCORE_RETURN_IF_ERROR(String(node["plugin"], plugin_path, ref.plugin));
    if (ref.plugin.empty()) return SpecError(node["plugin"], plugin_path, "empty");

    const std::string config_path = ChildPath(path, "config");
    const YAML::Node config = node["config"];
    if (!config || config.IsNull()) return Status::Ok();  // the plugin's defaults
    if (!config.IsMap()) return SpecError(config, config_path, "must be a mapping");
    Result<nlohmann::json> json = converter_.ToJson(config, config_path);
    if (!json.ok()) return json.status();
    ref.config = std::move(json).value();
    return Status::Ok();
  }

  YamlConverter converter_{ProcessEnv};
  std::map<std::string, std::string> instance_paths_;  // instance name -> "sources[0]"
};

}  // namespace

Result<PipelineSpec> ParsePipelineSpec(std::string_view text) { return SpecParser().Parse(text); }

}  // namespace encore
