#include "plugins/sinks/file/table_writers.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace encore::plugins::file {
namespace {

constexpr size_t kNumberRoom = 32;  // the longest int64 or shortest-round-trip double

void AppendInt(BufferedFile& out, int64_t value) {
  char* at = out.Reserve(kNumberRoom);
  out.Commit(static_cast<size_t>(std::to_chars(at, at + kNumberRoom, value).ptr - at));
}

// False when the value has no finite representation (NaN, infinity).
bool AppendDouble(BufferedFile& out, double value) {
  if (!std::isfinite(value)) return false;
  char* at = out.Reserve(kNumberRoom);
  out.Commit(static_cast<size_t>(std::to_chars(at, at + kNumberRoom, value).ptr - at));
  return true;
}

bool CsvNeedsQuotes(std::string_view s) {
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void AppendCsvText(BufferedFile& out, std::string_view s) {
  if (!CsvNeedsQuotes(s)) return out.Append(s);
  out.Append('"');
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') {
      out.Append(s.substr(start, i + 1 - start));  // through the quote, then double it
      out.Append('"');
      start = i + 1;
    }
  }
  out.Append(s.substr(start));
  out.Append('"');
}

constexpr char kHex[] = "0123456789abcdef";

void AppendJsonText(BufferedFile& out, std::string_view s) {
  out.Append('"');
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.Append(s.substr(start, i - start));
    start = i + 1;
    switch (c) {
      case '"':
        out.Append(std::string_view("\\\""));
        break;
      case '\\':
        out.Append(std::string_view("\\\\"));
        break;
      case '\n':
        out.Append(std::string_view("\\n"));
        break;
      case '\r':
        out.Append(std::string_view("\\r"));
        break;
      case '\t':
        out.Append(std::string_view("\\t"));
        break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.Append(std::string_view(escaped, sizeof(escaped)));
      }
    }
  }
  out.Append(s.substr(start));
  out.Append('"');
}

class CsvWriter : public TableWriter {
 public:
  explicit CsvWriter(std::string path) : TableWriter(std::move(path)) {}

 private:
  void Begin(const sdk::Table& table) override {
    for (size_t col = 0; col < table.column_count(); ++col) {
      if (col > 0) file_.Append(',');
      AppendCsvText(file_, table.column_name(col));
    }
    file_.Append('\n');
  }
  void Row(const sdk::Table& table, size_t row) override {
    for (size_t col = 0; col < table.column_count(); ++col) {
      if (col > 0) file_.Append(',');
      if (table.is_null(col, row)) continue;
      switch (table.column(col).type) {
        case ENCORE_VALUE_I64:
          AppendInt(file_, table.i64(col, row));
          break;
        case ENCORE_VALUE_F64:
          AppendDouble(file_, table.f64(col, row));
          break;
        default:
          AppendCsvText(file_, table.str(col, row));
      }
    }
    file_.Append('\n');
  }
};

class JsonlWriter : public TableWriter {
 public:
  explicit JsonlWriter(std::string path) : TableWriter(std::move(path)) {}

 private:
  void Begin(const sdk::Table& table) override {
    // `"name":` of every column, escaped once.
    keys_.clear();
    for (size_t col = 0; col < table.column_count(); ++col) {
      std::string key = col == 0 ? "{\"" : ",\"";
      for (unsigned char c : table.column_name(col)) {
        if (c < 0x20 || c == '"' || c == '\\') {
          key += "\\u00";
          key += kHex[c >> 4];
          key += kHex[c & 15];
        } else {
          key += static_cast<char>(c);
        }
      }
      keys_.push_back(key + "\":");
    }
  }
  void Row(const sdk::Table& table, size_t row) override {
    if (table.column_count() == 0) file_.Append('{');
    for (size_t col = 0; col < table.column_count(); ++col) {
      file_.Append(keys_[col]);
      if (table.is_null(col, row)) {
        file_.Append(std::string_view("null"));
        continue;
      }
      switch (table.column(col).type) {
        case ENCORE_VALUE_I64:
          AppendInt(file_, table.i64(col, row));
          break;
        case ENCORE_VALUE_F64:
          if (!AppendDouble(file_, table.f64(col, row))) file_.Append(std::string_view("null"));
          break;
        default:
          AppendJsonText(file_, table.str(col, row));
      }
    }
    file_.Append(std::string_view("}\n"));
  }

  std::vector<std::string> keys_;
};

}  // namespace

void TableWriter::Write(const sdk::Table& table) {
  if (!begun_) {
    for (size_t col = 0; col < table.column_count(); ++col) {
      const int32_t type = table.column(col).type;
      if (type != ENCORE_VALUE_I64 && type != ENCORE_VALUE_F64 && type != ENCORE_VALUE_STR) {
        throw sdk::Error("customers table: column '" + std::string(table.column_name(col)) +
                         "' has unknown value type " + std::to_string(type));
      }
      columns_.push_back(ColumnShape{std::string(table.column_name(col)), type});
    }
    Begin(table);
    begun_ = true;
  } else {
    bool same = table.column_count() == columns_.size();
    for (size_t col = 0; same && col < columns_.size(); ++col) {
      same = table.column_name(col) == columns_[col].name &&
             table.column(col).type == columns_[col].type;
    }
    if (!same) {
      throw sdk::Error("customers table: a later part has other columns than the first part");
    }
  }
  for (size_t row = 0; row < table.row_count(); ++row) Row(table, row);
}

std::unique_ptr<TableWriter> MakeCsvWriter(std::string path) {
  return std::make_unique<CsvWriter>(std::move(path));
}

std::unique_ptr<TableWriter> MakeJsonlWriter(std::string path) {
  return std::make_unique<JsonlWriter>(std::move(path));
}

}  // namespace encore::plugins::file
