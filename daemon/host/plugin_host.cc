#include "daemon/host/plugin_host.h"

#include <dlfcn.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <fstream>
#include <string_view>
#include <system_error>
#include <utility>

#include "daemon/host/descriptor_check.h"
#include "daemon/host/option_table.h"
#include "daemon/host/plugin_call.h"

namespace encore {
namespace fs = std::filesystem;

struct PluginHost::Loaded {
  PluginInfo info;
  fs::path canonical_path;  // to recognise a second Load() of the same file
  std::shared_ptr<boost::dll::shared_library> library;
  const encore_plugin_v1* descriptor = nullptr;
};

namespace {

// What encore_host_v1::ctx points to for one instance; lives as long as the PluginInstance.
struct InstanceServices {
  std::shared_ptr<boost::dll::shared_library> library;
  std::shared_ptr<spdlog::logger> logger;
};

spdlog::level::level_enum ToSpdlogLevel(int32_t level) {
  switch (level) {
    case ENCORE_LOG_DEBUG:
      return spdlog::level::debug;
    case ENCORE_LOG_WARN:
      return spdlog::level::warn;
    case ENCORE_LOG_ERROR:
      return spdlog::level::err;
    default:
      return spdlog::level::info;
  }
}

// Called from plugin code, possibly on several threads at once: spdlog loggers are thread-safe,
// and nothing may escape back into the plugin.
void LogFromPlugin(void* ctx, int32_t level, encore_str message) noexcept {
  try {
    const auto* services = static_cast<const InstanceServices*>(ctx);
    services->logger->log(ToSpdlogLevel(level), "{}",
                          std::string_view(message.data ? message.data : "", message.size));
  } catch (...) {
  }
}

// A logger per instance ("plugin.csv#orders") writing to the default logger's sinks, registered
// so operators can change its level by name. A new instance under the same name replaces the
// registered logger, so it picks up the sinks in force now.
std::shared_ptr<spdlog::logger> InstanceLogger(const std::string& plugin,
                                               const std::string& instance) {
  static std::mutex registry_mu;
  const std::string name = "plugin." + plugin + "#" + instance;
  const auto base = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>(name, base->sinks().begin(), base->sinks().end());
  logger->set_level(base->level());
  logger->flush_on(base->flush_level());
  std::lock_guard lock(registry_mu);
  spdlog::drop(name);
  spdlog::register_logger(logger);
  return logger;
}

bool IsSharedLibraryName(const fs::path& path) { return path.extension() == ".so"; }

// library_info's own error for a short text file is an iostream one ("basic_ios::clear"), which
// tells an operator nothing; checking the ELF magic first gives a message that does.
bool HasElfMagic(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, sizeof(magic)) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

}  // namespace

PluginInstance::PluginInstance(const encore_plugin_v1* descriptor, void* instance,
                               std::string instance_name,
                               std::unique_ptr<encore_host_v1> host_services)
    : PluginInstance(descriptor, instance, std::move(instance_name), std::move(host_services),
                     nullptr) {}

PluginInstance::PluginInstance(const encore_plugin_v1* descriptor, void* instance,
                               std::string instance_name,
                               std::unique_ptr<encore_host_v1> host_services,
                               std::shared_ptr<void> keep_alive)
    : descriptor_(descriptor),
      instance_(instance),
      instance_name_(std::move(instance_name)),
      host_services_(std::move(host_services)),
      keep_alive_(std::move(keep_alive)) {}

PluginInstance::~PluginInstance() {
  if (descriptor_ != nullptr && descriptor_->destroy != nullptr) descriptor_->destroy(instance_);
}

PluginHost::PluginHost() = default;
PluginHost::~PluginHost() = default;

void PluginHost::LoadDirectory(const fs::path& dir) {
  std::vector<fs::path> files;
  try {
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::error_code ec;  // a dangling symlink is skipped, not an error for the directory
      if (IsSharedLibraryName(entry.path()) && entry.is_regular_file(ec)) {
        files.push_back(entry.path());
      }
    }
  } catch (const fs::filesystem_error& e) {
    spdlog::error("plugin directory {}: {}", dir.string(), e.code().message());
    return;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) Load(file);  // failures are recorded in rejected_
}

