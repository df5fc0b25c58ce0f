// Loads plugin shared libraries, checks their ABI before running any of their code, validates
// instance configs against each plugin's declared option table, and keeps every library loaded
// for the life of the host (no dlclose while anything from it may be alive).
#pragma once

#include <encore/plugin_abi.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/common/status.h"

namespace boost::dll {
class shared_library;
}

namespace encore {

enum class PluginKind {
  kSource = ENCORE_KIND_SOURCE,
  kMethod = ENCORE_KIND_METHOD,
  kSink = ENCORE_KIND_SINK
};
const char* PluginKindName(PluginKind kind);  // "source", "method", "sink"

struct OptionInfo {
  std::string name;
  encore_option_type type;
  bool required = false;
  bool secret = false;
  std::string default_json;          // empty = no default
  std::vector<std::string> allowed;  // empty = any
  std::string description;
};

struct PluginInfo {
  std::string name;
  PluginKind kind;
  std::string version;
  std::string description;
  std::string path;  // the .so it came from
  uint32_t abi_major = 0, abi_minor = 0;
  std::vector<OptionInfo> options;
};

// A plugin library that could not be loaded, and why (kept so operators can see it).
struct RejectedPlugin {
  std::string path;
  std::string reason;  // names the file, its ABI and the supported range where relevant
};

// One created plugin instance. Destroyed through the plugin's own destroy().
class PluginInstance {
 public:
  PluginInstance(const encore_plugin_v1* descriptor, void* instance, std::string instance_name,
                 std::unique_ptr<encore_host_v1> host_services);
  // Same, also holding `keep_alive` (the library and the logger behind host_services->ctx)
  // until the plugin's destroy() has returned, even if the PluginHost is gone by then.
  PluginInstance(const encore_plugin_v1* descriptor, void* instance, std::string instance_name,
                 std::unique_ptr<encore_host_v1> host_services, std::shared_ptr<void> keep_alive);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const encore_plugin_v1& descriptor() const { return *descriptor_; }
  void* handle() const { return instance_; }
  const std::string& instance_name() const { return instance_name_; }
  PluginKind kind() const { return static_cast<PluginKind>(descriptor_->kind); }

 private:
  const encore_plugin_v1* descriptor_;
  void* instance_;
  std::string instance_name_;
  std::unique_ptr<encore_host_v1> host_services_;  // stays valid as long as the instance
  std::shared_ptr<void> keep_alive_;
};

class PluginHost {
 public:
  PluginHost();
  ~PluginHost();

  // Loads every *.so in `dir` (in file name order; other files are ignored). A library that is not
  // a valid Encore plugin is recorded in rejected() with the reason and logged; it never stops the
  // others or the daemon.
  void LoadDirectory(const std::filesystem::path& dir);
  // Loads one library; the error names the file and the reason. Loading a file that is already
  // loaded is a no-op; a second library with an already registered plugin name is rejected.
  Status Load(const std::filesystem::path& path);

  std::vector<PluginInfo> List() const;
  std::vector<RejectedPlugin> rejected() const;
  Result<PluginInfo> Find(const std::string& name) const;

  // Checks `config` against the plugin's option table: unknown key, wrong type, value not
  // allowed, missing required key -> INVALID_ARGUMENT naming instance and key. On success
  // returns the config completed with defaults.
  Result<nlohmann::json> ValidateConfig(const std::string& plugin, const std::string& instance_name,
                                        const nlohmann::json& config) const;

  // Validates, then calls the plugin's create(). A refused or throwing create() is an error
  // naming the instance and the plugin's message.
  Result<std::unique_ptr<PluginInstance>> Create(const std::string& plugin,
                                                 const std::string& instance_name,
                                                 const nlohmann::json& config) const;

  // A copy of `config` with every secret option replaced by "***", for logs and listings.
  // For an unknown plugin every value is replaced, since nothing says which are secret.
  nlohmann::json Redact(const std::string& plugin, const nlohmann::json& config) const;

 private:
  struct Loaded;
  const Loaded* FindLoaded(const std::string& name) const;  // caller holds mu_
  Status Reject(const std::filesystem::path& path, Status why);
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Loaded>> plugins_;  // by plugin name
  std::vector<RejectedPlugin> rejected_;
};

}  // namespace encore
