// The byte layout of a run's stored columns (table run_columns), with its encoder, its decoder
// and random access to single cells. Internal to the state module; knows nothing about SQLite.
//
// A run's results are stored column by column, the rows in customer id order (so one customer
// is found by binary search and two runs are matched by a merge). Every integer array is
// "packed": the smallest of 0, 1, 2, 4 or 8 bytes per value that holds value - minimum.
// Scores such as r_score, frequency or recency_days take 1 or 2 bytes per customer instead of
// 8 (and of the ~15 bytes per value of the JSON rows this layout replaced).
//
// All numbers are little-endian (static_assert in the .cc):
//   packed integers  u8 width (0, 1, 2, 4 or 8), 7 zero bytes, i64 base, u64 count, then count
//                    width-byte unsigned offsets from base. Width 0: every value is base.
//   I64 data         packed integers of the values (a row without a value holds base).
//   F64 data         8 bytes per value, IEEE 754 (a row without a value holds 0).
//   STR data         u8 kind (1 dictionary, 2 plain), 7 zero bytes, u64 entries, u64 offset of
//                    the bytes section; packed integers: entries + 1 start offsets of the
//                    entries in the bytes section; for a dictionary, packed integers: the entry
//                    of each row; then the bytes section, the entries back to back. Plain: one
//                    entry per row. A row without a value refers to an empty entry.
//   null mask        bit r % 8 of byte r / 8 set when row r has no value; stored as SQL NULL
//                    when every row has one.
// Strings are dictionary-encoded when they repeat (segments, tiers, dates: a few hundred
// distinct values for a million customers), plain otherwise (customer ids).
//
// Not compressed further: zlib at level 1 would shrink a run of 1M customers x 16 scores from
// 49 to 30 MB but add 0.73 s to a 0.35 s commit, and a decompression to every read
// (bench/README.md, encore_state_bench).
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"

namespace encore::columns {

// Strings as one buffer: entry i is bytes[offsets[i], offsets[i + 1]).
struct StringTable {
  std::string bytes;
  std::vector<uint32_t> offsets = {0};
  size_t size() const { return offsets.size() - 1; }
  std::string_view operator[](size_t i) const {
    return std::string_view(bytes).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// One stored column decoded into memory.
struct DecodedColumn {
  encore_value_type type = ENCORE_VALUE_I64;
  size_t rows = 0;
  std::vector<uint8_t> nulls;   // empty = every row has a value; else 1 = no value
  std::vector<int64_t> i64;     // I64
  std::vector<double> f64;      // F64
  StringTable strings;          // STR: the dictionary, or one entry per row when `codes` is empty
  std::vector<uint32_t> codes;  // STR dictionary: the entry of each row

  bool is_null(size_t row) const { return !nulls.empty() && nulls[row] != 0; }
  uint32_t code(size_t row) const {
    return codes.empty() ? static_cast<uint32_t>(row) : codes[row];
  }
  std::string_view str(size_t row) const { return strings[code(row)]; }
  size_t MemoryBytes() const;
};

struct EncodedColumn {
  encore_value_type type = ENCORE_VALUE_I64;
  std::string data;
  std::string null_mask;  // empty = every row has a value
};

// Encodes `column` with its rows in the order `rows` gives (a permutation of its rows).
// Non-finite doubles are stored as rows without a value (the API has no way to show them), and
// -0.0 as 0.0. A column of an unknown type is stored as I64 without any value.
EncodedColumn EncodeColumn(const ScoreColumn& column, const std::vector<uint32_t>& rows);

// Encodes strings: as a dictionary when fewer than a quarter of them are distinct (and
// `allow_dictionary`), plain otherwise. The views are read only during the call.
std::string EncodeStrings(const std::vector<std::string_view>& values, bool allow_dictionary);

// Decodes a column written by EncodeColumn or EncodeStrings. A blob that does not follow the
// layout is an Internal error naming `what`.
Result<DecodedColumn> DecodeColumn(encore_value_type type, size_t rows, std::string_view data,
                                   std::string_view null_mask, const std::string& what);

// The value of one cell: none, an integer, a double or a string.
using Cell = std::variant<std::monostate, int64_t, double, std::string>;

// Bytes of an encoded blob read piecemeal (a SQLite blob handle, or memory in tests).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Status Read(uint64_t offset, size_t size, void* out) = 0;
};

// Reads single cells of an encoded column without decoding the rest: a few small reads per
// cell. For a customer's history (one row in each of many runs) and for one page of a list.
class CellReader {
 public:
  // `nulls` may be null: the column has no null mask.
  static Result<CellReader> Open(encore_value_type type, size_t rows, ByteSource* data,
                                 ByteSource* nulls, const std::string& what);
  Result<Cell> Read(size_t row);
  // STR only: the row's string (a null row reads as "").
  Result<std::string> ReadString(size_t row);

 private:
  struct Packed {
    uint64_t at = 0;  // where the values start
    uint8_t width = 0;
    int64_t base = 0;
    uint64_t count = 0;
  };
  static Result<Packed> OpenPacked(ByteSource* source, uint64_t at, const std::string& what);
  Result<int64_t> ReadPacked(const Packed& packed, uint64_t index);

  encore_value_type type_ = ENCORE_VALUE_I64;
  size_t rows_ = 0;
  ByteSource* data_ = nullptr;
  ByteSource* nulls_ = nullptr;
  std::string what_;
  Packed values_;  // I64 values, STR entry offsets
  Packed codes_;   // STR dictionary codes
  bool dictionary_ = false;
  uint64_t bytes_at_ = 0;  // STR bytes section
};

}  // namespace encore::columns