Status PluginHost::Reject(const fs::path& path, Status why) {
  Status status = why.Wrap(path.string());
  spdlog::warn("plugin rejected: {}", status.message());
  std::lock_guard lock(mu_);
  auto same = std::find_if(rejected_.begin(), rejected_.end(),
                           [&](const RejectedPlugin& r) { return r.path == path.string(); });
  if (same != rejected_.end()) {
    same->reason = status.message();
  } else {
    rejected_.push_back({path.string(), status.message()});
  }
  return status;
}

Status PluginHost::Load(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec) canonical = path;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, loaded] : plugins_) {
      if (loaded->canonical_path == canonical) return Status::Ok();
    }
  }

  // 1. Look for the entry alias without running any code of the library.
  if (!HasElfMagic(path)) {
    return Reject(path, FailedPrecondition("not an Encore plugin (not an ELF shared library)"));
  }
  try {
    boost::dll::library_info info(path);
    const std::vector<std::string> symbols = info.symbols(ENCORE_ENTRY_SECTION);
    const std::vector<std::string> sections = info.sections();
    const auto has = [](const std::vector<std::string>& names, const char* name) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    // library_info reads .symtab, which `strip --strip-unneeded` (dh_strip, install/strip)
    // removes; the alias is still in .dynsym then. A stripped file that has our section is let
    // through: get_alias below finds the alias or refuses the file.
    const bool stripped_with_section =
        !has(sections, ".symtab") && has(sections, ENCORE_ENTRY_SECTION);
    if (!has(symbols, ENCORE_ENTRY_ALIAS) && !stripped_with_section) {
      return Reject(path, FailedPrecondition("not an Encore plugin (no " ENCORE_ENTRY_ALIAS
                                             " in section '" ENCORE_ENTRY_SECTION "')"));
    }
  } catch (const std::exception& e) {
    return Reject(path, FailedPrecondition(std::string("not an Encore plugin (not a readable "
                                                       "shared library: ") +
                                           e.what() + ")"));
  }

  // 2. Load it: every symbol resolved now, none leaking into other plugins.
  auto library = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code load_error;
  dlerror();  // so the text read below is this load's
  library->load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                load_error);
  if (load_error) {
    const char* text = dlerror();
    return Reject(path, FailedPrecondition(std::string("cannot load: ") +
                                           (text != nullptr ? text : load_error.message())));
  }

  // 3. The descriptor.
  const encore_plugin_v1* descriptor = nullptr;
  try {
    descriptor = library->get_alias<const encore_plugin_v1*()>(ENCORE_ENTRY_ALIAS)();
  } catch (const std::exception& e) {
    return Reject(
        path, FailedPrecondition(std::string("cannot call " ENCORE_ENTRY_ALIAS ": ") + e.what()));
  }
  if (descriptor == nullptr) {
    return Reject(path, FailedPrecondition(ENCORE_ENTRY_ALIAS " returned no descriptor"));
  }

  // 4. ABI before anything else of the descriptor is read; 5. its self-description.
  if (Status abi = CheckAbi(*descriptor); !abi.ok()) return Reject(path, abi);
  auto info = DescribePlugin(*descriptor);
  if (!info.ok()) return Reject(path, info.status());
  info->path = path.string();

  // 6. Register by name.
  auto loaded = std::make_unique<Loaded>();
  loaded->info = std::move(info).value();
  loaded->canonical_path = canonical;
  loaded->library = std::move(library);
  loaded->descriptor = descriptor;
  const PluginInfo& registered = loaded->info;
  std::string registered_by;  // the file that already provides this name, if any
  {
    std::lock_guard lock(mu_);
    if (const Loaded* other = FindLoaded(registered.name)) {
      registered_by = other->info.path;
    } else {
      spdlog::info("loaded {} plugin {} {} (ABI {}.{}) from {}", PluginKindName(registered.kind),
                   registered.name, registered.version, registered.abi_major, registered.abi_minor,
                   registered.path);
      plugins_.emplace(registered.name, std::move(loaded));
      // A file refused earlier (say, before it was rebuilt) is no longer a rejected one.
      std::erase_if(rejected_, [&](const RejectedPlugin& r) { return r.path == path.string(); });
    }
  }
  if (!registered_by.empty()) {
    return Reject(path, AlreadyExists("plugin name '" + registered.name +
                                      "' is already registered by " + registered_by));
  }
  return Status::Ok();
}

