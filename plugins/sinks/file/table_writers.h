// The customers table as CSV (RFC 4180) or JSON Lines, streamed row by row into a BufferedFile.
// write() may deliver the table in several parts: the first part fixes the columns, later parts
// must have the same ones.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <memory>
#include <string>
#include <vector>

#include "plugins/sinks/file/buffered_file.h"

namespace encore::plugins::file {

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  void Write(const sdk::Table& table);
  void Drain() { file_.Drain(); }
  void Close() { file_.Close(); }
  const std::string& path() const { return file_.path(); }

 protected:
  explicit TableWriter(std::string path) : file_(std::move(path)) {}
  virtual void Begin(const sdk::Table& table) = 0;  // once, before the first row
  virtual void Row(const sdk::Table& table, size_t row) = 0;
  BufferedFile file_;

 private:
  struct ColumnShape {
    std::string name;
    int32_t type;
  };
  std::vector<ColumnShape> columns_;
  bool begun_ = false;
};

// Header = column names. Integers as written, doubles in the shortest form that reads back to
// the same value, strings quoted only when they hold a comma, a quote or a line break, no value
// (null, NaN, infinity) as an empty field. Lines end with "\n".
std::unique_ptr<TableWriter> MakeCsvWriter(std::string path);

// One JSON object per line, keys in column order; no value (null, NaN, infinity) as null.
std::unique_ptr<TableWriter> MakeJsonlWriter(std::string path);

}  // namespace encore::plugins::file
