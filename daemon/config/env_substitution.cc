#include "daemon/config/env_substitution.h"

#include <algorithm>
#include <cstdlib>

namespace encore {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<std::string> SubstituteEnv(std::string_view value, const EnvLookup& lookup) {
  std::string out;
  out.reserve(value.size());
  size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (value.compare(i, 2, "${") != 0) {
      out += value[i++];
      continue;
    }
    const size_t close = value.find('}', i + 2);
    if (close == std::string_view::npos) {
      return InvalidArgument("unterminated '${' (write '$${' for a literal '${')");
    }
    const std::string_view body = value.substr(i + 2, close - i - 2);
    const size_t dash = body.find(":-");
    const std::string name(body.substr(0, dash));
    if (name.empty() || !IsNameStart(name[0]) ||
        std::find_if_not(name.begin(), name.end(), IsNameChar) != name.end()) {
      return InvalidArgument("invalid environment variable name '" + name +
                             "' (letters, digits and '_', not starting with a digit)");
    }
    std::optional<std::string> found = lookup(name);
    if (dash != std::string_view::npos) {
      // Shell semantics of ":-": the default also replaces an empty value.
      if (!found.has_value() || found->empty()) found = std::string(body.substr(dash + 2));
    } else if (!found.has_value()) {
      return InvalidArgument("environment variable '" + name + "' is not set");
    }
    out += *found;
    i = close + 1;
  }
  return out;
}

}  // namespace encore
