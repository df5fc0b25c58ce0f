#include "plugins/sinks/file/run_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <encore/sdk/plugin.hpp>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "plugins/sinks/file/buffered_file.h"

namespace encore::plugins::file {
namespace {

namespace fs = std::filesystem;

void RemoveAll(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) throw sdk::Error(SystemError("cannot remove", path, ec.value()));
}

void CreateDirectories(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw sdk::Error(SystemError("cannot create directory", path, ec.value()));
}

// A rename is durable once the directory holding the entry is synced.
void SyncDirectory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw sdk::Error(SystemError("cannot open directory", path, errno));
  const int result = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  if (result != 0) throw sdk::Error(SystemError("cannot sync directory", path, error_number));
}

void Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw sdk::Error(SystemError("cannot rename '" + from + "' to", to, errno));
  }
}

}  // namespace

void RunFolder::CheckComponent(const std::string& what, const std::string& value) {
  if (value.empty() || value == "." || value == ".." || value.front() == '.' ||
      value.find('/') != std::string::npos || value.find('\0') != std::string::npos) {
    throw sdk::Error(what + " '" + value +
                     "' cannot be a folder name (empty, '/', NUL or a leading '.')");
  }
}

RunFolder::RunFolder(const std::string& root, const std::string& pipeline,
                     const std::string& run_id) {
  CheckComponent("pipeline", pipeline);
  CheckComponent("run id", run_id);
  run_id_ = run_id;
  parent_ = root + "/" + pipeline;
  temp_ = parent_ + "/." + run_id + ".tmp";
  final_ = parent_ + "/" + run_id;
  CreateDirectories(parent_);
  RemoveAll(temp_);
  if (::mkdir(temp_.c_str(), 0755) != 0) {
    throw sdk::Error(SystemError("cannot create directory", temp_, errno));
  }
}

RunFolder::~RunFolder() {
  if (published_) return;
  std::error_code ignored;  // best effort: a destructor must not throw
  fs::remove_all(temp_, ignored);
}

void RunFolder::Publish() {
  SyncDirectory(temp_);
  if (!rename_fallback_ && PublishWithRenameFlags()) return;
  PublishWithRenames();
}

bool RunFolder::PublishWithRenameFlags() {
  if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_NOREPLACE) == 0) {
    published_ = true;
    SyncDirectory(parent_);
    return true;
  }
  int error_number = errno;
  if (error_number == EEXIST) {
    // A re-delivery of the same run: swap the folders in one step, then drop the old one, which
    // now sits under the temporary name.
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) == 0) {
      published_ = true;
      SyncDirectory(parent_);
      RemoveAll(temp_);
      return true;
    }
    error_number = errno;
  }
  if (error_number == EINVAL || error_number == ENOSYS) return false;  // flags not supported
  throw sdk::Error(SystemError("cannot rename '" + temp_ + "' to", final_, error_number));
}

void RunFolder::PublishWithRenames() {
  // Without an atomic exchange there is a moment with no folder under the final name, but never
  // one with a mixed or half-written folder.
  const std::string old = parent_ + "/." + run_id_ + ".old";
  const bool replacing = fs::exists(final_);
  if (replacing) {
    RemoveAll(old);
    Rename(final_, old);
  }
  Rename(temp_, final_);
  published_ = true;
  SyncDirectory(parent_);
  if (replacing) RemoveAll(old);
}

void RunFolder::Discard() {
  if (!published_) RemoveAll(temp_);
}

}  // namespace encore::plugins::file
