// Interns strings into dense 32-bit ids (0, 1, 2, ... in order of first appearance). Keys live in
// the dictionary's own arena; the index maps views of them to ids.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <encore/plugin_abi.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "daemon/store/string_arena.h"

namespace encore::store {

inline constexpr uint32_t kNoId = UINT32_MAX;

class StringDictionary {
 public:
  StringDictionary() = default;
  StringDictionary(StringDictionary&&) noexcept = default;
  StringDictionary& operator=(StringDictionary&&) noexcept = default;

  uint32_t Intern(std::string_view key) {
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    return Insert(key);
  }
  uint32_t Find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? kNoId : it->second;
  }
  // Starts fetching the index slot of `key` into the cache: a batch of lookups whose keys are
  // known ahead (see the store builder) overlaps its memory latencies this way.
  void Prefetch(std::string_view key) const { index_.prefetch(key); }

  size_t size() const { return keys_.size(); }
  std::string_view key(uint32_t id) const { return {keys_[id].data, keys_[id].size}; }
  // The keys by id, laid out for encore_dataset_v1 (views into this dictionary's arena).
  const std::vector<encore_str>& keys() const { return keys_; }

  void Reserve(size_t n) {
    index_.reserve(n);
    keys_.reserve(n);
  }

 private:
  uint32_t Insert(std::string_view key) {
    const std::string_view stored = arena_.Add(key);
    const uint32_t id = static_cast<uint32_t>(keys_.size());
    index_.emplace(stored, id);
    keys_.push_back(encore_str{stored.data(), stored.size()});
    return id;
  }

  StringArena arena_;
  absl::flat_hash_map<std::string_view, uint32_t> index_;
  std::vector<encore_str> keys_;
};

}  // namespace encore::store
