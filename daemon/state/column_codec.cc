#include "daemon/state/column_codec.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

namespace encore::columns {

static_assert(std::endian::native == std::endian::little,
              "the stored column layout is little-endian; add byte swaps for this platform");

namespace {

constexpr size_t kPackedHeaderBytes = 24;  // width, 7 zero bytes, base, count
constexpr size_t kStringHeaderBytes = 24;  // kind, 7 zero bytes, entries, bytes offset
constexpr uint8_t kDictionary = 1;
constexpr uint8_t kPlain = 2;

template <class T>
void Put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <class T>
T Get(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof(T));
  return value;
}

uint8_t WidthFor(uint64_t range) {
  if (range == 0) return 0;
  if (range <= std::numeric_limits<uint8_t>::max()) return 1;
  if (range <= std::numeric_limits<uint16_t>::max()) return 2;
  if (range <= std::numeric_limits<uint32_t>::max()) return 4;
  return 8;
}

template <class U, class GetValue>
void WriteOffsets(char* out, size_t count, uint64_t base, GetValue get) {
  for (size_t i = 0; i < count; ++i) {
    const U offset = static_cast<U>(static_cast<uint64_t>(get(i)) - base);
    std::memcpy(out + i * sizeof(U), &offset, sizeof(U));
  }
}

// Appends `count` values get(0)..get(count - 1), all within [min, max], as packed integers.
template <class GetValue>
void AppendPacked(std::string& out, size_t count, int64_t min, int64_t max, GetValue get) {
  if (count == 0) min = max = 0;
  const uint8_t width = WidthFor(static_cast<uint64_t>(max) - static_cast<uint64_t>(min));
  Put<uint8_t>(out, width);
  out.append(7, '\0');
  Put<int64_t>(out, min);
  Put<uint64_t>(out, count);
  const size_t at = out.size();
  out.resize(at + count * width);
  char* values = out.data() + at;
  const auto base = static_cast<uint64_t>(min);
  switch (width) {
    case 1:
      WriteOffsets<uint8_t>(values, count, base, get);
      break;
    case 2:
      WriteOffsets<uint16_t>(values, count, base, get);
      break;
    case 4:
      WriteOffsets<uint32_t>(values, count, base, get);
      break;
    case 8:
      WriteOffsets<uint64_t>(values, count, base, get);
      break;
    default:  // 0: every value is the base
      break;
  }
}

// Packed integers inside an in-memory blob.
struct PackedView {
  uint8_t width = 0;
  int64_t base = 0;
  uint64_t count = 0;
  const char* values = nullptr;
  uint64_t end = 0;  // offset just past the values
};

Result<PackedView> ParsePacked(std::string_view data, uint64_t at, const std::string& what) {
  if (at > data.size() || data.size() - at < kPackedHeaderBytes) {
    return Internal(what + ": stored column is truncated");
  }
  PackedView view;
  view.width = static_cast<uint8_t>(data[at]);
  view.base = Get<int64_t>(data.data() + at + 8);
  view.count = Get<uint64_t>(data.data() + at + 16);
  if (view.width != 0 && view.width != 1 && view.width != 2 && view.width != 4 && view.width != 8) {
    return Internal(what + ": stored column has an invalid integer width");
  }
  const uint64_t begin = at + kPackedHeaderBytes;
  if (view.width != 0 && view.count > (data.size() - begin) / view.width) {
    return Internal(what + ": stored column is truncated");
  }
  view.values = data.data() + begin;
  view.end = begin + view.count * view.width;
  return view;
}

template <class U, class T>
void UnpackWidth(const PackedView& view, T* out) {
  const auto base = static_cast<uint64_t>(view.base);
  for (uint64_t i = 0; i < view.count; ++i) {
    out[i] = static_cast<T>(base + Get<U>(view.values + i * sizeof(U)));
  }
}

template <class T>
std::vector<T> Unpack(const PackedView& view) {
  std::vector<T> out(view.count);
  switch (view.width) {
    case 0:
      std::fill(out.begin(), out.end(), static_cast<T>(view.base));
      break;
    case 1:
      UnpackWidth<uint8_t>(view, out.data());
      break;
    case 2:
      UnpackWidth<uint16_t>(view, out.data());
      break;
    case 4:
      UnpackWidth<uint32_t>(view, out.data());
      break;
    case 8:
      UnpackWidth<uint64_t>(view, out.data());
      break;
  }
  return out;
}

std::string EncodeNullMask(size_t count, const auto& is_null) {
  std::string mask((count + 7) / 8, '\0');
  bool any = false;
  for (size_t i = 0; i < count; ++i) {
    if (is_null(i)) {
      mask[i / 8] = static_cast<char>(mask[i / 8] | (1 << (i % 8)));
      any = true;
    }
  }
  return any ? mask : std::string();
}

void AppendStringHeader(std::string& out, uint8_t kind, uint64_t entries) {
  Put<uint8_t>(out, kind);
  out.append(7, '\0');
  Put<uint64_t>(out, entries);
  Put<uint64_t>(out, 0);  // the bytes offset, set once known
}

void SetBytesOffset(std::string& out) {
  const uint64_t at = out.size();
  std::memcpy(out.data() + 16, &at, sizeof(at));
}

std::string EncodePlainStrings(const std::vector<std::string_view>& values) {
  std::string out;
  AppendStringHeader(out, kPlain, values.size());
  std::vector<uint64_t> starts(values.size() + 1, 0);
  for (size_t i = 0; i < values.size(); ++i) starts[i + 1] = starts[i] + values[i].size();
  AppendPacked(out, starts.size(), 0, static_cast<int64_t>(starts.back()),
               [&](size_t i) { return static_cast<int64_t>(starts[i]); });
  SetBytesOffset(out);
  out.reserve(out.size() + starts.back());
  for (std::string_view value : values) out.append(value);
  return out;
}

}  // namespace

