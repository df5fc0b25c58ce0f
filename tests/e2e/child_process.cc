#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace encore::e2e {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// fork + exec with stdout/stderr redirected to files and extra environment variables.
// Everything the child needs is prepared before fork(): the test process has gRPC threads, and
// between fork() and exec() only async-signal-safe calls are allowed.
pid_t Spawn(const std::vector<std::string>& argv, const EnvVars& env,
            const std::filesystem::path& out, const std::filesystem::path& err) {
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const auto& [n, v] : env) overridden |= n == name;
    if (!overridden) environment.push_back(entry);
  }
  for (const auto& [name, value] : env) environment.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string out_path = out.string();
  const std::string err_path = err.string();
  const bool same = out == err;

  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = same ? out_fd : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int null_fd = open("/dev/null", O_RDONLY);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  dup2(null_fd, STDIN_FILENO);
  execve(args[0], args.data(), envp.data());
  _exit(127);
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "encore-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const EnvVars& env) {
  TempDir dir;
  const auto out = dir.path() / "stdout";
  const auto err = dir.path() / "stderr";
  const pid_t pid = Spawn(argv, env, out, err);
  int status = 0;
  waitpid(pid, &status, 0);
  return ProcessResult{ExitCode(status), ReadAll(out), ReadAll(err)};
}

std::unique_ptr<Daemon> Daemon::Start(const DaemonOptions& options,
                                      const std::filesystem::path& work_dir, std::string* error) {
  std::unique_ptr<Daemon> daemon(new Daemon());
  const auto port_file = work_dir / "encored.port";
  std::filesystem::remove(port_file);
  daemon->log_path_ = work_dir / "encored.log";
  std::vector<std::string> argv = {ENCORED_PATH,      "--data-dir",  options.data_dir.string(),
                                   "--listen",        "127.0.0.1:0", "--port-file",
                                   port_file.string()};
  for (const std::string& dir : options.plugin_dirs) {
    argv.push_back("--plugin-dir");
    argv.push_back(dir);
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  daemon->pid_ = Spawn(argv, options.env, daemon->log_path_, daemon->log_path_);

  // The port file appears (atomically) once the server listens. Polling is how a supervisor
  // waits for it too; the bound only turns a daemon that never starts into a failure.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(daemon->pid_, &status, WNOHANG) == daemon->pid_) {
      daemon->pid_ = -1;
      *error = "encored exited with " + std::to_string(ExitCode(status)) + ":\n" + daemon->log();
      return nullptr;
    }
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      daemon->port_ = port;
      return daemon;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  *error = "encored did not write its port file within 60 s:\n" + daemon->log();
  return nullptr;
}

Daemon::~Daemon() {
  if (pid_ > 0) Stop(SIGKILL);
}

int Daemon::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitCode(status);
}

std::string Daemon::log() const { return ReadAll(log_path_); }

}  // namespace encore::e2e
