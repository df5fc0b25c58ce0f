// Access to the CSV file's bytes: a read-only memory map for plain regular files (parsed in
// place, in parallel), a stream for gzip files and for pipes.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_INPUT_FILE_H_
#define ENCORE_PLUGINS_SOURCES_CSV_INPUT_FILE_H_

#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace encore::plugins::csv {

// Sequential bytes of the (decompressed) file.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Fills up to `capacity` bytes; returns 0 only at the end. Throws sdk::Error on failure.
  virtual size_t Read(char* out, size_t capacity) = 0;
  // Bytes consumed from the file itself (compressed bytes for gzip), for progress.
  virtual int64_t consumed() const = 0;
};

class InputFile {
 public:
  // Opens `path`. Throws sdk::Error naming the file when it cannot be opened or read.
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // "orders.csv": the file's name without its directory, used in every message.
  const std::string& name() const { return name_; }
  bool is_gzip() const { return gzip_; }
  // A plain regular file: Map() is available.
  bool mappable() const { return regular_ && !gzip_; }
  // Size on disk; 0 for pipes.
  int64_t size() const { return size_; }

  // Maps the whole file read-only. Valid while this object lives.
  std::string_view Map();
  // The file's bytes, decompressed when it is gzip. Call once.
  std::unique_ptr<ByteStream> Stream();

 private:
  std::string name_;
  int fd_ = -1;
  bool regular_ = false;
  bool gzip_ = false;
  int64_t size_ = 0;
  std::string peeked_;  // bytes read from a pipe to detect gzip, replayed by Stream()
  void* map_ = nullptr;
  size_t map_size_ = 0;
};

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_INPUT_FILE_H_
