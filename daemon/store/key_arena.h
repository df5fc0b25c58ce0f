// Append-only storage for a lane's order ids, addressed by 32-bit references instead of
// pointers: a run of lines keeps its order id in 4 bytes, which with millions of runs is worth
// having. Blocks are 1 MiB (a longer key gets a block of its own) and never move, so the bytes of
// a reference stay valid for the arena's life; the store points at them directly.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

namespace encore::store {

class KeyArena {
 public:
  KeyArena() = default;
  KeyArena(KeyArena&&) noexcept = default;
  KeyArena& operator=(KeyArena&&) noexcept = default;

  // Throws std::bad_alloc when the 4 GiB a reference can address are used up.
  uint32_t Add(std::string_view key) {
    if (key.size() > left_ || blocks_.empty()) {
      if (blocks_.size() >= kMaxBlocks) throw std::bad_alloc();
      const size_t size = key.size() > kBlock ? key.size() : kBlock;
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
      used_ = 0;
      left_ = size;
    }
    const uint32_t ref = static_cast<uint32_t>((blocks_.size() - 1) << kBlockShift | used_);
    if (!key.empty()) std::memcpy(blocks_.back().get() + used_, key.data(), key.size());
    // A key longer than a block fills its own block; the next key starts a new one.
    used_ += key.size();
    left_ = used_ >= kBlock ? 0 : left_ - key.size();
    return ref;
  }

  const char* At(uint32_t ref) const {
    return blocks_[ref >> kBlockShift].get() + (ref & (kBlock - 1));
  }

 private:
  static constexpr int kBlockShift = 20;
  static constexpr size_t kBlock = size_t{1} << kBlockShift;
  static constexpr size_t kMaxBlocks = size_t{1} << (32 - kBlockShift);
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;  // bytes used in the last block
  size_t left_ = 0;  // bytes free in the last block
};

}  // namespace encore::store
