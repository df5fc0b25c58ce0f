// Process-wide logging for encored: readable one-line records on stderr or in a file, and one
// named logger per daemon component ("api", "scheduler") sharing the same sinks. Plugin
// instances get their loggers from the plugin host.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

#include "daemon/common/status.h"

namespace encore {

struct LogOptions {
  std::string level = "info";  // trace, debug, info, warn, error, off
  std::string file;            // empty = stderr
};

Result<spdlog::level::level_enum> ParseLogLevel(std::string_view name);

// Replaces the default logger. Call once, before any thread that logs is started.
Status SetupLogging(const LogOptions& options);

// A logger named `component` writing to the default logger's sinks at its level.
std::shared_ptr<spdlog::logger> ComponentLogger(const std::string& component);

}  // namespace encore
