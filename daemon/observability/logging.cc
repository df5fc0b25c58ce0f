#include "daemon/observability/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>
#include <vector>

namespace encore {
namespace {

// Local time with milliseconds, level, component: "2026-11-23 10:15:02.123 I [api] ...".
constexpr char kPattern[] = "%Y-%m-%d %H:%M:%S.%e %L [%n] %v";

}  // namespace

Result<spdlog::level::level_enum> ParseLogLevel(std::string_view name) {
  static const std::pair<std::string_view, spdlog::level::level_enum> kLevels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off},
  };
  for (const auto& [level_name, level] : kLevels) {
    if (name == level_name) return level;
  }
  return InvalidArgument("log level '" + std::string(name) +
                         "' is not one of trace, debug, info, warn, error, off");
}

Status SetupLogging(const LogOptions& options) {
  auto level = ParseLogLevel(options.level);
  if (!level.ok()) return level.status();
  spdlog::sink_ptr sink;
  if (options.file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  } else {
    try {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file, /*truncate=*/false);
    } catch (const spdlog::spdlog_ex& e) {
      return InvalidArgument("log file '" + options.file + "': " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("encored", sink);
  logger->set_pattern(kPattern);
  logger->set_level(*level);
  // Warnings and errors reach the file at once; a crash must not eat the reason.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

std::shared_ptr<spdlog::logger> ComponentLogger(const std::string& component) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  if (auto existing = spdlog::get(component)) return existing;
  auto base = spdlog::default_logger();
  auto logger =
      std::make_shared<spdlog::logger>(component, base->sinks().begin(), base->sinks().end());
  logger->set_pattern(kPattern);
  logger->set_level(base->level());
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace encore
