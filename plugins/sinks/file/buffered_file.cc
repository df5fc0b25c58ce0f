#include "plugins/sinks/file/buffered_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <encore/sdk/plugin.hpp>

#include <cerrno>
#include <cstring>

namespace encore::plugins::file {

std::string SystemError(const std::string& what, const std::string& path, int error_number) {
  return what + " '" + path + "': " + std::strerror(error_number);
}

BufferedFile::BufferedFile(std::string path)
    : path_(std::move(path)), buffer_(new char[kCapacity]) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw sdk::Error(SystemError("cannot create file", path_, errno));
}

BufferedFile::~BufferedFile() {
  if (fd_ >= 0) ::close(fd_);
}

void BufferedFile::WriteAll(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw sdk::Error(SystemError("cannot write file", path_, errno));
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void BufferedFile::Drain() {
  WriteAll(buffer_.get(), used_);
  used_ = 0;
}

void BufferedFile::Close() {
  if (fd_ < 0) return;
  Drain();
  if (::fsync(fd_) != 0) throw sdk::Error(SystemError("cannot sync file", path_, errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw sdk::Error(SystemError("cannot close file", path_, errno));
}

}  // namespace encore::plugins::file
