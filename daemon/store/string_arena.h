// Append-only storage for the bytes of interned keys (customer, order, product and manager ids).
// Blocks never move, so a string_view into the arena stays valid for the arena's whole life: that
// is what lets dictionaries, the store and the methods' dataset view point into it without copies.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace encore::store {

class StringArena {
 public:
  StringArena() = default;
  StringArena(StringArena&&) noexcept = default;
  StringArena& operator=(StringArena&&) noexcept = default;

  // Copies `s` in; the result stays valid until the arena is destroyed.
  std::string_view Add(std::string_view s) {
    if (s.size() > left_) NewBlock(s.size());
    char* out = cursor_;
    if (!s.empty()) std::memcpy(out, s.data(), s.size());
    cursor_ += s.size();
    left_ -= s.size();
    return std::string_view(out, s.size());
  }

  // Bytes reserved by the arena's blocks (for memory accounting).
  size_t reserved_bytes() const { return reserved_; }

 private:
  // Blocks grow from 4 KiB to 1 MiB so small stores (tests, tiny pipelines) stay small while big
  // ones do not pay one allocation per few keys.
  void NewBlock(size_t at_least) {
    next_block_ = std::min<size_t>(next_block_ * 2, kMaxBlock);
    const size_t size = std::max(next_block_, at_least);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    cursor_ = blocks_.back().get();
    left_ = size;
    reserved_ += size;
  }

  static constexpr size_t kMaxBlock = size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  size_t left_ = 0;
  size_t next_block_ = 2048;
  size_t reserved_ = 0;
};

}  // namespace encore::store
