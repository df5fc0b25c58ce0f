// Interns strings into dense 32-bit ids (0, 1, 2, ... in order of first appearance). Keys live
// in the dictionary's own arena.
//
// The index is a hand-written open-addressing table rather than absl::flat_hash_map because it
// sits on the hottest path of a load (every line's product, every order's customer): each slot
// holds the key's length and its words (short_key.h), so a lookup of a key of up to 16 bytes
// touches one cache line of the table and nothing else. absl's layout (control bytes, then a
// slot holding a view, then the key bytes in the arena) costs three cache misses per lookup in
// a table of a million customers, which measured about 3x slower. Hashes can be computed and
// prefetched ahead of the lookups (see LaneBuffer::Add) to overlap the remaining miss.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "daemon/store/large_memory.h"
#include "daemon/store/short_key.h"
#include "daemon/store/string_arena.h"

namespace encore::store {

inline constexpr uint32_t kNoId = UINT32_MAX;

class StringDictionary {
 public:
  StringDictionary() = default;
  StringDictionary(StringDictionary&&) noexcept = default;
  StringDictionary& operator=(StringDictionary&&) noexcept = default;

  static uint64_t Hash(std::string_view key) { return HashKey(key); }

  uint32_t Intern(std::string_view key) { return Intern(key, Hash(key)); }
  // `hash` must be Hash(key).
  uint32_t Intern(std::string_view key, uint64_t hash) {
    if (slots_.empty()) Rehash(kInitialSlots);
    const KeyWords words = LoadKeyWords(key.data(), key.size());
    size_t i = hash & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.id == kNoId) break;
      if (Matches(slot, words, key)) return slot.id;
    }
    return Insert(key, words, i);
  }

  uint32_t Find(std::string_view key) const { return Find(key, Hash(key)); }
  // `hash` must be Hash(key).
  uint32_t Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return kNoId;
    const KeyWords words = LoadKeyWords(key.data(), key.size());
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.id == kNoId) return kNoId;
      if (Matches(slot, words, key)) return slot.id;
    }
  }

  // Starts loading the slot a lookup of a key with this hash will read first.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }

  size_t size() const { return keys_.size(); }
  std::string_view key(uint32_t id) const { return {keys_[id].data, keys_[id].size}; }
  // The keys by id, laid out for encore_dataset_v1 (views into this dictionary's arena).
  const std::vector<encore_str>& keys() const { return keys_; }

  // Hands over the keys and the bytes behind them, leaving this dictionary empty.
  void TakeKeys(std::vector<encore_str>& keys, StringArena& bytes) {
    keys = std::move(keys_);
    bytes = std::move(arena_);
    *this = StringDictionary();
  }

  // Room for `n` keys without growing the index.
  void Reserve(size_t n) {
    size_t slots = kInitialSlots;
    while (slots * kMaxLoadNum < n * kMaxLoadDen) slots *= 2;
    if (slots > slots_.size()) Rehash(slots);
    keys_.reserve(n);
  }

 private:
  struct Slot {
    uint64_t first, last;  // LoadKeyWords of the key
    uint32_t size;
    uint32_t id;  // kNoId: empty
  };
  static constexpr size_t kInitialSlots = 64;
  static constexpr size_t kMaxLoadNum = 2, kMaxLoadDen = 3;  // grow beyond 2/3 full

  bool Matches(const Slot& slot, const KeyWords& words, std::string_view key) const {
    if (((slot.first ^ words.first) | (slot.last ^ words.last)) != 0 || slot.size != key.size()) {
      return false;
    }
    return key.size() <= 16 || key == this->key(slot.id);
  }

  uint32_t Insert(std::string_view key, const KeyWords& words, size_t free_slot) {
    const std::string_view stored = arena_.Add(key);
    const uint32_t id = static_cast<uint32_t>(keys_.size());
    keys_.push_back(encore_str{stored.data(), stored.size()});
    slots_[free_slot] = Slot{words.first, words.last, static_cast<uint32_t>(key.size()), id};
    if (keys_.size() * kMaxLoadDen > slots_.size() * kMaxLoadNum) Rehash(slots_.size() * 2);
    return id;
  }

  void Rehash(size_t slot_count) {
    RandomAccessColumn<Slot> slots(slot_count);
    for (Slot& slot : slots) slot.id = kNoId;
    const size_t mask = slot_count - 1;
    for (uint32_t id = 0; id < keys_.size(); ++id) {
      const std::string_view k = key(id);
      size_t i = Hash(k) & mask;
      while (slots[i].id != kNoId) i = (i + 1) & mask;
      const KeyWords words = LoadKeyWords(k.data(), k.size());
      slots[i] = Slot{words.first, words.last, static_cast<uint32_t>(k.size()), id};
    }
    slots_.swap(slots);
    mask_ = mask;
  }

  StringArena arena_;
  std::vector<encore_str> keys_;
  RandomAccessColumn<Slot> slots_;  // power-of-two size, linear probing
  size_t mask_ = 0;
};

// Keys by dense id without an index: what a store keeps of a dictionary once it is built (the
// bytes stay in the arenas of the lane dictionaries the keys came from).
struct KeyList {
  std::vector<encore_str> key_views;
  std::vector<StringArena> bytes;
  size_t size() const { return key_views.size(); }
  const std::vector<encore_str>& keys() const { return key_views; }
};

}  // namespace encore::store
