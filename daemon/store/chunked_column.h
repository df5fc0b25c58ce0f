// An append-only column made of fixed-size chunks, for the lanes of the store builder.
//
// Why not std::vector: a lane does not know how many lines it will get, and a doubling vector
// holds the old and the new buffer at once while it grows (3x the data at the worst moment) and
// copies everything on each growth. Chunks never move, cost nothing to grow, and can be freed one
// by one while Finish() consumes them, which keeps the peak memory of a run low.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

#include "daemon/store/large_memory.h"

namespace encore::store {

template <class T, int kShift>
class ChunkedColumn {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  static constexpr int kChunkShift = kShift;
  static constexpr size_t kChunkSize = size_t{1} << kShift;
  static constexpr size_t kChunkMask = kChunkSize - 1;

  ChunkedColumn() = default;
  ~ChunkedColumn() { ReleaseAll(); }
  ChunkedColumn(const ChunkedColumn&) = delete;
  ChunkedColumn& operator=(const ChunkedColumn&) = delete;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return chunks_[i >> kShift][i & kChunkMask]; }
  const T& operator[](size_t i) const { return chunks_[i >> kShift][i & kChunkMask]; }
  T& back() { return (*this)[size_ - 1]; }

  void push_back(const T& value) {
    if ((size_ & kChunkMask) == 0) AddChunk();
    chunks_.back()[size_ & kChunkMask] = value;
    ++size_;
  }

  // Appends `n` values; returns where the first one landed.
  size_t append(const T* values, size_t n) {
    const size_t first = size_;
    while (n > 0) {
      if ((size_ & kChunkMask) == 0) AddChunk();
      const size_t room = kChunkSize - (size_ & kChunkMask);
      const size_t take = n < room ? n : room;
      std::memcpy(chunks_.back() + (size_ & kChunkMask), values, take * sizeof(T));
      values += take;
      n -= take;
      size_ += take;
    }
    return first;
  }

  // Room for `n` more values, as a run of contiguous spans filled by `fill(T* out, count)`.
  template <class Fill>
  void append_with(size_t n, Fill&& fill) {
    while (n > 0) {
      if ((size_ & kChunkMask) == 0) AddChunk();
      const size_t room = kChunkSize - (size_ & kChunkMask);
      const size_t take = n < room ? n : room;
      fill(chunks_.back() + (size_ & kChunkMask), take);
      n -= take;
      size_ += take;
    }
  }

  size_t chunk_count() const { return chunks_.size(); }
  T* chunk(size_t c) const { return chunks_[c]; }

  // Frees one chunk early (its values must not be read again). The size is unchanged.
  void ReleaseChunk(size_t c) {
    if (chunks_[c] != nullptr) {
      FreeLarge(chunks_[c], kChunkSize * sizeof(T));
      chunks_[c] = nullptr;
    }
  }
  void ReleaseAll() {
    for (size_t c = 0; c < chunks_.size(); ++c) ReleaseChunk(c);
    chunks_.clear();
    chunks_.shrink_to_fit();
    size_ = 0;
  }

 private:
  void AddChunk() { chunks_.push_back(static_cast<T*>(AllocateLarge(kChunkSize * sizeof(T)))); }

  std::vector<T*> chunks_;
  size_t size_ = 0;
};

}  // namespace encore::store
