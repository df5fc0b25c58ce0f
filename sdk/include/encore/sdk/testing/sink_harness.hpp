// Test helper: builds encore_table_v1 tables from owned columns and drives a loaded sink plugin
// through its lifecycle (check, open, write, flush, close) the way the daemon does.
//
//   TableBuilder customers;
//   customers.str("customer_id", {"a", "b"}).i64("frequency", {3, 1});
//   SinkHarness sink(*instance);
//   ASSERT_TRUE(sink.open("run-1", "shop", as_of).ok());
//   ASSERT_TRUE(sink.write(ENCORE_TABLE_CUSTOMERS, customers).ok());
//   ASSERT_TRUE(sink.close(true).ok());
#ifndef ENCORE_SDK_TESTING_SINK_HARNESS_HPP_
#define ENCORE_SDK_TESTING_SINK_HARNESS_HPP_

#include <encore/plugin_abi.h>
#include <encore/sdk/testing/loaded_plugin.hpp>

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace encore::sdk::testing {

// A table whose columns it owns. get() returns a view valid until the builder changes or dies.
class TableBuilder {
 public:
  // `null_mask`: empty = every row has a value; else one byte per row, 1 = no value.
  TableBuilder& i64(std::string name, std::vector<int64_t> values,
                    std::vector<uint8_t> null_mask = {}) {
    Column& c = add(std::move(name), ENCORE_VALUE_I64, values.size(), std::move(null_mask));
    c.i64 = std::move(values);
    return *this;
  }
  TableBuilder& f64(std::string name, std::vector<double> values,
                    std::vector<uint8_t> null_mask = {}) {
    Column& c = add(std::move(name), ENCORE_VALUE_F64, values.size(), std::move(null_mask));
    c.f64 = std::move(values);
    return *this;
  }
  TableBuilder& str(std::string name, std::vector<std::string> values,
                    std::vector<uint8_t> null_mask = {}) {
    Column& c = add(std::move(name), ENCORE_VALUE_STR, values.size(), std::move(null_mask));
    c.str = std::move(values);
    return *this;
  }

  // The table's name (ENCORE_TABLE_REPORT tables have one).
  TableBuilder& name(std::string table_name) {
    name_ = std::move(table_name);
    return *this;
  }

  size_t row_count() const { return columns_.empty() ? 0 : rows_; }

  const encore_table_v1* get() {
    views_.clear();
    for (Column& c : columns_) {
      c.str_views.clear();
      for (const auto& s : c.str) c.str_views.push_back(encore_str{s.data(), s.size()});
      encore_column_v1 view{};
      view.name = encore_str{c.name.data(), c.name.size()};
      view.type = c.type;
      view.values = c.type == ENCORE_VALUE_I64   ? static_cast<const void*>(c.i64.data())
                    : c.type == ENCORE_VALUE_F64 ? static_cast<const void*>(c.f64.data())
                                                 : static_cast<const void*>(c.str_views.data());
      view.null_mask = c.null_mask.empty() ? nullptr : c.null_mask.data();
      views_.push_back(view);
    }
    table_ = encore_table_v1{};
    table_.struct_size = sizeof(table_);
    table_.row_count = row_count();
    table_.column_count = views_.size();
    table_.columns = views_.data();
    table_.name = encore_str{name_.data(), name_.size()};
    return &table_;
  }

 private:
  struct Column {
    std::string name;
    int32_t type = ENCORE_VALUE_I64;
    std::vector<int64_t> i64;
    std::vector<double> f64;
    std::vector<std::string> str;
    std::vector<encore_str> str_views;
    std::vector<uint8_t> null_mask;
  };

  Column& add(std::string name, int32_t type, size_t rows, std::vector<uint8_t> null_mask) {
    if (!columns_.empty() && rows != rows_) {
      throw std::invalid_argument("column '" + name + "' has " + std::to_string(rows) +
                                  " rows, the table has " + std::to_string(rows_));
    }
    if (!null_mask.empty() && null_mask.size() != rows) {
      throw std::invalid_argument("null mask of column '" + name + "' has the wrong size");
    }
    rows_ = rows;
    Column& c = columns_.emplace_back();
    c.name = std::move(name);
    c.type = type;
    c.null_mask = std::move(null_mask);
    return c;
  }

  std::deque<Column> columns_;  // deque: adding a column never moves the others
  size_t rows_ = 0;
  std::string name_;
  std::vector<encore_column_v1> views_;
  encore_table_v1 table_{};
};

// One dataset-level metric as the daemon delivers it in the METRICS table.
struct MetricRow {
  std::string name;
  double value = 0;
  std::string unit;
  std::string json;  // a JSON document for structured metrics; empty for plain numbers
};

// The METRICS table: columns name, value, unit, json. A structured metric has no value (null)
// and a plain number has no json (null).
inline TableBuilder MetricsTable(const std::vector<MetricRow>& rows) {
  std::vector<std::string> names, units, json;
  std::vector<double> values;
  std::vector<uint8_t> value_null, json_null;
  for (const MetricRow& row : rows) {
    names.push_back(row.name);
    values.push_back(row.json.empty() ? row.value : 0.0);
    value_null.push_back(row.json.empty() ? 0 : 1);
    units.push_back(row.unit);
    json.push_back(row.json);
    json_null.push_back(row.json.empty() ? 1 : 0);
  }
  TableBuilder table;
  table.str("name", std::move(names))
      .f64("value", std::move(values), std::move(value_null))
      .str("unit", std::move(units))
      .str("json", std::move(json), std::move(json_null));
  return table;
}

// The outcome of one call into the sink.
struct SinkCall {
  int32_t status = ENCORE_OK;
  std::string message;
  int64_t retry_after_ms = 0;
  bool ok() const { return status == ENCORE_OK; }
};

class SinkHarness {
 public:
  explicit SinkHarness(const LoadedPlugin::Instance& instance) : instance_(instance) {}

  SinkCall check() {
    return Call([&](encore_error* e) { return d().sink_check(instance_.get(), e); });
  }
  SinkCall open(const std::string& run_id, const std::string& pipeline, int64_t as_of,
                int64_t started_at = 0) {
    encore_run_info_v1 run{};
    run.struct_size = sizeof(run);
    run.run_id = encore_str{run_id.data(), run_id.size()};
    run.pipeline = encore_str{pipeline.data(), pipeline.size()};
    run.as_of = as_of;
    run.started_at = started_at;
    return Call([&](encore_error* e) { return d().sink_open(instance_.get(), &run, e); });
  }
  SinkCall write(encore_table_kind kind, TableBuilder& table) {
    const encore_table_v1* view = table.get();
    return Call([&](encore_error* e) { return d().sink_write(instance_.get(), kind, view, e); });
  }
  SinkCall flush() {
    return Call([&](encore_error* e) { return d().sink_flush(instance_.get(), e); });
  }
  SinkCall close(bool committed) {
    return Call(
        [&](encore_error* e) { return d().sink_close(instance_.get(), committed ? 1 : 0, e); });
  }

 private:
  const encore_plugin_v1& d() const { return instance_.descriptor(); }

  template <class Fn>
  SinkCall Call(Fn&& fn) {
    encore_error error{};
    error.struct_size = sizeof(error);
    SinkCall call;
    call.status = fn(&error);
    if (call.status != ENCORE_OK) {
      call.message = error.message;
      call.retry_after_ms = error.retry_after_ms;
    }
    return call;
  }

  const LoadedPlugin::Instance& instance_;
};

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_SINK_HARNESS_HPP_
