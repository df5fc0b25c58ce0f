// Equality and hashing for the short ids an order store interns (customer, order, product and
// manager ids are mostly 4..16 bytes).
//
// Why not std::string_view == and absl::Hash: with ten million lines the store compares and
// hashes ids tens of millions of times, and for such short keys the libc memcmp call and the
// general-purpose hash dominate the cost. A key of up to 16 bytes is fully described by its
// length and two (possibly overlapping) 8-byte loads, which compare and hash in a few
// instructions; longer keys fall back to memcmp and hash their middle bytes too.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace encore::store {

struct KeyWords {
  uint64_t first, last;
};

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Covers every byte of a key of up to 16 bytes (loads overlap; never reads outside the key).
// For longer keys: its first and last 8 bytes.
inline KeyWords LoadKeyWords(const char* p, size_t n) {
  if (n >= 8) return {Load64(p), Load64(p + n - 8)};
  if (n >= 4) return {Load32(p), Load32(p + n - 4)};
  if (n > 0) {
    const auto byte = [&](size_t i) { return static_cast<uint64_t>(static_cast<uint8_t>(p[i])); };
    return {byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0};
  }
  return {0, 0};
}

inline bool SameKey(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() > 16) return std::memcmp(a.data(), b.data(), a.size()) == 0;
  const KeyWords x = LoadKeyWords(a.data(), a.size());
  const KeyWords y = LoadKeyWords(b.data(), b.size());
  return ((x.first ^ y.first) | (x.last ^ y.last)) == 0;
}

inline uint64_t MixWords(uint64_t a, uint64_t b) {
  const __uint128_t product = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

// wyhash-style: one 64x64->128 multiply for keys of up to 16 bytes.
inline uint64_t HashKey(std::string_view key) {
  constexpr uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                     k2 = 0x8ebc6af09c88c6e3ull;
  const size_t n = key.size();
  const KeyWords w = LoadKeyWords(key.data(), n);
  uint64_t h = MixWords(w.first ^ k0, w.last ^ k1 ^ n);
  for (size_t i = 8; i + 8 < n; i += 8) h = MixWords(h ^ Load64(key.data() + i), k2);
  return MixWords(h, k1);
}

struct ShortKeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return HashKey(key); }
};
struct ShortKeyEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return SameKey(a, b); }
};

}  // namespace encore::store
