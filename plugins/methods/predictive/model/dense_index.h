// Open-addressing map from a 64-bit key to a dense index 0, 1, 2, ... in order of first sight.
// Hand-written because it runs once per customer on millions of customers inside the time budget
// of a run, and the model library has no dependencies.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_DENSE_INDEX_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_DENSE_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace encore::plugins::predictive {

class DenseIndex {
 public:
  static constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();

  explicit DenseIndex(size_t expected) {
    size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    keys_.assign(capacity, kEmpty);
    values_.resize(capacity);
    mask_ = capacity - 1;
  }

  // Index of `key` (must not be kEmpty), inserting it as the next index if new.
  uint32_t Find(uint64_t key) {
    size_t slot = Mix(key) & mask_;
    while (true) {
      if (keys_[slot] == key) return values_[slot];
      if (keys_[slot] == kEmpty) {
        if (2 * (count_ + 1) > keys_.size()) {
          Grow();
          return Find(key);
        }
        keys_[slot] = key;
        values_[slot] = static_cast<uint32_t>(count_);
        return static_cast<uint32_t>(count_++);
      }
      slot = (slot + 1) & mask_;
    }
  }

  size_t size() const { return count_; }

 private:
  static uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<uint32_t> values = std::move(values_);
    keys_.assign(keys.size() * 2, kEmpty);
    values_.resize(keys_.size());
    mask_ = keys_.size() - 1;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == kEmpty) continue;
      size_t slot = Mix(keys[i]) & mask_;
      while (keys_[slot] != kEmpty) slot = (slot + 1) & mask_;
      keys_[slot] = keys[i];
      values_[slot] = values[i];
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

// The bit pattern of a time value as a key (-0.0 and 0.0 are the same time).
inline uint64_t TimeKey(double t) {
  t += 0.0;
  uint64_t bits;
  std::memcpy(&bits, &t, sizeof(bits));
  return bits;
}

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_DENSE_INDEX_H_
