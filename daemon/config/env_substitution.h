// ${VAR} substitution in pipeline spec values (the rules are in pipeline_spec.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/common/status.h"

namespace encore {

// Returns the value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Looks variables up in the process environment.
std::optional<std::string> ProcessEnv(const std::string& name);

// Replaces every ${VAR} / ${VAR:-default} in `value` and turns $${ into a literal ${.
// Errors (unset variable, bad name, missing "}") say what is wrong without a field path; the
// caller adds it.
Result<std::string> SubstituteEnv(std::string_view value, const EnvLookup& lookup = ProcessEnv);

}  // namespace encore
