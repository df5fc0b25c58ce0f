// encore_str views of a StringColumn, for handing text columns to plugins: rows point at the
// column's distinct values, so no string is copied.
#pragma once

#include <encore/plugin_abi.h>

#include <string>
#include <vector>

#include "daemon/common/string_column.h"

namespace encore::pipeline {

// A view of each distinct value, at its code.
inline std::vector<encore_str> ValueViews(const StringColumn& column) {
  std::vector<encore_str> views;
  views.reserve(column.value_count());
  for (const std::string& value : column.values()) views.push_back({value.data(), value.size()});
  return views;
}

// A view per row.
inline std::vector<encore_str> RowViews(const StringColumn& column) {
  const std::vector<encore_str> values = ValueViews(column);
  std::vector<encore_str> views;
  views.reserve(column.size());
  for (uint32_t code : column.codes()) views.push_back(values[code]);
  return views;
}

}  // namespace encore::pipeline
