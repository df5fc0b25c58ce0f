// Starting encored and encorectl as child processes for the end-to-end tests.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace encore::e2e {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs a program to completion with extra environment variables, capturing its output.
ProcessResult RunProcess(const std::vector<std::string>& argv, const EnvVars& env = {});

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct DaemonOptions {
  std::filesystem::path data_dir;
  std::vector<std::string> plugin_dirs;
  std::vector<std::string> extra_args;
  EnvVars env;
};

// encored listening on 127.0.0.1 and a port of its choosing (--listen 127.0.0.1:0
// --port-file). Its stdout and stderr go to a log file next to the port file.
class Daemon {
 public:
  // nullptr when it did not come up; `error` then says why, with the daemon's log.
  static std::unique_ptr<Daemon> Start(const DaemonOptions& options,
                                       const std::filesystem::path& work_dir, std::string* error);
  ~Daemon();  // SIGKILL if still running

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  // Sends `signal` and waits for the exit; returns the exit code (128 + signal if killed).
  int Stop(int signal);
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_path_;
};

}  // namespace encore::e2e