size_t DecodedColumn::MemoryBytes() const {
  return sizeof(*this) + nulls.capacity() + i64.capacity() * sizeof(int64_t) +
         f64.capacity() * sizeof(double) + strings.bytes.capacity() +
         strings.offsets.capacity() * sizeof(uint32_t) + codes.capacity() * sizeof(uint32_t);
}

namespace {

struct Dictionary {
  std::vector<std::string_view> entries;
  std::vector<uint32_t> codes;  // per value
};

// The distinct values of get(0)..get(count - 1) in order of appearance, and each value's
// entry. Nothing when more than a quarter of the values are distinct: then per-row codes no
// longer pay for the extra lookup, and plain strings are stored.
template <class GetValue>
std::optional<Dictionary> BuildDictionary(size_t count, GetValue get) {
  const size_t max_entries = count / 4;
  absl::flat_hash_map<std::string_view, uint32_t> entry_of;
  Dictionary dictionary;
  dictionary.codes.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view value = get(i);
    auto [it, inserted] = entry_of.try_emplace(value, static_cast<uint32_t>(entry_of.size()));
    if (inserted) {
      if (dictionary.entries.size() == max_entries) return std::nullopt;
      dictionary.entries.push_back(value);
    }
    dictionary.codes[i] = it->second;
  }
  return dictionary;
}

// The dictionary layout with the code of row i given by code(i).
template <class GetCode>
std::string EncodeDictionary(const std::vector<std::string_view>& entries, size_t rows,
                             GetCode code) {
  std::string out;
  AppendStringHeader(out, kDictionary, entries.size());
  std::vector<uint64_t> starts(entries.size() + 1, 0);
  for (size_t e = 0; e < entries.size(); ++e) starts[e + 1] = starts[e] + entries[e].size();
  AppendPacked(out, starts.size(), 0, static_cast<int64_t>(starts.back()),
               [&](size_t e) { return static_cast<int64_t>(starts[e]); });
  AppendPacked(out, rows, 0, static_cast<int64_t>(entries.empty() ? 0 : entries.size() - 1),
               [&](size_t i) { return static_cast<int64_t>(code(i)); });
  SetBytesOffset(out);
  for (std::string_view entry : entries) out.append(entry);
  return out;
}

