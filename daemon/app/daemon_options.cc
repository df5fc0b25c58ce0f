#include "daemon/app/daemon_options.h"

#include <charconv>
#include <functional>
#include <map>
#include <string_view>

namespace encore {
namespace {

Result<long> ParseCount(const std::string& flag, const std::string& value, long min, long max) {
  long n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n < min || n > max) {
    return InvalidArgument(flag + ": '" + value + "' is not a whole number in " +
                           std::to_string(min) + ".." + std::to_string(max));
  }
  return n;
}

}  // namespace

std::vector<std::string> DefaultPluginDirs() {
  return {ENCORE_BUILD_PLUGIN_DIR, ENCORE_INSTALL_PLUGIN_DIR};
}

std::string DaemonUsage() {
  return R"(usage: encored [flags]

Loads source, method and sink plugins and serves the encore.v1 gRPC API.

  --data-dir DIR            state database directory (default var/encore)
  --plugin-dir DIR          load every plugin in DIR; repeatable (default: the build's
                            plugins folder and )" ENCORE_INSTALL_PLUGIN_DIR R"()
  --listen HOST:PORT        gRPC address (default 127.0.0.1:50051; port 0 = any free port)
  --port-file FILE          write the port actually listened on to FILE
  --config FILE             apply this pipeline spec at start
  --validate FILE           check a pipeline spec against the plugins, print problems, exit
                            0 (valid) or 1 (invalid)
  --token-env NAME          require "authorization: Bearer <token>" on every call, the token
                            being the value of environment variable NAME
  --max-concurrent-runs N   runs executed at the same time (default 1)
  --max-queued-runs N       runs waiting to start before StartRun is refused (default 64)
  --log-level LEVEL         trace, debug, info, warn, error, off (default info)
  --log-file FILE           log to FILE instead of stderr
  --version                 print the version and exit
  --help                    print this help and exit
)";
}

Result<DaemonOptions> ParseDaemonOptions(int argc, const char* const* argv) {
  DaemonOptions options;
  using Setter = std::function<Status(const std::string&)>;
  const std::map<std::string_view, Setter> with_value = {
      {"--data-dir",
       [&](const std::string& v) {
         options.data_dir = v;
         return Status::Ok();
       }},
      {"--plugin-dir",
       [&](const std::string& v) {
         options.plugin_dirs.push_back(v);
         options.plugin_dirs_given = true;
         return Status::Ok();
       }},
      {"--listen",
       [&](const std::string& v) {
         options.listen = v;
         return Status::Ok();
       }},
      {"--port-file",
       [&](const std::string& v) {
         options.port_file = v;
         return Status::Ok();
       }},
      {"--config",
       [&](const std::string& v) {
         options.config_file = v;
         return Status::Ok();
       }},
      {"--validate",
       [&](const std::string& v) {
         options.validate_file = v;
         return Status::Ok();
       }},
      {"--token-env",
       [&](const std::string& v) {
         options.token_env = v;
         return Status::Ok();
       }},
      {"--log-level",
       [&](const std::string& v) {
         options.log_level = v;
         options.log_level_given = true;
         return Status::Ok();
       }},
      {"--log-file",
       [&](const std::string& v) {
         options.log_file = v;
         return Status::Ok();
       }},
      {"--max-concurrent-runs",
       [&](const std::string& v) -> Status {
         Result<long> n = ParseCount("--max-concurrent-runs", v, 1, 64);
         if (!n.ok()) return n.status();
         options.max_concurrent_runs = static_cast<int>(*n);
         return Status::Ok();
       }},
      {"--max-queued-runs",
       [&](const std::string& v) -> Status {
         Result<long> n = ParseCount("--max-queued-runs", v, 1, 100000);
         if (!n.ok()) return n.status();
         options.max_queued_runs = static_cast<size_t>(*n);
         return Status::Ok();
       }},
  };

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      continue;
    }
    if (arg == "--version") {
      options.version = true;
      continue;
    }
    std::string value;
    bool has_value = false;
    if (const size_t eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    auto it = with_value.find(arg);
    if (it == with_value.end()) {
      return InvalidArgument("unknown flag '" + arg + "' (see --help)");
    }
    if (!has_value) {
      if (i + 1 >= argc) return InvalidArgument(arg + ": needs a value");
      value = argv[++i];
    }
    ENCORE_RETURN_IF_ERROR(it->second(value));
  }
  if (options.data_dir.empty()) return InvalidArgument("--data-dir: must not be empty");
  if (!options.plugin_dirs_given) options.plugin_dirs = DefaultPluginDirs();
  return options;
}

}  // namespace encore
