// A ByteStream that reads its source on a background thread, so that inflating a gzip file and
// parsing it run on two cores instead of one after the other.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_READ_AHEAD_STREAM_H_
#define ENCORE_PLUGINS_SOURCES_CSV_READ_AHEAD_STREAM_H_

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "plugins/sources/csv/input_file.h"

namespace encore::plugins::csv {

class ReadAheadStream : public ByteStream {
 public:
  // Keeps up to `blocks` blocks of `block_bytes` read ahead of the consumer.
  ReadAheadStream(std::unique_ptr<ByteStream> source, size_t block_bytes = 1 << 20, int blocks = 4);
  ~ReadAheadStream() override;

  // Rethrows, in stream order, an error the source raised on the background thread.
  size_t Read(char* out, size_t capacity) override;
  int64_t consumed() const override { return consumed_; }

 private:
  struct Block {
    std::vector<char> bytes;
    size_t size = 0;           // 0: the source has ended
    int64_t consumed = 0;      // the source's consumed() once this block was read
    std::exception_ptr error;  // the source failed instead of filling this block
  };
  void Produce();

  std::unique_ptr<ByteStream> source_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Block>> free_, ready_;
  bool stopping_ = false;
  std::unique_ptr<Block> current_;  // being copied out by Read()
  size_t offset_ = 0;
  bool ended_ = false;
  int64_t consumed_ = 0;
  std::thread producer_;  // last: starts after everything above exists
};

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_READ_AHEAD_STREAM_H_
