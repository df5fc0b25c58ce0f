#include "plugins/sources/csv/input_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <encore/sdk/plugin.hpp>

#include <cerrno>
#include <cstring>

#include "plugins/sources/csv/read_ahead_stream.h"

namespace encore::plugins::csv {
namespace {

std::string SystemError() { return std::strerror(errno); }

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// read(2) with EINTR retried; returns bytes read (0 = end).
size_t ReadSome(int fd, char* out, size_t capacity, const std::string& name) {
  for (;;) {
    const ssize_t n = ::read(fd, out, capacity);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) throw sdk::Error(name + ": read failed: " + SystemError());
  }
}

class FileStream : public ByteStream {
 public:
  FileStream(int fd, std::string replay, std::string name)
      : fd_(fd), replay_(std::move(replay)), name_(std::move(name)) {}
  size_t Read(char* out, size_t capacity) override {
    if (replay_offset_ < replay_.size()) {
      const size_t n = std::min(capacity, replay_.size() - replay_offset_);
      std::memcpy(out, replay_.data() + replay_offset_, n);
      replay_offset_ += n;
      consumed_ += static_cast<int64_t>(n);
      return n;
    }
    const size_t n = ReadSome(fd_, out, capacity, name_);
    consumed_ += static_cast<int64_t>(n);
    return n;
  }
  int64_t consumed() const override { return consumed_; }

 private:
  int fd_;
  std::string replay_;
  size_t replay_offset_ = 0;
  std::string name_;
  int64_t consumed_ = 0;
};

// Inflates gzip data (several concatenated members allowed, as `cat a.gz b.gz` produces).
class GzipStream : public ByteStream {
 public:
  GzipStream(std::unique_ptr<ByteStream> compressed, std::string name)
      : compressed_(std::move(compressed)), name_(std::move(name)), input_(1 << 20) {
    std::memset(&z_, 0, sizeof(z_));
    if (inflateInit2(&z_, 15 + 16) != Z_OK) throw sdk::Error(name_ + ": cannot start gzip");
  }
  ~GzipStream() override { inflateEnd(&z_); }

  size_t Read(char* out, size_t capacity) override {
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
    while (z_.avail_out > 0 && !finished_) {
      if (z_.avail_in == 0) {
        z_.next_in = reinterpret_cast<Bytef*>(input_.data());
        z_.avail_in = static_cast<uInt>(compressed_->Read(input_.data(), input_.size()));
        if (z_.avail_in == 0) {
          if (!member_done_) throw sdk::Error(name_ + ": the gzip data is truncated");
          finished_ = true;
          break;
        }
      }
      if (member_done_) {
        // Another member follows the previous one.
        if (inflateReset(&z_) != Z_OK) throw sdk::Error(name_ + ": cannot restart gzip");
        member_done_ = false;
      }
      const int status = inflate(&z_, Z_NO_FLUSH);
      if (status == Z_STREAM_END) {
        member_done_ = true;
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        throw sdk::Error(name_ + ": the gzip data is corrupt" +
                         (z_.msg != nullptr ? std::string(": ") + z_.msg : std::string()));
      }
    }
    return std::min<size_t>(capacity, 1u << 30) - z_.avail_out;
  }
  int64_t consumed() const override {
    return compressed_->consumed() - static_cast<int64_t>(z_.avail_in);
  }

 private:
  std::unique_ptr<ByteStream> compressed_;
  std::string name_;
  std::vector<char> input_;
  z_stream z_;
  bool member_done_ = false;
  bool finished_ = false;
};

}  // namespace

InputFile::InputFile(const std::string& path) : name_(BaseName(path)) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw sdk::Error(name_ + ": cannot open '" + path + "': " + SystemError());
  struct stat info;
  if (::fstat(fd_, &info) != 0) throw sdk::Error(name_ + ": cannot stat: " + SystemError());
  if (S_ISDIR(info.st_mode)) throw sdk::Error(name_ + ": '" + path + "' is a directory");
  regular_ = S_ISREG(info.st_mode);
  unsigned char magic[2] = {0, 0};
  if (regular_) {
    size_ = info.st_size;
    const ssize_t n = ::pread(fd_, magic, 2, 0);
    if (n < 0) throw sdk::Error(name_ + ": read failed: " + SystemError());
    gzip_ = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  } else {
    char buffer[2];
    size_t n = 0;
    while (n < 2) {
      const size_t got = ReadSome(fd_, buffer + n, 2 - n, name_);
      if (got == 0) break;
      n += got;
    }
    peeked_.assign(buffer, n);
    gzip_ = n == 2 && static_cast<unsigned char>(buffer[0]) == 0x1f &&
            static_cast<unsigned char>(buffer[1]) == 0x8b;
  }
}

InputFile::~InputFile() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
  if (fd_ >= 0) ::close(fd_);
}

std::string_view InputFile::Map() {
  if (size_ == 0) return std::string_view();
  if (map_ == nullptr) {
    map_size_ = static_cast<size_t>(size_);
    void* map = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (map == MAP_FAILED) throw sdk::Error(name_ + ": cannot map the file: " + SystemError());
    map_ = map;
    // Chunks are read front to back: ask for aggressive read-ahead.
    ::madvise(map_, map_size_, MADV_SEQUENTIAL);
  }
  return std::string_view(static_cast<const char*>(map_), map_size_);
}

std::unique_ptr<ByteStream> InputFile::Stream() {
  std::unique_ptr<ByteStream> stream = std::make_unique<FileStream>(fd_, peeked_, name_);
  if (gzip_) {
    // Inflating costs about as much as parsing: do it on a second thread.
    stream =
        std::make_unique<ReadAheadStream>(std::make_unique<GzipStream>(std::move(stream), name_));
  }
  return stream;
}

}  // namespace encore::plugins::csv
