// The tables a sink receives, as encore_table_v1 views over the run's data: the customer table
// (customer_id, then every score column), the metrics table (name, value, unit, json) and, for
// sinks of ABI 1.1, the events, the tasks and each method's named report table. Numbers and
// masks are the run's own arrays; string columns need arrays of views, built once and shared
// by all sinks. Valid while the run's data lives.
#pragma once

#include <encore/plugin_abi.h>

#include <deque>
#include <string>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/task.h"

namespace encore::pipeline {

struct SinkInput {
  const ResultsTable& results;
  const std::vector<Metric>& metrics;
  const std::vector<CustomerEvent>& events;
  const std::vector<Task>& tasks;
  const std::vector<ReportTable>& reports;
};

class SinkTables {
 public:
  explicit SinkTables(const SinkInput& input);
  SinkTables(const SinkTables&) = delete;
  SinkTables& operator=(const SinkTables&) = delete;

  const encore_table_v1* customers() const { return &tables_[0].abi; }
  // value is null for JSON metrics; json is null for plain numbers.
  const encore_table_v1* metrics() const { return &tables_[1].abi; }
  // customer_id, type, subject, priority, due_at, evidence_json, method.
  const encore_table_v1* events() const { return &tables_[2].abi; }
  // Every task the run opened, refreshed or closed; columns as in docs/tasks.md.
  const encore_table_v1* tasks() const { return &tables_[3].abi; }
  std::vector<const encore_table_v1*> reports() const;

 private:
  // One table: its columns' views and whatever values it owns. Lives in a deque, never moves.
  struct Built {
    std::deque<std::vector<encore_str>> views;
    std::deque<std::vector<std::string>> strings;
    std::deque<std::vector<int64_t>> ints;
    std::deque<std::vector<double>> doubles;
    std::deque<std::vector<uint8_t>> masks;
    std::vector<encore_column_v1> columns;
    std::string name;
    encore_table_v1 abi{};

    // A column of the run's data: views, no copy. `column` must outlive the table.
    void Column(const ScoreColumn& column);
    // Columns the table owns; `name` is a literal. An empty mask = every row has a value.
    void Strings(const char* name, std::vector<std::string> values,
                 std::vector<uint8_t> null_mask = {});
    void Ints(const char* name, std::vector<int64_t> values);
    void Doubles(const char* name, std::vector<double> values, std::vector<uint8_t> null_mask);
    void Finish(size_t rows);
  };
  Built& NewTable() { return tables_.emplace_back(); }

  std::deque<Built> tables_;
};

}  // namespace encore::pipeline
