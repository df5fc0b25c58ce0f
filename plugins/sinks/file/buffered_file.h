// A file written through one large buffer straight to write(2): formatting a million rows field
// by field through iostreams costs several times more than the formatting itself.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace encore::plugins::file {

class BufferedFile {
 public:
  // Creates (or truncates) `path`. Throws sdk::Error naming the path and the system's reason.
  explicit BufferedFile(std::string path);
  ~BufferedFile();  // closes without syncing; call Close() to keep the data
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;

  const std::string& path() const { return path_; }

  void Append(std::string_view bytes) {
    if (bytes.size() > kCapacity - used_) {
      Drain();
      if (bytes.size() > kCapacity) return WriteAll(bytes.data(), bytes.size());
    }
    std::memcpy(buffer_.get() + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
  }
  void Append(char c) {
    if (used_ == kCapacity) Drain();
    buffer_[used_++] = c;
  }
  // Room for `n` bytes written directly at Reserve()'s pointer, then Commit(n_written).
  char* Reserve(size_t n) {
    if (n > kCapacity - used_) Drain();
    return buffer_.get() + used_;
  }
  void Commit(size_t n) { used_ += n; }

  // Hands the buffer to the kernel.
  void Drain();
  // Drains, fsyncs and closes; errors (a full disk shows up here at the latest) throw.
  void Close();

  static constexpr size_t kCapacity = size_t{1} << 20;

 private:
  void WriteAll(const char* data, size_t size);

  std::string path_;
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  size_t used_ = 0;
};

// "<what> '<path>': <strerror(errno)>", the shape of every file system error of this sink.
std::string SystemError(const std::string& what, const std::string& path, int error_number);

}  // namespace encore::plugins::file
