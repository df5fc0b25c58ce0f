// The header line: reading it and matching it against the configured column mapping.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_HEADER_H_
#define ENCORE_PLUGINS_SOURCES_CSV_HEADER_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/sources/csv/csv_options.h"

namespace encore::plugins::csv {

// UTF-8 byte order mark, dropped before the header.
std::string_view SkipByteOrderMark(std::string_view bytes);

struct Header {
  std::vector<std::string> names;  // unquoted, surrounding spaces removed
  size_t size_bytes = 0;           // bytes the header record takes, line end included
  int64_t lines = 0;               // physical lines it takes
};

// Reads the header record at the start of `bytes` (BOM already skipped). Returns false when the
// bytes end inside it and `at_eof` is false (read more and retry). Throws sdk::Error naming
// `file_name` when there is no usable header.
bool ReadHeader(std::string_view bytes, bool at_eof, char delimiter, std::string_view file_name,
                Header* header);

// Column index of each field, -1 when the field is not read.
struct ColumnIndexes {
  std::array<int, kFieldCount> of{};
  int operator[](Field field) const { return of[static_cast<int>(field)]; }
};

// Matches the mapping against the header. Throws sdk::Error naming the file and every mapped
// column the header lacks.
ColumnIndexes ResolveColumns(const Header& header, const CsvOptions& options,
                             std::string_view file_name);

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_HEADER_H_
