#include "plugins/sources/csv/read_ahead_stream.h"

#include <algorithm>
#include <cstring>

namespace encore::plugins::csv {

ReadAheadStream::ReadAheadStream(std::unique_ptr<ByteStream> source, size_t block_bytes, int blocks)
    : source_(std::move(source)) {
  for (int i = 0; i < blocks; ++i) {
    free_.push_back(std::make_unique<Block>());
    free_.back()->bytes.resize(block_bytes);
  }
  producer_ = std::thread(&ReadAheadStream::Produce, this);
}

ReadAheadStream::~ReadAheadStream() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  producer_.join();
}

void ReadAheadStream::Produce() {
  for (;;) {
    std::unique_ptr<Block> block;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !free_.empty(); });
      if (stopping_) return;
      block = std::move(free_.front());
      free_.pop_front();
    }
    bool last = false;
    try {
      // Fill the whole block: a short read would only mean more round trips.
      block->size = 0;
      while (block->size < block->bytes.size()) {
        const size_t n =
            source_->Read(block->bytes.data() + block->size, block->bytes.size() - block->size);
        if (n == 0) break;
        block->size += n;
      }
      block->consumed = source_->consumed();
      last = block->size == 0;
    } catch (...) {
      block->error = std::current_exception();
      last = true;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.push_back(std::move(block));
    }
    changed_.notify_all();
    if (last) return;
  }
}

size_t ReadAheadStream::Read(char* out, size_t capacity) {
  size_t copied = 0;
  while (copied < capacity && !ended_) {
    if (current_ == nullptr || offset_ == current_->size) {
      std::unique_lock<std::mutex> lock(mutex_);
      if (current_ != nullptr) {
        free_.push_back(std::move(current_));
        changed_.notify_all();
      }
      changed_.wait(lock, [&] { return !ready_.empty(); });
      current_ = std::move(ready_.front());
      ready_.pop_front();
      offset_ = 0;
      if (current_->error) {
        ended_ = true;
        std::rethrow_exception(current_->error);
      }
      if (current_->size == 0) {
        ended_ = true;
        break;
      }
    }
    const size_t n = std::min(capacity - copied, current_->size - offset_);
    std::memcpy(out + copied, current_->bytes.data() + offset_, n);
    copied += n;
    offset_ += n;
    // Progress: the source position reached once this block is used up (close enough).
    consumed_ = current_->consumed;
  }
  return copied;
}

}  // namespace encore::plugins::csv
