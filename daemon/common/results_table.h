// Per-customer results of one run: one row per customer, one typed column per score.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace encore {

struct ScoreColumn {
  std::string name;
  encore_value_type type = ENCORE_VALUE_I64;
  std::vector<int64_t> i64;        // when type == I64
  std::vector<double> f64;         // when type == F64
  std::vector<std::string> str;    // when type == STR
  std::vector<uint8_t> null_mask;  // empty = every row has a value; else 1 = no value
  bool is_null(size_t row) const { return !null_mask.empty() && null_mask[row] != 0; }
};

struct ResultsTable {
  std::vector<std::string> customer_ids;
  std::vector<ScoreColumn> columns;
  size_t row_count() const { return customer_ids.size(); }
  const ScoreColumn* find(const std::string& name) const {
    for (const auto& c : columns) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }
};

// A dataset-level number or document produced by a method.
struct Metric {
  std::string name;  // e.g. "rfm.customers", "rfm.cell_sizes"
  double value = 0;
  std::string unit;  // "", "minor", "days", "share", ...
  std::string json;  // structured metrics; empty for plain numbers
};

}  // namespace encore
