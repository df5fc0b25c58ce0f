#include "daemon/pipeline/sink_tables.h"

#include <string>

#include "daemon/pipeline/string_views.h"

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

template <class Row, class Get>
auto ColumnOf(const std::vector<Row>& rows, Get get) {
  std::vector<decltype(get(rows.front()))> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(get(row));
  return out;
}

}  // namespace

void SinkTables::Built::Column(const ScoreColumn& column) {
  const void* values = nullptr;
  switch (column.type) {
    case ENCORE_VALUE_I64:
      values = column.i64.data();
      break;
    case ENCORE_VALUE_F64:
      values = column.f64.data();
      break;
    case ENCORE_VALUE_STR:
      values = views.emplace_back(RowViews(column.str)).data();
      break;
  }
  columns.push_back({Str(column.name), column.type, values,
                     column.null_mask.empty() ? nullptr : column.null_mask.data()});
}

void SinkTables::Built::Strings(const char* name, std::vector<std::string> values,
                                std::vector<uint8_t> null_mask) {
  const auto& owned = strings.emplace_back(std::move(values));
  const auto& mask = masks.emplace_back(std::move(null_mask));
  columns.push_back({Literal(name), ENCORE_VALUE_STR, views.emplace_back(Views(owned)).data(),
                     mask.empty() ? nullptr : mask.data()});
}

void SinkTables::Built::Ints(const char* name, std::vector<int64_t> values) {
  columns.push_back(
      {Literal(name), ENCORE_VALUE_I64, ints.emplace_back(std::move(values)).data(), nullptr});
}

void SinkTables::Built::Doubles(const char* name, std::vector<double> values,
                                std::vector<uint8_t> null_mask) {
  const auto& mask = masks.emplace_back(std::move(null_mask));
  columns.push_back({Literal(name), ENCORE_VALUE_F64,
                     doubles.emplace_back(std::move(values)).data(),
                     mask.empty() ? nullptr : mask.data()});
}

void SinkTables::Built::Finish(size_t rows) {
  abi.struct_size = sizeof(encore_table_v1);
  abi.row_count = rows;
  abi.column_count = columns.size();
  abi.columns = columns.data();
  abi.name = Str(name);
}

SinkTables::SinkTables(const SinkInput& input) {
  Built& customers = NewTable();
  customers.columns.push_back(
      {Literal("customer_id"), ENCORE_VALUE_STR,
       customers.views.emplace_back(Views(input.results.customer_ids)).data(), nullptr});
  for (const ScoreColumn& column : input.results.columns) customers.Column(column);
  customers.Finish(input.results.row_count());

  const auto& m = input.metrics;
  Built& metrics = NewTable();
  auto is_json = [](const Metric& x) { return !x.json.empty(); };
  metrics.Strings("name", ColumnOf(m, [](const Metric& x) { return x.name; }));
  metrics.Doubles("value", ColumnOf(m, [](const Metric& x) { return x.value; }),
                  ColumnOf(m, [&](const Metric& x) { return uint8_t{is_json(x)}; }));
  metrics.Strings("unit", ColumnOf(m, [](const Metric& x) { return x.unit; }));
  metrics.Strings("json", ColumnOf(m, [](const Metric& x) { return x.json; }),
                  ColumnOf(m, [&](const Metric& x) { return uint8_t{!is_json(x)}; }));
  metrics.Finish(m.size());

  const auto& e = input.events;
  Built& events = NewTable();
  events.Strings("customer_id", ColumnOf(e, [](const CustomerEvent& x) { return x.customer_id; }));
  events.Strings("type", ColumnOf(e, [](const CustomerEvent& x) { return x.type; }));
  events.Strings("subject", ColumnOf(e, [](const CustomerEvent& x) { return x.subject; }));
  events.Ints("priority", ColumnOf(e, [](const CustomerEvent& x) { return int64_t{x.priority}; }));
  events.Ints("due_at", ColumnOf(e, [](const CustomerEvent& x) { return x.due_at; }));
  events.Strings("evidence_json",
                 ColumnOf(e, [](const CustomerEvent& x) { return x.evidence_json; }));
  events.Strings("method", ColumnOf(e, [](const CustomerEvent& x) { return x.method; }));
  events.Finish(e.size());

  const auto& t = input.tasks;
  Built& tasks = NewTable();
  tasks.Strings("task_id", ColumnOf(t, [](const Task& x) { return x.task_id; }));
  tasks.Strings("status",
                ColumnOf(t, [](const Task& x) { return std::string(TaskStatusName(x.status)); }));
  tasks.Strings("customer_id", ColumnOf(t, [](const Task& x) { return x.customer_id; }));
  tasks.Strings("manager", ColumnOf(t, [](const Task& x) { return x.manager; }));
  tasks.Strings("type", ColumnOf(t, [](const Task& x) { return x.type; }));
  tasks.Strings("subject", ColumnOf(t, [](const Task& x) { return x.subject; }));
  tasks.Ints("priority", ColumnOf(t, [](const Task& x) { return int64_t{x.priority}; }));
  tasks.Ints("due_at", ColumnOf(t, [](const Task& x) { return x.due_at; }));
  tasks.Strings("action", ColumnOf(t, [](const Task& x) { return x.action; }));
  tasks.Strings("channel", ColumnOf(t, [](const Task& x) { return x.channel; }));
  tasks.Strings("title", ColumnOf(t, [](const Task& x) { return x.title; }));
  tasks.Strings("body", ColumnOf(t, [](const Task& x) { return x.body; }));
  tasks.Strings("evidence_json", ColumnOf(t, [](const Task& x) { return x.evidence_json; }));
  tasks.Ints("opened_as_of", ColumnOf(t, [](const Task& x) { return x.opened_as_of; }));
  tasks.Ints("seen_count", ColumnOf(t, [](const Task& x) { return x.seen_count; }));
  tasks.Strings("close_reason", ColumnOf(t, [](const Task& x) { return x.close_reason; }));
  tasks.Strings("key", ColumnOf(t, [](const Task& x) { return x.key; }));
  tasks.Finish(t.size());

  for (const ReportTable& report : input.reports) {
    Built& built = NewTable();
    built.name = report.name;
    for (const ScoreColumn& column : report.columns) built.Column(column);
    built.Finish(report.row_count);
  }
}

std::vector<const encore_table_v1*> SinkTables::reports() const {
  std::vector<const encore_table_v1*> out;
  for (size_t i = 4; i < tables_.size(); ++i) out.push_back(&tables_[i].abi);
  return out;
}

}  // namespace encore::pipeline
