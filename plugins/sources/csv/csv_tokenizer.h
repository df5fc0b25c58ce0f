// RFC 4180 record tokenizer over a byte range.
//
// Hand-written rather than a library because it is the per-byte hot path of the source: it
// allocates nothing and returns views into the caller's bytes (the memory-mapped file or an
// inflate buffer). Fields containing doubled quotes are flagged so that only those few are
// copied when unescaped.
//
// Grammar, shared with quote_scanner.h (the two must agree on where records end):
//   - a field that starts with '"' is quoted: it ends at a '"' not followed by another '"';
//     "" inside it is one quote; delimiters and line breaks inside it are data;
//   - any other field is unquoted and ends at the delimiter or '\n'; a '"' inside it is data;
//   - a record ends at a '\n' outside quotes; a '\r' right before it is dropped;
//   - after a closing quote anything but the delimiter or a line end makes the record malformed;
//     the rest of that field is skipped as if unquoted;
//   - an empty line is not a record.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_CSV_TOKENIZER_H_
#define ENCORE_PLUGINS_SOURCES_CSV_CSV_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace encore::plugins::csv {

struct FieldSlice {
  const char* data;
  uint32_t size;
  uint32_t escaped_quotes;  // number of "" pairs inside a quoted field; 0 = usable as is
};

// One tokenized record. Holds up to `capacity` fields; `count` may be larger (too many fields).
class Record {
 public:
  explicit Record(size_t capacity)
      : slots_(capacity == 0 ? 1 : capacity), capacity_(slots_.size()) {}

  size_t count() const { return count_; }
  const FieldSlice& field(size_t i) const { return slots_[i]; }
  int64_t newlines() const { return newlines_; }
  // Why the record is malformed, or nullptr; error_field() is the field where it was noticed.
  const char* error() const { return error_; }
  size_t error_field() const { return error_field_; }

 private:
  friend class Tokenizer;
  void Reset() {
    count_ = 0;
    newlines_ = 0;
    error_ = nullptr;
  }
  void Add(const char* begin, const char* end, uint32_t escaped) {
    if (count_ < capacity_) {
      slots_[count_] = FieldSlice{begin, static_cast<uint32_t>(end - begin), escaped};
    }
    ++count_;
  }
  void Fail(const char* reason, size_t field) {
    if (error_ == nullptr) {
      error_ = reason;
      error_field_ = field;
    }
  }

  std::vector<FieldSlice> slots_;
  size_t capacity_;
  size_t count_ = 0;
  int64_t newlines_ = 0;
  const char* error_ = nullptr;
  size_t error_field_ = 0;
};

enum class Token {
  kRecord,      // a record (possibly malformed, see Record::error())
  kBlank,       // an empty line, skipped
  kIncomplete,  // the bytes end inside a record and more may follow
  kEnd,         // no bytes left
};

// Not thread-safe: it remembers where the structural characters of the current 64-byte block
// are, so that consecutive calls (the next record starts where the last one ended) do not scan
// the same bytes twice.
class Tokenizer {
 public:
  explicit Tokenizer(char delimiter) : delimiter_(delimiter) {}

  // Reads one record starting at `p`. `at_eof` says no bytes follow `end`. On kRecord/kBlank
  // `*next` is where the next record starts.
  Token Next(const char* p, const char* end, bool at_eof, Record* record, const char** next);

  // Drops the block-scan state; call when the bytes may have changed (a refilled buffer).
  void Forget() { resume_ = nullptr; }

  // Copies a quoted field's content with each "" turned into ".
  static void Unescape(const FieldSlice& field, std::string* out);

 private:
  // Any record: quotes, line ends split across the end of the bytes, etc.
  Token NextGeneral(const char* p, const char* end, bool at_eof, Record* record,
                    const char** next) const;
  // Bit i set when block[i] is the delimiter, '\n' or '"'.
  uint64_t StructuralBits(const char* block) const;
  const char* FindDelimiterOrNewline(const char* s, const char* end) const;
  static int64_t CountNewlines(const char* begin, const char* end) {
    int64_t n = 0;
    for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));
         ++p) {
      ++n;
    }
    return n;
  }

  char delimiter_;
  // Block-scan state, valid when the next call starts at `resume_`: the structural bits at or
  // after `resume_` of the 64 bytes at `block_`.
  const char* resume_ = nullptr;
  const char* block_ = nullptr;
  uint64_t bits_ = 0;
};

inline const char* Tokenizer::FindDelimiterOrNewline(const char* s, const char* end) const {
#if defined(__SSE2__)
  // Most fields are shorter than 16 bytes: one load and compare finds their end.
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i newline = _mm_set1_epi8('\n');
  while (end - s >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    const int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter), _mm_cmpeq_epi8(bytes, newline)));
    if (mask != 0) return s + __builtin_ctz(static_cast<unsigned>(mask));
    s += 16;
  }
#endif
  while (s < end && *s != delimiter_ && *s != '\n') ++s;
  return s;
}

inline uint64_t Tokenizer::StructuralBits(const char* block) const {
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  uint64_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter), _mm_cmpeq_epi8(bytes, newline)),
                     _mm_cmpeq_epi8(bytes, quote));
    bits |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hits))) << (16 * i);
  }
  return bits;
