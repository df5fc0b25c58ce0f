#include "daemon/host/plugin_call.h"

#include <cstring>

namespace encore {

std::string PluginMessage(const encore_error& error) {
  const size_t length = strnlen(error.message, sizeof(error.message));
  if (length == 0) return "no message given";
  return std::string(error.message, length);
}

Status PluginCallStatus(int32_t code, const encore_error& error, const std::string& context) {
  switch (code) {
    case ENCORE_OK:
      return Status::Ok();
    case ENCORE_RETRY:
      return Unavailable(context + ": " + PluginMessage(error));
    case ENCORE_CANCELLED:
      return Cancelled(context + ": cancelled");
    case ENCORE_INVALID_CONFIG:
      return InvalidArgument(context + ": " + PluginMessage(error));
    case ENCORE_FATAL:
      return FailedPrecondition(context + ": " + PluginMessage(error));
  }
  return Internal(context + ": plugin returned unknown status " + std::to_string(code));
}

}  // namespace encore
