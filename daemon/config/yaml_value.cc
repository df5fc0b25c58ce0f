#include "daemon/config/yaml_value.h"

#include <charconv>
#include <cmath>
#include <set>
#include <string_view>

namespace encore {
namespace {

constexpr int kMaxDepth = 64;
constexpr std::string_view kPlainTag = "?";   // yaml-cpp: plain scalar, type from its text
constexpr std::string_view kQuotedTag = "!";  // yaml-cpp: quoted or block scalar, a string
constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

bool AllOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string_view WithoutSign(std::string_view s) {
  return !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsCoreFloat(std::string_view s) {
  s = WithoutSign(s);
  size_t i = 0, int_digits = 0, frac_digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!AllOf(s.substr(i), IsDigit)) return false;
    return true;
  }
  return i == s.size();
}

bool IsInfOrNan(std::string_view s) {
  const std::string_view u = WithoutSign(s);
  if (u == ".inf" || u == ".Inf" || u == ".INF") return true;
  return s == ".nan" || s == ".NaN" || s == ".NAN";
}

enum class Parsed { kOk, kNotThisType, kOutOfRange };

Parsed ParseInt(std::string_view s, nlohmann::json& out) {
  int base = 10;
  std::string_view digits = s;
  bool negative = false;
  if (s.substr(0, 2) == "0o" && AllOf(s.substr(2), IsOctal)) {
    base = 8, digits = s.substr(2);
  } else if (s.substr(0, 2) == "0x" && AllOf(s.substr(2), IsHex)) {
    base = 16, digits = s.substr(2);
  } else {
    negative = !s.empty() && s[0] == '-';
    digits = WithoutSign(s);
    if (!AllOf(digits, IsDigit)) return Parsed::kNotThisType;
  }
  uint64_t magnitude = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return Parsed::kOutOfRange;
  if (negative) {
    if (magnitude > uint64_t{1} << 63) return Parsed::kOutOfRange;
    out = static_cast<int64_t>(0 - magnitude);
  } else if (magnitude <= static_cast<uint64_t>(INT64_MAX)) {
    out = static_cast<int64_t>(magnitude);
  } else {
    out = magnitude;
  }
  return Parsed::kOk;
}

Parsed ParseFloat(std::string_view s, nlohmann::json& out) {
  if (!IsCoreFloat(s)) return Parsed::kNotThisType;
  const std::string_view unsigned_part = WithoutSign(s);  // from_chars takes no '+'
  double value = 0;
  const auto [end, ec] =
      std::from_chars(unsigned_part.data(), unsigned_part.data() + unsigned_part.size(), value);
  if (ec != std::errc() || !std::isfinite(value)) return Parsed::kOutOfRange;
  out = s[0] == '-' ? -value : value;
  return Parsed::kOk;
}

std::optional<bool> ParseBool(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

}  // namespace

Status SpecError(const YAML::Node& node, const std::string& path, const std::string& message) {
  std::string text;
  const YAML::Mark mark = node.Mark();
  if (!mark.is_null()) text = "line " + std::to_string(mark.line + 1) + ": ";
  if (!path.empty()) text += path + ": ";
  return InvalidArgument(text + message);
}

std::string ChildPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string IndexPath(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

Result<nlohmann::json> YamlConverter::ToJson(const YAML::Node& node, const std::string& path) {
  return Convert(node, path, 0);
}

Result<std::string> YamlConverter::ToString(const YAML::Node& node, const std::string& path) {
  if (node.IsNull()) return SpecError(node, path, "must be a string, got null");
  if (!node.IsScalar()) {
    return SpecError(
        node, path,
        std::string("must be a string, got a ") + (node.IsMap() ? "mapping" : "sequence"));
  }
  Result<std::string> text = SubstituteEnv(node.Scalar(), lookup_);
  if (!text.ok()) return SpecError(node, path, text.status().message());
  return text;
}

Result<nlohmann::json> YamlConverter::Convert(const YAML::Node& node, const std::string& path,
                                              int depth) {
  if (--budget_ < 0) return SpecError(node, path, "the spec has too many values (aliases?)");
  if (depth > kMaxDepth) return SpecError(node, path, "nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      // An explicitly tagged empty string (!!str with no text) is still a string.
      if (node.Tag() == std::string(kCoreTag) + "str") return nlohmann::json("");
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      return Scalar(node, path);
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (size_t i = 0; i < node.size(); ++i) {
        Result<nlohmann::json> item = Convert(node[i], IndexPath(path, i), depth + 1);
        if (!item.ok()) return item.status();
        array.push_back(std::move(item).value());
      }
      return array;
    }
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          return SpecError(entry.first, path, "mapping keys must be plain strings");
        }
        const std::string& key = entry.first.Scalar();
        if (object.contains(key))
          return SpecError(entry.first, path, "duplicate key '" + key + "'");
        Result<nlohmann::json> value = Convert(entry.second, ChildPath(path, key), depth + 1);
        if (!value.ok()) return value.status();
        object[key] = std::move(value).value();
      }
      return object;
    }
  }
  return SpecError(node, path, "unsupported YAML node");
}

Result<nlohmann::json> YamlConverter::Scalar(const YAML::Node& node, const std::string& path) {
  const std::string& tag = node.Tag();
  const std::string& raw = node.Scalar();
  Result<std::string> substituted = SubstituteEnv(raw, lookup_);
  if (!substituted.ok()) return SpecError(node, path, substituted.status().message());
  const std::string& text = *substituted;

  if (tag == kQuotedTag || tag == std::string(kCoreTag) + "str") return nlohmann::json(text);

  nlohmann::json value;
  if (tag == kPlainTag) {
    // A placeholder that resolved to nothing means "empty", not "null".
    if (text.empty() && !raw.empty()) return nlohmann::json("");
    if (IsNullText(text)) return nlohmann::json(nullptr);
    if (std::optional<bool> b = ParseBool(text)) return nlohmann::json(*b);
    if (IsInfOrNan(text)) {
      return SpecError(node, path, "'" + text + "' cannot be represented in JSON");
    }
    Parsed parsed = ParseInt(text, value);
    if (parsed == Parsed::kNotThisType) parsed = ParseFloat(text, value);
    if (parsed == Parsed::kOutOfRange) {
      return SpecError(node, path, "number '" + text + "' is out of range");
    }
    if (parsed == Parsed::kOk) return value;
    return nlohmann::json(text);
  }
  if (tag == std::string(kCoreTag) + "int") {
    if (ParseInt(text, value) == Parsed::kOk) return value;
    return SpecError(node, path, "'" + text + "' is not an integer");
  }
  if (tag == std::string(kCoreTag) + "float") {
    if (ParseFloat(text, value) == Parsed::kOk) return nlohmann::json(value.get<double>());
    return SpecError(node, path, "'" + text + "' is not a number");
  }
  if (tag == std::string(kCoreTag) + "bool") {
    if (std::optional<bool> b = ParseBool(text)) return nlohmann::json(*b);
    return SpecError(node, path, "'" + text + "' is not a boolean");
  }
  if (tag == std::string(kCoreTag) + "null") return nlohmann::json(nullptr);
  return SpecError(node, path, "unsupported tag '" + tag + "'");
}

}  // namespace encore