#else
  uint64_t bits = 0;
  for (int i = 0; i < 64; ++i) {
    const char c = block[i];
    if (c == delimiter_ || c == '\n' || c == '"') bits |= uint64_t{1} << i;
  }
  return bits;
#endif
}

// The fast path covers records without quotes that end before the last 64 bytes: it walks the
// structural bits of 64-byte blocks, one bit per field end. Anything else is handed to
// NextGeneral, which starts over at `p`.
inline Token Tokenizer::Next(const char* p, const char* end, bool at_eof, Record* record,
                             const char** next) {
  record->Reset();
  if (p >= end || *p == '\n' || *p == '\r') {
    resume_ = nullptr;
    return NextGeneral(p, end, at_eof, record, next);
  }
  const char* block = block_;
  uint64_t bits = bits_;
  if (p != resume_) {
    if (end - p < 64) return NextGeneral(p, end, at_eof, record, next);
    block = p;
    bits = StructuralBits(p);
  }
  const char* field = p;
  for (;;) {
    while (bits == 0) {
      block += 64;
      if (end - block < 64) {
        resume_ = nullptr;
        record->Reset();
        return NextGeneral(p, end, at_eof, record, next);
      }
      bits = StructuralBits(block);
    }
    const char* s = block + __builtin_ctzll(bits);
    bits &= bits - 1;
    if (*s == delimiter_) {
      record->Add(field, s, 0);
      field = s + 1;
    } else if (*s == '\n') {
      record->Add(field, (s > field && s[-1] == '\r') ? s - 1 : s, 0);
      record->newlines_ = 1;
      *next = s + 1;
      resume_ = s + 1;
      block_ = block;
      bits_ = bits;
      return Token::kRecord;
    } else {
      resume_ = nullptr;
      record->Reset();
      return NextGeneral(p, end, at_eof, record, next);
    }
  }
}

inline Token Tokenizer::NextGeneral(const char* p, const char* end, bool at_eof, Record* record,
                                    const char** next) const {
  record->Reset();
  if (p >= end) return at_eof ? Token::kEnd : Token::kIncomplete;
  if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
    record->newlines_ = 1;
    *next = p + (*p == '\r' ? 2 : 1);
    return Token::kBlank;
  }
  if (*p == '\r' && p + 1 == end) {
    if (!at_eof) return Token::kIncomplete;
    *next = end;
    return Token::kBlank;
  }
  const char* s = p;
  for (;;) {
    if (s < end && *s == '"') {
      const char* begin = s + 1;
      const char* q = begin;
      uint32_t escaped = 0;
      for (;;) {
        q = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (q == nullptr) {
          if (!at_eof) return Token::kIncomplete;
          record->newlines_ += CountNewlines(begin, end);
          record->Fail("unterminated quoted field", record->count_);
          record->Add(begin, end, escaped);
          *next = end;
          return Token::kRecord;
        }
        if (q + 1 == end) {
          if (!at_eof) return Token::kIncomplete;  // the next byte may be a second quote
          break;
        }
        if (q[1] != '"') break;
        ++escaped;
        q += 2;
      }
      record->newlines_ += CountNewlines(begin, q);
      record->Add(begin, q, escaped);
      s = q + 1;
      if (s == end) {
        *next = end;
        return Token::kRecord;
      }
      if (*s == delimiter_) {
        ++s;
        continue;
      }
      if (*s == '\n') {
        ++record->newlines_;
        *next = s + 1;
        return Token::kRecord;
      }
      if (*s == '\r') {
        if (s + 1 == end) {
          if (!at_eof) return Token::kIncomplete;
          *next = end;
          return Token::kRecord;
        }
        if (s[1] == '\n') {
          ++record->newlines_;
          *next = s + 2;
          return Token::kRecord;
        }
      }
      record->Fail("unexpected character after a closing quote", record->count_ - 1);
      s = FindDelimiterOrNewline(s, end);
      if (s == end) {
        if (!at_eof) return Token::kIncomplete;
        *next = end;
        return Token::kRecord;
      }
      if (*s == delimiter_) {
        ++s;
        continue;
      }
      ++record->newlines_;
      *next = s + 1;
      return Token::kRecord;
    }
    const char* begin = s;
    s = FindDelimiterOrNewline(s, end);
    if (s == end) {
      if (!at_eof) return Token::kIncomplete;
      record->Add(begin, (s > begin && s[-1] == '\r') ? s - 1 : s, 0);
      *next = end;
      return Token::kRecord;
    }
    if (*s == delimiter_) {
      record->Add(begin, s, 0);
      ++s;
      continue;
    }
    record->Add(begin, (s > begin && s[-1] == '\r') ? s - 1 : s, 0);
    ++record->newlines_;
    *next = s + 1;
    return Token::kRecord;
  }
}

inline void Tokenizer::Unescape(const FieldSlice& field, std::string* out) {
  out->clear();
  out->reserve(field.size);
  for (uint32_t i = 0; i < field.size; ++i) {
    out->push_back(field.data[i]);
    if (field.data[i] == '"' && i + 1 < field.size && field.data[i + 1] == '"') ++i;
  }
}

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_CSV_TOKENIZER_H_
