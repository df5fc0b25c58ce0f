// The two tables every sink receives, as encore_table_v1 views over the run's results: the
// customer table (customer_id, then every score column) and the metrics table (name, value,
// unit, json). Numbers and masks are the results' own arrays; only the string columns need
// arrays of views, built once and shared by all sinks. Valid while the results live.
#pragma once

#include <encore/plugin_abi.h>

#include <vector>

#include "daemon/common/results_table.h"

namespace encore::pipeline {

class SinkTables {
 public:
  SinkTables(const ResultsTable& results, const std::vector<Metric>& metrics);
  SinkTables(const SinkTables&) = delete;
  SinkTables& operator=(const SinkTables&) = delete;

  const encore_table_v1* customers() const { return &customers_; }
  // value is null for JSON metrics; json is null for plain numbers.
  const encore_table_v1* metrics() const { return &metrics_; }

 private:
  std::vector<std::vector<encore_str>> string_columns_;
  std::vector<encore_column_v1> customer_columns_;
  encore_table_v1 customers_{};

  std::vector<encore_str> metric_names_, metric_units_, metric_json_;
  std::vector<double> metric_values_;
  std::vector<uint8_t> value_null_, json_null_;
  std::vector<encore_column_v1> metric_columns_;
  encore_table_v1 metrics_{};
};

}  // namespace encore::pipeline
