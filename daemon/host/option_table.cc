#include "daemon/host/option_table.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

namespace encore {
namespace {

bool IsKnownType(int32_t type) {
  return type >= ENCORE_OPTION_STRING && type <= ENCORE_OPTION_DOUBLE_LIST;
}

std::vector<std::string> SplitAllowed(std::string_view text) {
  std::vector<std::string> values;
  size_t start = 0;
  while (true) {
    const size_t bar = text.find('|', start);
    values.emplace_back(text.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return values;
}

std::string JoinAllowed(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += '|';
    out += v;
  }
  return out;
}

bool IsAllowed(const OptionInfo& option, const nlohmann::json& value) {
  return option.allowed.empty() || std::find(option.allowed.begin(), option.allowed.end(),
                                             value.get<std::string>()) != option.allowed.end();
}

// Checks every element of an array against `fits`; names the first one that does not.
template <class Fits>
std::optional<std::string> ListMismatch(const nlohmann::json& value, Fits fits) {
  if (!value.is_array()) return "got " + JsonTypeName(value);
  for (size_t i = 0; i < value.size(); ++i) {
    if (!fits(value[i])) return "got " + JsonTypeName(value[i]) + " at index " + std::to_string(i);
  }
  return std::nullopt;
}

Result<OptionInfo> ReadOption(const encore_option_v1& raw, size_t index) {
  if (raw.name == nullptr)
    return InvalidArgument("option " + std::to_string(index) + " has no name");
  OptionInfo option;
  option.name = raw.name;
  const std::string quoted = "option '" + option.name + "'";
  if (!IsSnakeName(option.name)) {
    return InvalidArgument(quoted + " has an invalid name (use a-z, 0-9 and _)");
  }
  if (!IsKnownType(raw.type)) {
    return InvalidArgument(quoted + " has unknown type " + std::to_string(raw.type));
  }
  option.type = static_cast<encore_option_type>(raw.type);
  option.required = raw.required != 0;
  option.secret = raw.secret != 0;
  option.description = raw.description != nullptr ? raw.description : "";
  if (raw.allowed != nullptr) {
    if (option.type != ENCORE_OPTION_STRING) {
      return InvalidArgument(quoted + " lists allowed values but is not a string option");
    }
    option.allowed = SplitAllowed(raw.allowed);
    if (std::find(option.allowed.begin(), option.allowed.end(), "") != option.allowed.end()) {
      return InvalidArgument(quoted + " has an empty allowed value in '" + raw.allowed + "'");
    }
  }
  if (raw.default_json != nullptr) {
    option.default_json = raw.default_json;
    const auto value = nlohmann::json::parse(option.default_json, nullptr, false);
    if (value.is_discarded()) {
      return InvalidArgument(quoted + ": default " + option.default_json + " is not valid JSON");
    }
    if (auto why = TypeMismatch(option.type, value)) {
      return InvalidArgument(quoted + ": default " + option.default_json + " must be " +
                             OptionTypePhrase(option.type) + ", " + *why);
    }
    if (!IsAllowed(option, value)) {
      return InvalidArgument(quoted + ": default " + option.default_json + " must be one of " +
                             JoinAllowed(option.allowed));
    }
  }
  return option;
}

}  // namespace

bool IsSnakeName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const char* OptionTypePhrase(encore_option_type type) {
  switch (type) {
    case ENCORE_OPTION_STRING:
      return "a string";
    case ENCORE_OPTION_INT:
      return "an integer";
    case ENCORE_OPTION_DOUBLE:
      return "a number";
    case ENCORE_OPTION_BOOL:
      return "a boolean";
    case ENCORE_OPTION_STRING_LIST:
      return "a list of strings";
    case ENCORE_OPTION_OBJECT:
      return "an object";
    case ENCORE_OPTION_INT_LIST:
      return "a list of integers";
    case ENCORE_OPTION_DOUBLE_LIST:
      return "a list of numbers";
  }
  return "a value of an unknown type";
}

std::string JsonTypeName(const nlohmann::json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number()) return "number";
  return value.type_name();  // null, boolean, string, array, object
}

std::optional<std::string> TypeMismatch(encore_option_type type, const nlohmann::json& value) {
  const auto is_string = [](const nlohmann::json& v) { return v.is_string(); };
  const auto is_integer = [](const nlohmann::json& v) { return v.is_number_integer(); };
  const auto is_number = [](const nlohmann::json& v) { return v.is_number(); };
  bool fits = false;
  switch (type) {
    case ENCORE_OPTION_STRING:
      fits = value.is_string();
      break;
    case ENCORE_OPTION_INT:
      fits = value.is_number_integer();
      break;
    case ENCORE_OPTION_DOUBLE:
      fits = value.is_number();
      break;
    case ENCORE_OPTION_BOOL:
      fits = value.is_boolean();
      break;
    case ENCORE_OPTION_OBJECT:
      fits = value.is_object();
      break;
    case ENCORE_OPTION_STRING_LIST:
      return ListMismatch(value, is_string);
    case ENCORE_OPTION_INT_LIST:
      return ListMismatch(value, is_integer);
    case ENCORE_OPTION_DOUBLE_LIST:
      return ListMismatch(value, is_number);
  }
  if (fits) return std::nullopt;
  return "got " + JsonTypeName(value);
}

Result<std::vector<OptionInfo>> ReadOptionTable(const encore_option_v1* options, size_t count) {
  if (count > 0 && options == nullptr) {
    return InvalidArgument("option_count is " + std::to_string(count) + " but options is null");
  }
  std::vector<OptionInfo> table;
  std::set<std::string> seen;
  for (size_t i = 0; i < count; ++i) {
    auto option = ReadOption(options[i], i);
    if (!option.ok()) return option.status();
    if (!seen.insert(option->name).second) {
      return InvalidArgument("option '" + option->name + "' is declared twice");
    }
    table.push_back(std::move(option).value());
  }
  return table;
}

Result<nlohmann::json> CheckConfig(const std::vector<OptionInfo>& options,
                                   const nlohmann::json& config, const std::string& who) {
  if (config.is_null()) return CheckConfig(options, nlohmann::json::object(), who);
  if (!config.is_object()) {
    return InvalidArgument(who + ": config must be a JSON object, got " + JsonTypeName(config));
  }
  for (const auto& item : config.items()) {
    const bool known = std::any_of(options.begin(), options.end(),
                                   [&](const OptionInfo& o) { return o.name == item.key(); });
    if (known) continue;
    std::string names;
    for (const auto& o : options) names += (names.empty() ? "" : ", ") + o.name;
    return InvalidArgument(who + ": unknown option '" + item.key() +
                           "' (known: " + (names.empty() ? "none" : names) + ")");
  }
  nlohmann::json completed = config;
  for (const auto& option : options) {
    const auto it = config.find(option.name);
    if (it == config.end()) {
      if (option.required) {
        return InvalidArgument(who + ": missing required option '" + option.name + "'");
      }
      if (!option.default_json.empty()) {
        completed[option.name] = nlohmann::json::parse(option.default_json);
      }
      continue;
    }
    if (auto why = TypeMismatch(option.type, *it)) {
      return InvalidArgument(who + ": option '" + option.name + "' must be " +
                             OptionTypePhrase(option.type) + ", " + *why);
    }
    if (!IsAllowed(option, *it)) {
      return InvalidArgument(who + ": option '" + option.name + "' must be one of " +
                             JoinAllowed(option.allowed));
    }
  }
  return completed;
}

nlohmann::json RedactSecrets(const std::vector<OptionInfo>& options, const nlohmann::json& config) {
  if (!config.is_object()) return config;
  nlohmann::json redacted = config;
  for (const auto& option : options) {
    if (option.secret && redacted.contains(option.name)) redacted[option.name] = "***";
  }
  return redacted;
}

}  // namespace encore
