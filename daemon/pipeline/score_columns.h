// The per-customer score columns methods put during a run, kept at full length (one row per
// store customer) so a later method's find_scores() sees exactly what was put. Entries never
// move, so the encore_column_v1 handed out stays valid for the rest of the run.
#pragma once

#include <encore/plugin_abi.h>

#include <deque>
#include <string_view>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"

namespace encore::pipeline {

class ScoreColumns {
 public:
  // `per_customer` = false for a report table: there "customer_id" is a column like any other.
  explicit ScoreColumns(bool per_customer = true) : per_customer_(per_customer) {}

  // Copies `column` (`rows` values; STR values are interned, see StringColumn). Refuses a column
  // without a name or values, of an unknown type, named "customer_id" (the first column of every
  // customer table) or named like one put before.
  Status Add(const encore_column_v1& column, size_t rows);
  // The column as put, or nullptr. For a STR column the array of views is built on the first
  // call (most columns are never looked up, and the views of a million-row column cost 16 MB).
  const encore_column_v1* Find(std::string_view name);
  size_t size() const { return entries_.size(); }
  // The columns in the order they were put; leaves this empty.
  std::vector<ScoreColumn> Take();

 private:
  struct Entry {
    ScoreColumn column;
    std::vector<encore_str> str_views;  // for STR columns: a view per row, once asked for
    encore_column_v1 abi{};
  };
  Entry* FindEntry(std::string_view name);

  bool per_customer_;
  std::deque<Entry> entries_;
};

}  // namespace encore::pipeline
