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
};

class PluginHost {
 public:
  PluginHost();
  ~PluginHost();

  // Loads every *.so in `dir`. A library that is not a valid Encore plugin is recorded in
  // rejected() with the reason and logged; it never stops the others or the daemon.
  void LoadDirectory(const std::filesystem::path& dir);
  // Loads one library; the error names the file and the reason.
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
  nlohmann::json Redact(const std::string& plugin, const nlohmann::json& config) const;

 private:
  struct Loaded;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Loaded>> plugins_;  // by plugin name
  std::vector<RejectedPlugin> rejected_;
};

}  // namespace encore
