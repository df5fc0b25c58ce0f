// encored: the Encore daemon. Flags in daemon/app/daemon_options.cc; the parts and their order
// in daemon/app/daemon.cc.
#include <spdlog/spdlog.h>

#include <encore/plugin_abi.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "daemon/app/daemon.h"
#include "daemon/app/daemon_options.h"
#include "daemon/app/port_file.h"
#include "daemon/app/shutdown_signals.h"
#include "daemon/app/validate_command.h"
#include "daemon/observability/logging.h"

int main(int argc, char** argv) {
  // Before any thread exists, so every thread inherits the blocked mask and only the sigwait
  // below ever sees SIGINT/SIGTERM.
  encore::BlockShutdownSignals();

  encore::Result<encore::DaemonOptions> parsed = encore::ParseDaemonOptions(argc, argv);
  if (!parsed.ok()) {
    std::cerr << "encored: " << parsed.status().message() << "\n";
    return 2;
  }
  const encore::DaemonOptions& options = *parsed;
  if (options.help) {
    std::cout << encore::DaemonUsage();
    return 0;
  }
  if (options.version) {
    std::cout << "encored " << ENCORE_VERSION << " (plugin ABI " << ENCORE_ABI_MAJOR << "."
              << ENCORE_ABI_MINOR << ")\n";
    return 0;
  }

  encore::LogOptions logging;
  logging.level = options.log_level;
  logging.file = options.log_file;
  // --validate is a command-line check: only problems are worth printing unless asked.
  if (!options.validate_file.empty() && !options.log_level_given) logging.level = "warn";
  if (encore::Status s = encore::SetupLogging(logging); !s.ok()) {
    std::cerr << "encored: " << s.message() << "\n";
    return 2;
  }
  if (!options.validate_file.empty()) {
    return encore::RunValidateCommand(options, std::cout, std::cerr);
  }

  std::string token;
  if (!options.token_env.empty()) {
    const char* value = std::getenv(options.token_env.c_str());
    if (value == nullptr || *value == '\0') {
      std::cerr << "encored: --token-env: environment variable " << options.token_env
                << " is not set or empty\n";
      return 2;
    }
    token = value;
  }

  auto log = encore::ComponentLogger("encored");
  log->info("encored {} starting (pid {})", ENCORE_VERSION, static_cast<long>(getpid()));
  encore::Result<std::unique_ptr<encore::Daemon>> daemon = encore::Daemon::Start(options, token);
  if (!daemon.ok()) {
    log->error("cannot start: {}", daemon.status().message());
    std::cerr << "encored: cannot start: " << daemon.status().message() << "\n";
    return 1;
  }
  std::cout << "encored listening on " << (*daemon)->address() << std::endl;
  if (!options.port_file.empty()) {
    if (encore::Status s = encore::WritePortFile(options.port_file, (*daemon)->port()); !s.ok()) {
      log->error("{}", s.message());
      (*daemon)->Shutdown();
      return 1;
    }
  }

  const int signal_number = encore::WaitForShutdownSignal();
  log->info("{} received; shutting down", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  (*daemon)->Shutdown();
  if (!options.port_file.empty()) {
    std::error_code ec;
    std::filesystem::remove(options.port_file, ec);
  }
  log->info("encored exited cleanly");
  return 0;
}
