// encored's command line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "daemon/common/status.h"

namespace encore {

struct DaemonOptions {
  std::string data_dir = "var/encore";
  std::vector<std::string> plugin_dirs;  // empty = DefaultPluginDirs()
  bool plugin_dirs_given = false;
  std::string listen = "127.0.0.1:50051";
  std::string port_file;
  std::string config_file;    // a pipeline applied at start
  std::string validate_file;  // validate this pipeline and exit
  std::string log_level = "info";
  bool log_level_given = false;
  std::string log_file;
  std::string token_env;  // name of the environment variable holding the bearer token
  int max_concurrent_runs = 1;
  size_t max_queued_runs = 64;
  bool help = false;
  bool version = false;
};

// The build's plugins folder (when it still exists) and <prefix>/lib/encore/plugins.
std::vector<std::string> DefaultPluginDirs();

// Parses argv (argv[0] skipped). "--flag value" and "--flag=value" are both accepted.
Result<DaemonOptions> ParseDaemonOptions(int argc, const char* const* argv);

std::string DaemonUsage();

}  // namespace encore