// The dictionary of a text column from its own distinct values, with the entries and codes
// BuildDictionary would give (entries in order of first appearance, a row without a value as
// ""), at the cost of an array lookup per row instead of hashing every row's text. Values no
// row uses any more (rows dropped after they were put) get no entry.
std::optional<Dictionary> ColumnDictionary(const ScoreColumn& column) {
  const StringColumn& str = column.str;
  const size_t count = str.size();
  const size_t max_entries = count / 4;
  // entry_of[code]: the entry of the column's value `code`; the last slot is for rows without
  // a value, shared with a value "" when the column has one.
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> entry_of(str.value_count() + 1, kNone);
  const auto& values = str.values();
  const auto empty = std::find(values.begin(), values.end(), std::string());
  const auto null_code = static_cast<uint32_t>(empty - values.begin());
  Dictionary dictionary;
  dictionary.codes.resize(count);
  const std::vector<uint32_t>& codes = str.codes();
  for (size_t r = 0; r < count; ++r) {
    const uint32_t code = column.is_null(r) ? null_code : codes[r];
    uint32_t& entry = entry_of[code];
    if (entry == kNone) {
      if (dictionary.entries.size() == max_entries) return std::nullopt;
      entry = static_cast<uint32_t>(dictionary.entries.size());
      dictionary.entries.push_back(code < values.size() ? str.value(code) : std::string_view());
    }
    dictionary.codes[r] = entry;
  }
  return dictionary;
}

// A text column in the order `rows` gives. The dictionary is built in the column's own order
// and only the codes are permuted: reading the strings themselves in customer id order (a
// random walk over a million values) took three times as long.
std::string EncodeStringColumn(const ScoreColumn& column, const std::vector<uint32_t>& rows) {
  std::optional<Dictionary> dictionary = ColumnDictionary(column);
  if (dictionary) {
    return EncodeDictionary(dictionary->entries, rows.size(),
                            [&](size_t i) { return dictionary->codes[rows[i]]; });
  }
  std::vector<std::string_view> values(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    values[i] = column.is_null(rows[i]) ? std::string_view() : column.str[rows[i]];
  }
  return EncodePlainStrings(values);
}

}  // namespace

std::string EncodeStrings(const std::vector<std::string_view>& values, bool allow_dictionary) {
  std::optional<Dictionary> dictionary;
  if (allow_dictionary) {
    dictionary = BuildDictionary(values.size(), [&](size_t i) { return values[i]; });
  }
  if (!dictionary) return EncodePlainStrings(values);
  return EncodeDictionary(dictionary->entries, values.size(),
                          [&](size_t i) { return dictionary->codes[i]; });
}

EncodedColumn EncodeColumn(const ScoreColumn& column, const std::vector<uint32_t>& rows) {
  EncodedColumn encoded;
  const size_t count = rows.size();
  switch (column.type) {
    case ENCORE_VALUE_I64: {
      encoded.type = ENCORE_VALUE_I64;
      encoded.null_mask = EncodeNullMask(count, [&](size_t i) { return column.is_null(rows[i]); });
      int64_t min = std::numeric_limits<int64_t>::max(), max = std::numeric_limits<int64_t>::min();
      for (size_t r = 0; r < column.i64.size(); ++r) {
        if (column.is_null(r)) continue;
        min = std::min(min, column.i64[r]);
        max = std::max(max, column.i64[r]);
      }
      if (min > max) min = max = 0;  // no value at all
      AppendPacked(encoded.data, count, min, max,
                   [&](size_t i) { return column.is_null(rows[i]) ? min : column.i64[rows[i]]; });
      break;
    }
    case ENCORE_VALUE_F64: {
      encoded.type = ENCORE_VALUE_F64;
      auto missing = [&](uint32_t r) { return column.is_null(r) || !std::isfinite(column.f64[r]); };
      encoded.null_mask = EncodeNullMask(count, [&](size_t i) { return missing(rows[i]); });
      encoded.data.resize(count * sizeof(double));
      char* out = encoded.data.data();
      for (size_t i = 0; i < count; ++i) {
        // + 0.0 turns -0.0 into 0.0: equal values order as ties, by customer id.
        const double value = missing(rows[i]) ? 0.0 : column.f64[rows[i]] + 0.0;
        std::memcpy(out + i * sizeof(double), &value, sizeof(double));
      }
      break;
    }
    case ENCORE_VALUE_STR: {
      encoded.type = ENCORE_VALUE_STR;
      encoded.null_mask = EncodeNullMask(count, [&](size_t i) { return column.is_null(rows[i]); });
      encoded.data = EncodeStringColumn(column, rows);
      break;
    }
    default:
      encoded.type = ENCORE_VALUE_I64;
      encoded.null_mask = EncodeNullMask(count, [](size_t) { return true; });
      AppendPacked(encoded.data, count, 0, 0, [](size_t) { return int64_t{0}; });
  }
  return encoded;
}

