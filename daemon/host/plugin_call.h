// Small helpers for calling a plugin verb: a ready-to-pass encore_error, and the mapping from
// the plugin's encore_status and message to a daemon Status.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string>

#include "daemon/common/status.h"

namespace encore {

// A zeroed encore_error with struct_size set, as the ABI promises before every call.
inline encore_error NewPluginError() {
  encore_error error{};
  error.struct_size = sizeof(error);
  return error;
}

// The plugin's message; "no message given" when it left it empty. Reads at most the buffer,
// even if the plugin forgot the terminating NUL.
std::string PluginMessage(const encore_error& error);

// ENCORE_OK -> Ok; RETRY -> UNAVAILABLE; CANCELLED -> CANCELLED; INVALID_CONFIG ->
// INVALID_ARGUMENT; FATAL -> FAILED_PRECONDITION; anything else -> INTERNAL. The message is
// "<context>: <plugin message>" (the retry delay stays in error.retry_after_ms).
Status PluginCallStatus(int32_t code, const encore_error& error, const std::string& context);

}  // namespace encore
