#include "daemon/app/daemon.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/api/api_server.h"
#include "daemon/host/plugin_host.h"
#include "daemon/observability/logging.h"
#include "daemon/scheduler/customer_queries.h"
#include "daemon/scheduler/pipeline_catalog.h"
#include "daemon/scheduler/run_scheduler.h"
#include "daemon/state/state_store.h"

namespace encore {
namespace {

// Calls in flight get this long to finish when the daemon stops.
constexpr std::chrono::milliseconds kShutdownGrace(5000);

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Internal(path + ": read error");
  return text.str();
}

}  // namespace

std::unique_ptr<PluginHost> LoadPlugins(const std::vector<std::string>& dirs, bool dirs_given,
                                        spdlog::logger& log) {
  auto host = std::make_unique<PluginHost>();
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      if (dirs_given) {
        log.warn("plugin directory '{}' does not exist; skipped", dir);
      } else {
        log.debug("default plugin directory '{}' does not exist; skipped", dir);
      }
      continue;
    }
    host->LoadDirectory(dir);
  }
  std::string names;
  for (const PluginInfo& info : host->List()) {
    names += (names.empty() ? "" : ", ") + info.name + " " + info.version;
  }
  // The host has logged each refused library with its reason already.
  log.info("{} plugins loaded ({}), {} refused", host->List().size(),
           names.empty() ? "none" : names, host->rejected().size());
  return host;
}

Daemon::Daemon() : log_(ComponentLogger("encored")) {}

Daemon::~Daemon() { Shutdown(); }

Result<std::unique_ptr<Daemon>> Daemon::Start(const DaemonOptions& options,
                                              const std::string& token) {
  std::unique_ptr<Daemon> d(new Daemon());
  d->host_ = LoadPlugins(options.plugin_dirs, options.plugin_dirs_given, *d->log_);

  Result<std::unique_ptr<StateStore>> store = StateStore::Open(options.data_dir);
  if (!store.ok()) return store.status().Wrap("state database in '" + options.data_dir + "'");
  d->store_ = std::move(store).value();
  d->log_->info("state database opened in '{}'", options.data_dir);

  SchedulerOptions scheduling;
  scheduling.max_concurrent_runs = options.max_concurrent_runs;
  scheduling.max_queued_runs = options.max_queued_runs;
  d->scheduler_ = std::make_unique<RunScheduler>(d->store_.get(), d->host_.get(), scheduling);
  d->catalog_ =
      std::make_unique<PipelineCatalog>(d->store_.get(), d->host_.get(), d->scheduler_.get());
  d->queries_ = std::make_unique<CustomerQueries>(d->store_.get());

  if (!options.config_file.empty()) {
    Result<std::string> text = ReadFile(options.config_file);
    if (!text.ok()) return text.status().Wrap("--config");
    Result<PipelineRecord> applied = d->catalog_->Apply(*text);
    if (!applied.ok()) return applied.status().Wrap("--config " + options.config_file);
    d->log_->info("pipeline '{}' applied from {} (version {})", applied->name, options.config_file,
                  applied->version);
  }

  ApiOptions api;
  api.listen = options.listen;
  api.token = token;
  ApiDomain domain{d->host_.get(), d->store_.get(), d->catalog_.get(), d->scheduler_.get(),
                   d->queries_.get()};
  Result<std::unique_ptr<ApiServer>> server = ApiServer::Start(api, domain);
  if (!server.ok()) return server.status();
  d->api_ = std::move(server).value();
  d->log_->info("listening on {}{}", d->api_->address(),
                token.empty() ? "" : " (bearer token required)");
  return d;
}

int Daemon::port() const { return api_ ? api_->port() : 0; }

const std::string& Daemon::address() const {
  static const std::string kNone;
  return api_ ? api_->address() : kNone;
}

void Daemon::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  if (api_) api_->SetServing(false);
  // Runs end before the server stops, so every WatchRun stream receives its run's final event
  // and closes by itself instead of being cut off at the grace deadline.
  if (scheduler_) {
    scheduler_->StopAccepting();
    scheduler_->Shutdown();
  }
  if (api_) api_->Shutdown(kShutdownGrace);
  api_.reset();
  queries_.reset();
  catalog_.reset();
  scheduler_.reset();
  store_.reset();
  log_->info("stopped");
  // The plugin host goes last: nothing created from its libraries is alive any more.
  host_.reset();
}

}  // namespace encore