Result<DecodedColumn> DecodeColumn(encore_value_type type, size_t rows, std::string_view data,
                                   std::string_view null_mask, const std::string& what) {
  DecodedColumn column;
  column.type = type;
  column.rows = rows;
  if (!null_mask.empty()) {
    if (null_mask.size() != (rows + 7) / 8) return Internal(what + ": stored null mask is invalid");
    column.nulls.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      column.nulls[r] = (static_cast<uint8_t>(null_mask[r / 8]) >> (r % 8)) & 1;
    }
  }
  switch (type) {
    case ENCORE_VALUE_I64: {
      Result<PackedView> values = ParsePacked(data, 0, what);
      if (!values.ok()) return values.status();
      if (values->count != rows) return Internal(what + ": stored column has the wrong length");
      column.i64 = Unpack<int64_t>(*values);
      return column;
    }
    case ENCORE_VALUE_F64:
      if (data.size() != rows * sizeof(double)) {
        return Internal(what + ": stored column has the wrong length");
      }
      column.f64.resize(rows);
      if (rows > 0) std::memcpy(column.f64.data(), data.data(), data.size());
      return column;
    case ENCORE_VALUE_STR: {
      if (data.size() < kStringHeaderBytes) return Internal(what + ": stored column is truncated");
      const auto kind = static_cast<uint8_t>(data[0]);
      const uint64_t entries = Get<uint64_t>(data.data() + 8);
      const uint64_t bytes_at = Get<uint64_t>(data.data() + 16);
      Result<PackedView> starts = ParsePacked(data, kStringHeaderBytes, what);
      if (!starts.ok()) return starts.status();
      if ((kind != kDictionary && kind != kPlain) || starts->count != entries + 1 ||
          (kind == kPlain && entries != rows) || bytes_at > data.size()) {
        return Internal(what + ": stored string column is invalid");
      }
      uint64_t end = starts->end;
      if (kind == kDictionary) {
        Result<PackedView> codes = ParsePacked(data, starts->end, what);
        if (!codes.ok()) return codes.status();
        if (codes->count != rows) return Internal(what + ": stored column has the wrong length");
        column.codes = Unpack<uint32_t>(*codes);
        for (uint32_t code : column.codes) {
          if (code >= entries) return Internal(what + ": stored string column is invalid");
        }
        end = codes->end;
      }
      const std::string_view bytes = data.substr(bytes_at);
      if (end != bytes_at || bytes.size() > std::numeric_limits<uint32_t>::max()) {
        return Internal(what + ": stored string column is invalid");
      }
      column.strings.offsets = Unpack<uint32_t>(*starts);
      for (size_t e = 0; e < entries; ++e) {
        if (column.strings.offsets[e] > column.strings.offsets[e + 1]) {
          return Internal(what + ": stored string column is invalid");
        }
      }
      if (column.strings.offsets.front() != 0 || column.strings.offsets.back() != bytes.size()) {
        return Internal(what + ": stored string column is invalid");
      }
      column.strings.bytes.assign(bytes);
      return column;
    }
  }
  return Internal(what + ": stored column has an unknown type");
}

// ---- Single cells ----

