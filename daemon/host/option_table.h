// A plugin's declared options: reading the C table a plugin exports (and refusing a malformed
// one before the plugin is registered), checking instance configs against it, and redacting
// secrets. Pure functions, no plugin code runs here.
#pragma once

#include <encore/plugin_abi.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/host/plugin_host.h"

namespace encore {

// The expected type with its article, as it reads in a message: "a string", "an integer", ...
const char* OptionTypePhrase(encore_option_type type);

// The type of a JSON value as users know it: "null", "boolean", "integer", "number", "string",
// "array", "object" ("integer" and "number" are told apart so "must be an integer, got number"
// explains a 1.5).
std::string JsonTypeName(const nlohmann::json& value);

// Why `value` does not fit `type` ("got string", "got number at index 2"), or nullopt if it fits.
std::optional<std::string> TypeMismatch(encore_option_type type, const nlohmann::json& value);

// Converts and checks a plugin's option table: names are [a-z0-9_]+ and unique, types known,
// allowed values only on string options, every default is JSON of the declared type (and one of
// the allowed values). Messages name the option; the caller adds the file.
Result<std::vector<OptionInfo>> ReadOptionTable(const encore_option_v1* options, size_t count);

// Checks `config` against `options`; `who` ("orders (csv)") starts every message. Returns the
// config completed with defaults. A null config counts as an empty object, because that is what
// `config:` with nothing under it means in YAML.
Result<nlohmann::json> CheckConfig(const std::vector<OptionInfo>& options,
                                   const nlohmann::json& config, const std::string& who);

// `config` with the value of every present secret option replaced by "***".
nlohmann::json RedactSecrets(const std::vector<OptionInfo>& options, const nlohmann::json& config);

// True if `name` is non-empty and made of a-z, 0-9 and _ (plugin and option names).
bool IsSnakeName(const std::string& name);

}  // namespace encore
