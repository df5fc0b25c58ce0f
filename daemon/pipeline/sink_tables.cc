#include "daemon/pipeline/sink_tables.h"

#include <string>

namespace encore::pipeline {
namespace {

encore_str Str(const std::string& s) { return encore_str{s.data(), s.size()}; }
encore_str Literal(const char* s) { return encore_str{s, std::char_traits<char>::length(s)}; }

std::vector<encore_str> Views(const std::vector<std::string>& values) {
  std::vector<encore_str> views;
  views.reserve(values.size());
  for (const std::string& s : values) views.push_back(Str(s));
  return views;
}

}  // namespace

SinkTables::SinkTables(const ResultsTable& results, const std::vector<Metric>& metrics) {
  string_columns_.reserve(results.columns.size() + 1);  // no reallocation: views stay put
  string_columns_.push_back(Views(results.customer_ids));
  customer_columns_.push_back(
      {Literal("customer_id"), ENCORE_VALUE_STR, string_columns_.back().data(), nullptr});
  for (const ScoreColumn& column : results.columns) {
    const void* values = nullptr;
    switch (column.type) {
      case ENCORE_VALUE_I64:
        values = column.i64.data();
        break;
      case ENCORE_VALUE_F64:
        values = column.f64.data();
        break;
      case ENCORE_VALUE_STR:
        string_columns_.push_back(Views(column.str));
        values = string_columns_.back().data();
        break;
    }
    customer_columns_.push_back({Str(column.name), column.type, values,
                                 column.null_mask.empty() ? nullptr : column.null_mask.data()});
  }
  customers_.struct_size = sizeof(encore_table_v1);
  customers_.row_count = results.row_count();
  customers_.column_count = customer_columns_.size();
  customers_.columns = customer_columns_.data();

  for (const Metric& metric : metrics) {
    const bool is_json = !metric.json.empty();
    metric_names_.push_back(Str(metric.name));
    metric_values_.push_back(metric.value);
    metric_units_.push_back(Str(metric.unit));
    metric_json_.push_back(Str(metric.json));
    value_null_.push_back(is_json ? 1 : 0);
    json_null_.push_back(is_json ? 0 : 1);
  }
  metric_columns_ = {
      {Literal("name"), ENCORE_VALUE_STR, metric_names_.data(), nullptr},
      {Literal("value"), ENCORE_VALUE_F64, metric_values_.data(), value_null_.data()},
      {Literal("unit"), ENCORE_VALUE_STR, metric_units_.data(), nullptr},
      {Literal("json"), ENCORE_VALUE_STR, metric_json_.data(), json_null_.data()}};
  metrics_.struct_size = sizeof(encore_table_v1);
  metrics_.row_count = metrics.size();
  metrics_.column_count = metric_columns_.size();
  metrics_.columns = metric_columns_.data();
}

}  // namespace encore::pipeline
