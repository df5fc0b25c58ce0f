// A compact index from keys to their dense ids (0..n-1), for lookups that are rare, such as
// OrderStore::FindCustomer. Four bytes a slot (the id; the key is compared through the keys
// array), a sixth of what the load-time dictionary index spends, which is dropped once the
// store is built.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "daemon/store/short_key.h"

namespace encore::store {

class KeyIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit KeyIndex(const std::vector<encore_str>& keys) : keys_(keys) {
    size_t slots = 16;
    while (slots < keys.size() * 2) slots *= 2;
    slots_.assign(slots, kNone);
    mask_ = slots - 1;
    for (uint32_t id = 0; id < keys.size(); ++id) {
      size_t i = HashKey(Key(id)) & mask_;
      while (slots_[i] != kNone) i = (i + 1) & mask_;
      slots_[i] = id;
    }
  }

  uint32_t Find(std::string_view key) const {
    for (size_t i = HashKey(key) & mask_;; i = (i + 1) & mask_) {
      const uint32_t id = slots_[i];
      if (id == kNone || SameKey(Key(id), key)) return id;
    }
  }

 private:
  std::string_view Key(uint32_t id) const { return {keys_[id].data, keys_[id].size}; }

  const std::vector<encore_str>& keys_;
  std::vector<uint32_t> slots_;
  size_t mask_ = 0;
};

}  // namespace encore::store
