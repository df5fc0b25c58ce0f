#include "daemon/pipeline/score_columns.h"

#include <string>

namespace encore::pipeline {

Status ScoreColumns::Add(const encore_column_v1& column, size_t rows) {
  const std::string name(column.name.data == nullptr ? "" : column.name.data, column.name.size);
  if (name.empty()) return InvalidArgument("scores without a name");
  const std::string what = "scores '" + name + "'";
  if (per_customer_ && name == "customer_id") {
    return InvalidArgument(what + ": the name is reserved");
  }
  if (FindEntry(name) != nullptr) return AlreadyExists(what + " were put already");
  if (column.type != ENCORE_VALUE_I64 && column.type != ENCORE_VALUE_F64 &&
      column.type != ENCORE_VALUE_STR) {
    return InvalidArgument(what + ": unknown value type " + std::to_string(column.type));
  }
  if (column.values == nullptr && rows > 0) return InvalidArgument(what + ": no values");

  Entry& entry = entries_.emplace_back();
  ScoreColumn& out = entry.column;
  out.name = name;
  out.type = static_cast<encore_value_type>(column.type);
  switch (out.type) {
    case ENCORE_VALUE_I64: {
      const auto* values = static_cast<const int64_t*>(column.values);
      out.i64.assign(values, values + rows);
      break;
    }
    case ENCORE_VALUE_F64: {
      const auto* values = static_cast<const double*>(column.values);
      out.f64.assign(values, values + rows);
      break;
    }
    case ENCORE_VALUE_STR: {
      const auto* values = static_cast<const encore_str*>(column.values);
      out.str.reserve(rows);
      for (size_t i = 0; i < rows; ++i) {
        out.str.emplace_back(values[i].data == nullptr ? "" : values[i].data, values[i].size);
      }
      break;
    }
  }
  if (column.null_mask != nullptr) {
    out.null_mask.resize(rows);
    for (size_t i = 0; i < rows; ++i) out.null_mask[i] = column.null_mask[i] != 0 ? 1 : 0;
  }
  entry.abi.name = encore_str{out.name.data(), out.name.size()};
  entry.abi.type = out.type;
  entry.abi.values = out.type == ENCORE_VALUE_I64   ? static_cast<const void*>(out.i64.data())
                     : out.type == ENCORE_VALUE_F64 ? static_cast<const void*>(out.f64.data())
                                                    : nullptr;  // STR: set by Find()
  entry.abi.null_mask = out.null_mask.empty() ? nullptr : out.null_mask.data();
  return Status::Ok();
}

ScoreColumns::Entry* ScoreColumns::FindEntry(std::string_view name) {
  for (Entry& entry : entries_) {
    if (entry.column.name == name) return &entry;
  }
  return nullptr;
}

const encore_column_v1* ScoreColumns::Find(std::string_view name) {
  Entry* entry = FindEntry(name);
  if (entry == nullptr) return nullptr;
  if (entry->column.type == ENCORE_VALUE_STR && entry->abi.values == nullptr) {
    entry->str_views.reserve(entry->column.str.size());
    for (const std::string& s : entry->column.str) entry->str_views.push_back({s.data(), s.size()});
    entry->abi.values = entry->str_views.data();
  }
  return &entry->abi;
}

std::vector<ScoreColumn> ScoreColumns::Take() {
  std::vector<ScoreColumn> columns;
  columns.reserve(entries_.size());
  for (Entry& entry : entries_) columns.push_back(std::move(entry.column));
  entries_.clear();
  return columns;
}

}  // namespace encore::pipeline
