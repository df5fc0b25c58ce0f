// Turns parsed YAML into typed values for the pipeline spec: scalars typed by the YAML 1.2 core
// schema, ${VAR} placeholders substituted, and every error tagged with the line and field path.
// Internal to the config module.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/common/status.h"
#include "daemon/config/env_substitution.h"

namespace encore {

// "line N: <path>: <message>"; the line (1-based) comes from `node` when YAML knows it.
Status SpecError(const YAML::Node& node, const std::string& path, const std::string& message);

// "a.b" / "a[0]" building blocks of field paths.
std::string ChildPath(const std::string& path, const std::string& key);
std::string IndexPath(const std::string& path, size_t index);

class YamlConverter {
 public:
  explicit YamlConverter(EnvLookup lookup) : lookup_(std::move(lookup)) {}

  // Any node to JSON (mappings to objects, sequences to arrays, typed scalars).
  Result<nlohmann::json> ToJson(const YAML::Node& node, const std::string& path);
  // A scalar field that must be a string ("name", "plugin", ...): the substituted text of any
  // non-null scalar.
  Result<std::string> ToString(const YAML::Node& node, const std::string& path);

 private:
  Result<nlohmann::json> Convert(const YAML::Node& node, const std::string& path, int depth);
  Result<nlohmann::json> Scalar(const YAML::Node& node, const std::string& path);

  EnvLookup lookup_;
  // Aliases can make a small document expand exponentially ("billion laughs"); specs also
  // arrive over the API, so conversion stops after this many values.
  int64_t budget_ = 100'000;
};

}  // namespace encore
