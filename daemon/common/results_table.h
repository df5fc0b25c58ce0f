// Per-customer results of one run: one row per customer, one typed column per score.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/string_column.h"

namespace encore {

struct ScoreColumn {
  std::string name;
  encore_value_type type = ENCORE_VALUE_I64;
  std::vector<int64_t> i64;        // when type == I64
  std::vector<double> f64;         // when type == F64
  StringColumn str;                // when type == STR: each distinct value once, a code per row
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

// Something a method saw about one customer (ABI 1.1 put_events), resolved to the customer's id.
struct CustomerEvent {
  std::string customer_id;
  std::string type;                      // "rhythm_slowdown", "segment_down", ...
  std::string subject;                   // e.g. a product id; "" = the customer only
  int32_t priority = 0;                  // 1 high, 2 normal, 3 low; 0 = the playbook's default
  int64_t due_at = 0;                    // UTC seconds; 0 = the playbook's default
  std::string evidence_json = "{}";      // a JSON object
  std::string method;                    // the method instance that put it
  uint32_t customer_index = UINT32_MAX;  // in the run's dataset; not kept beyond the run
};

// A method's named dataset-level table (ABI 1.1 put_table): association rules, league tables.
struct ReportTable {
  std::string name;  // e.g. "basket.rules"
  std::string method;
  size_t row_count = 0;
  std::vector<ScoreColumn> columns;
};

// A dataset-level number or document produced by a method.
struct Metric {
  std::string name;  // e.g. "rfm.customers", "rfm.cell_sizes"
  double value = 0;
  std::string unit;  // "", "minor", "days", "share", ...
  std::string json;  // structured metrics; empty for plain numbers
};

}  // namespace encore