const PluginHost::Loaded* PluginHost::FindLoaded(const std::string& name) const {
  const auto it = plugins_.find(name);
  return it == plugins_.end() ? nullptr : it->second.get();
}

std::vector<PluginInfo> PluginHost::List() const {
  std::lock_guard lock(mu_);
  std::vector<PluginInfo> list;
  for (const auto& [name, loaded] : plugins_) list.push_back(loaded->info);
  return list;
}

std::vector<RejectedPlugin> PluginHost::rejected() const {
  std::lock_guard lock(mu_);
  return rejected_;
}

Result<PluginInfo> PluginHost::Find(const std::string& name) const {
  std::lock_guard lock(mu_);
  if (const Loaded* loaded = FindLoaded(name)) return loaded->info;
  std::string names;
  for (const auto& [known, loaded] : plugins_) names += (names.empty() ? "" : ", ") + known;
  return NotFound("unknown plugin '" + name + "' (loaded: " + (names.empty() ? "none" : names) +
                  ")");
}

Result<nlohmann::json> PluginHost::ValidateConfig(const std::string& plugin,
                                                  const std::string& instance_name,
                                                  const nlohmann::json& config) const {
  auto info = Find(plugin);
  if (!info.ok()) return info.status().Wrap(instance_name);
  return CheckConfig(info->options, config, instance_name + " (" + plugin + ")");
}

Result<std::unique_ptr<PluginInstance>> PluginHost::Create(const std::string& plugin,
                                                           const std::string& instance_name,
                                                           const nlohmann::json& config) const {
  auto completed = ValidateConfig(plugin, instance_name, config);
  if (!completed.ok()) return completed.status();
  const Loaded* loaded = nullptr;
  {
    std::lock_guard lock(mu_);
    loaded = FindLoaded(plugin);  // entries are never removed, so the pointer stays valid
  }
  const std::string who = instance_name + " (" + plugin + " from " + loaded->info.path + ")";

  auto services = std::make_shared<InstanceServices>();
  services->library = loaded->library;
  services->logger = InstanceLogger(plugin, instance_name);
  auto host = std::make_unique<encore_host_v1>();
  host->struct_size = sizeof(encore_host_v1);
  host->ctx = services.get();
  host->log = &LogFromPlugin;

  const std::string text = completed->dump();
  encore_error error = NewPluginError();
  void* handle = nullptr;
  int32_t code = ENCORE_FATAL;
  try {
    code = loaded->descriptor->create(encore_str{instance_name.data(), instance_name.size()},
                                      encore_str{text.data(), text.size()}, host.get(), &handle,
                                      &error);
  } catch (...) {
    // Only a plugin that bypasses the SDK wrapper can get here.
    return FailedPrecondition(who + ": create failed: an exception escaped the plugin");
  }
  if (code != ENCORE_OK) {
    const std::string message = who + ": create failed: " + PluginMessage(error);
    if (code == ENCORE_INVALID_CONFIG) return InvalidArgument(message);
    return FailedPrecondition(message);
  }
  return std::make_unique<PluginInstance>(loaded->descriptor, handle, instance_name,
                                          std::move(host), std::move(services));
}

nlohmann::json PluginHost::Redact(const std::string& plugin, const nlohmann::json& config) const {
  auto info = Find(plugin);
  if (info.ok()) return RedactSecrets(info->options, config);
  if (!config.is_object()) return config;
  nlohmann::json redacted = config;
  for (auto& item : redacted.items()) item.value() = "***";
  return redacted;
}

}  // namespace encore