Result<CellReader::Packed> CellReader::OpenPacked(ByteSource* source, uint64_t at,
                                                  const std::string& what) {
  char header[kPackedHeaderBytes];
  ENCORE_RETURN_IF_ERROR(source->Read(at, sizeof(header), header));
  Packed packed;
  packed.at = at + kPackedHeaderBytes;
  packed.width = static_cast<uint8_t>(header[0]);
  packed.base = Get<int64_t>(header + 8);
  packed.count = Get<uint64_t>(header + 16);
  if (packed.width != 0 && packed.width != 1 && packed.width != 2 && packed.width != 4 &&
      packed.width != 8) {
    return Internal(what + ": stored column has an invalid integer width");
  }
  return packed;
}

Result<int64_t> CellReader::ReadPacked(const Packed& packed, uint64_t index) {
  if (index >= packed.count) return Internal(what_ + ": stored column is truncated");
  if (packed.width == 0) return packed.base;
  uint64_t offset = 0;  // little-endian: the low bytes are read into place
  ENCORE_RETURN_IF_ERROR(data_->Read(packed.at + index * packed.width, packed.width, &offset));
  return static_cast<int64_t>(static_cast<uint64_t>(packed.base) + offset);
}

Result<CellReader> CellReader::Open(encore_value_type type, size_t rows, ByteSource* data,
                                    ByteSource* nulls, const std::string& what) {
  CellReader reader;
  reader.type_ = type;
  reader.rows_ = rows;
  reader.data_ = data;
  reader.nulls_ = nulls;
  reader.what_ = what;
  if (type == ENCORE_VALUE_I64) {
    Result<Packed> values = OpenPacked(data, 0, what);
    if (!values.ok()) return values.status();
    reader.values_ = *values;
  } else if (type == ENCORE_VALUE_STR) {
    char header[kStringHeaderBytes];
    ENCORE_RETURN_IF_ERROR(data->Read(0, sizeof(header), header));
    reader.dictionary_ = static_cast<uint8_t>(header[0]) == kDictionary;
    reader.bytes_at_ = Get<uint64_t>(header + 16);
    Result<Packed> starts = OpenPacked(data, kStringHeaderBytes, what);
    if (!starts.ok()) return starts.status();
    reader.values_ = *starts;
    if (reader.dictionary_) {
      Result<Packed> codes = OpenPacked(data, starts->at + starts->count * starts->width, what);
      if (!codes.ok()) return codes.status();
      reader.codes_ = *codes;
    }
  } else if (type != ENCORE_VALUE_F64) {
    return Internal(what + ": stored column has an unknown type");
  }
  return reader;
}

Result<std::string> CellReader::ReadString(size_t row) {
  uint64_t entry = row;
  if (dictionary_) {
    Result<int64_t> code = ReadPacked(codes_, row);
    if (!code.ok()) return code.status();
    entry = static_cast<uint64_t>(*code);
  }
  Result<int64_t> begin = ReadPacked(values_, entry);
  if (!begin.ok()) return begin.status();
  Result<int64_t> end = ReadPacked(values_, entry + 1);
  if (!end.ok()) return end.status();
  if (*end < *begin) return Internal(what_ + ": stored string column is invalid");
  std::string value(static_cast<size_t>(*end - *begin), '\0');
  if (!value.empty()) {
    ENCORE_RETURN_IF_ERROR(
        data_->Read(bytes_at_ + static_cast<uint64_t>(*begin), value.size(), value.data()));
  }
  return value;
}

Result<Cell> CellReader::Read(size_t row) {
  if (row >= rows_) return Internal(what_ + ": row out of range");
  if (nulls_ != nullptr) {
    uint8_t byte = 0;
    ENCORE_RETURN_IF_ERROR(nulls_->Read(row / 8, 1, &byte));
    if ((byte >> (row % 8)) & 1) return Cell{};
  }
  switch (type_) {
    case ENCORE_VALUE_I64: {
      Result<int64_t> value = ReadPacked(values_, row);
      if (!value.ok()) return value.status();
      return Cell{*value};
    }
    case ENCORE_VALUE_F64: {
      double value = 0;
      ENCORE_RETURN_IF_ERROR(data_->Read(row * sizeof(double), sizeof(double), &value));
      return Cell{value};
    }
    default: {
      Result<std::string> value = ReadString(row);
      if (!value.ok()) return value.status();
      return Cell{std::move(value).value()};
    }
  }
}

}  // namespace encore::columns
