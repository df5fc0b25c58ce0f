// Test helper: loads a built plugin .so through Boost.DLL the way the daemon does (sectioned
// alias, rtld_now | rtld_local) and creates instances from JSON configs. Lets a plugin's own
// tests exercise its real binary without a daemon. Throws std::runtime_error on any failure;
// meant for tests only.
#ifndef ENCORE_SDK_TESTING_LOADED_PLUGIN_HPP_
#define ENCORE_SDK_TESTING_LOADED_PLUGIN_HPP_

#include <encore/plugin_abi.h>

#include <boost/dll/shared_library.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace encore::sdk::testing {

// Log lines a plugin wrote through the host, kept for assertions.
struct CapturedLog {
  std::vector<std::pair<int32_t, std::string>> lines;
};

class LoadedPlugin {
 public:
  explicit LoadedPlugin(const std::string& path)
      : library_(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) {
    auto entry = library_.get_alias<const encore_plugin_v1*()>(ENCORE_ENTRY_ALIAS);
    descriptor_ = entry();
    if (descriptor_ == nullptr) throw std::runtime_error(path + ": entry returned no descriptor");
  }

  const encore_plugin_v1& descriptor() const { return *descriptor_; }

  // An instance destroyed through the plugin's destroy(). The library outlives it because the
  // LoadedPlugin must outlive every Instance (as in the daemon, libraries are never unloaded
  // while instances exist).
  class Instance {
   public:
    Instance(const encore_plugin_v1* d, void* self, std::unique_ptr<encore_host_v1> host,
             std::unique_ptr<CapturedLog> log)
        : d_(d), self_(self), host_(std::move(host)), log_(std::move(log)) {}
    ~Instance() {
      if (self_ != nullptr) d_->destroy(self_);
    }
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;
    void* get() const { return self_; }
    const encore_plugin_v1& descriptor() const { return *d_; }
    const CapturedLog& log() const { return *log_; }

   private:
    const encore_plugin_v1* d_;
    void* self_;
    std::unique_ptr<encore_host_v1> host_;
    std::unique_ptr<CapturedLog> log_;
  };

  // Creates an instance; on failure returns nullptr and fills `status`/`message`.
  std::unique_ptr<Instance> TryCreate(const nlohmann::json& config, int32_t* status,
                                      std::string* message, const std::string& name = "test") {
    auto log = std::make_unique<CapturedLog>();
    auto host = std::make_unique<encore_host_v1>();
    host->struct_size = sizeof(encore_host_v1);
    host->ctx = log.get();
    host->log = [](void* ctx, int32_t level, encore_str m) {
      static_cast<CapturedLog*>(ctx)->lines.emplace_back(level, std::string(m.data, m.size));
    };
    const std::string text = WithDefaults(config).dump();
    encore_error error{};
    error.struct_size = sizeof(error);
    void* self = nullptr;
    *status = descriptor_->create(encore_str{name.data(), name.size()},
                                  encore_str{text.data(), text.size()}, host.get(), &self, &error);
    if (*status != ENCORE_OK) {
      *message = error.message;
      return nullptr;
    }
    return std::make_unique<Instance>(descriptor_, self, std::move(host), std::move(log));
  }

  std::unique_ptr<Instance> Create(const nlohmann::json& config) {
    int32_t status = 0;
    std::string message;
    auto instance = TryCreate(config, &status, &message);
    if (!instance) throw std::runtime_error("create failed: " + message);
    return instance;
  }

 private:
  // Fills declared defaults for absent keys, as the daemon does before create().
  nlohmann::json WithDefaults(nlohmann::json config) const {
    for (size_t i = 0; i < descriptor_->option_count; ++i) {
      const encore_option_v1& option = descriptor_->options[i];
      if (option.default_json != nullptr && !config.contains(option.name)) {
        config[option.name] = nlohmann::json::parse(option.default_json);
      }
    }
    return config;
  }

  boost::dll::shared_library library_;
  const encore_plugin_v1* descriptor_ = nullptr;
};

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_LOADED_PLUGIN_HPP_
