// Owns encored's parts and the order they are built and torn down in:
// plugin host -> state store -> scheduler (+ catalog, queries) -> gRPC server.
#pragma once

#include <memory>
#include <string>

#include "daemon/app/daemon_options.h"
#include "daemon/common/status.h"

namespace spdlog {
class logger;
}

namespace encore {

class ApiServer;
class CustomerQueries;
class PipelineCatalog;
class PluginHost;
class RunScheduler;
class StateStore;

// Loads every plugin in `dirs`. A library that is not a valid plugin is logged with the reason
// and skipped; a folder that does not exist is skipped (with a warning when `dirs_given`).
std::unique_ptr<PluginHost> LoadPlugins(const std::vector<std::string>& dirs, bool dirs_given,
                                        spdlog::logger& log);

class Daemon {
 public:
  // `token` is the bearer token every call must carry; empty = none.
  static Result<std::unique_ptr<Daemon>> Start(const DaemonOptions& options,
                                               const std::string& token);
  ~Daemon();

  int port() const;
  const std::string& address() const;

  // The orderly stop: health NOT_SERVING, no new runs, queued and running runs cancelled and
  // recorded (their WatchRun streams get the final event and end), then the server stops
  // within a grace period, then the store is closed. Idempotent.
  void Shutdown();

 private:
  Daemon();

  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<PluginHost> host_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<RunScheduler> scheduler_;
  std::unique_ptr<PipelineCatalog> catalog_;
  std::unique_ptr<CustomerQueries> queries_;
  std::unique_ptr<ApiServer> api_;
  bool stopped_ = false;
};

}  // namespace encore
