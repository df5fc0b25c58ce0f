#include "plugins/sources/csv/header.h"

#include <encore/sdk/plugin.hpp>

#include "plugins/sources/csv/csv_tokenizer.h"

namespace encore::plugins::csv {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Headers wider than this are refused: no order export needs thousands of columns, and the
// limit bounds what one record may hold.
constexpr size_t kMaxColumns = 4096;

}  // namespace

std::string_view SkipByteOrderMark(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

bool ReadHeader(std::string_view bytes, bool at_eof, char delimiter, std::string_view file_name,
                Header* header) {
  const std::string file(file_name);
  if (bytes.empty() && at_eof) throw sdk::Error(file + ": the file is empty (no header line)");
  Record record(kMaxColumns + 1);
  const char* next = nullptr;
  const Token token =
      Tokenizer(delimiter).Next(bytes.data(), bytes.data() + bytes.size(), at_eof, &record, &next);
  if (token == Token::kIncomplete) return false;
  if (token != Token::kRecord) throw sdk::Error(file + ":1: the first line must be the header");
  if (record.error() != nullptr) {
    throw sdk::Error(file + ":1: header: " + std::string(record.error()));
  }
  if (record.count() > kMaxColumns) {
    throw sdk::Error(file + ":1: header has more than " + std::to_string(kMaxColumns) + " columns");
  }
  header->names.clear();
  std::string unescaped;
  for (size_t i = 0; i < record.count(); ++i) {
    const FieldSlice& field = record.field(i);
    if (field.escaped_quotes != 0) {
      Tokenizer::Unescape(field, &unescaped);
      header->names.emplace_back(Trim(unescaped));
    } else {
      header->names.emplace_back(Trim(std::string_view(field.data, field.size)));
    }
  }
  header->size_bytes = static_cast<size_t>(next - bytes.data());
  header->lines = record.newlines();
  return true;
}

ColumnIndexes ResolveColumns(const Header& header, const CsvOptions& options,
                             std::string_view file_name) {
  ColumnIndexes indexes;
  std::string missing;
  for (int f = 0; f < kFieldCount; ++f) {
    const ColumnMapping& mapping = options.columns[f];
    indexes.of[f] = -1;
    if (mapping.header.empty()) continue;
    int found = -1;
    for (size_t i = 0; i < header.names.size(); ++i) {
      if (header.names[i] != mapping.header) continue;
      if (found >= 0) {
        throw sdk::Error(std::string(file_name) + ": column '" + mapping.header +
                         "' appears more than once in the header");
      }
      found = static_cast<int>(i);
    }
    if (found < 0 && mapping.required) {
      missing += std::string(missing.empty() ? "" : ", ") + "'" + mapping.header + "' (for " +
                 FieldKey(static_cast<Field>(f)) + ")";
    }
    indexes.of[f] = found;
  }
  if (!missing.empty()) {
    throw sdk::Error(std::string(file_name) + ": the header has no column " + missing);
  }
  return indexes;
}

}  // namespace encore::plugins::csv
