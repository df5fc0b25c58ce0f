#include "daemon/state/run_activity.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "daemon/common/page_token.h"
#include "daemon/state/sqlite_db.h"

namespace encore::run_activity {
namespace {

using sqlite::Statement;

constexpr char kTaskColumns[] =
    "task_id, pipeline, key, customer_id, manager, type, subject, status, priority, due_at, "
    "action, channel, title, body, language, evidence_json, opened_as_of, seen_count, "
    "opened_run, last_run, closed_run, closed_as_of, close_reason";

Status SaveTasks(sqlite3* db, const std::vector<Task>& tasks) {
  // Closed rows first: a refreshed or reopened situation may reuse the key of a task this
  // same run closes, and the partial unique index checks every row as it is written.
  // An upsert by task id, not INSERT OR REPLACE: a second open task for a key must fail the
  // commit, never silently delete the first.
  Result<Statement> upsert = Statement::Prepare(
      db, std::string("INSERT INTO tasks (") + kTaskColumns +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (task_id) DO UPDATE SET manager = excluded.manager, "
              "status = excluded.status, priority = excluded.priority, due_at = excluded.due_at, "
              "action = excluded.action, channel = excluded.channel, title = excluded.title, "
              "body = excluded.body, language = excluded.language, "
              "evidence_json = excluded.evidence_json, seen_count = excluded.seen_count, "
              "last_run = excluded.last_run, closed_run = excluded.closed_run, "
              "closed_as_of = excluded.closed_as_of, close_reason = excluded.close_reason");
  if (!upsert.ok()) return upsert.status();
  // In key order: the key's index and the customer's (the key is "<type>|<customer>|...") are
  // then written front to back, page after page, instead of at a random place per task (a
  // month's 275k tasks of 1M customers: 2.6 s instead of 3.0 s).
  std::vector<const Task*> order;
  order.reserve(tasks.size());
  for (const Task& t : tasks) order.push_back(&t);
  std::sort(order.begin(), order.end(),
            [](const Task* a, const Task* b) { return a->key < b->key; });
  for (TaskStatus pass : {TaskStatus::kClosed, TaskStatus::kOpen}) {
    for (const Task* task : order) {
      const Task& t = *task;
      if (t.status != pass) continue;
      upsert->Reset();
      // Borrowed texts: the tasks outlive every step of the statement.
      upsert->Bind(1, t.task_id, true)
          .Bind(2, t.pipeline, true)
          .Bind(3, t.key, true)
          .Bind(4, t.customer_id, true)
          .Bind(5, t.manager, true)
          .Bind(6, t.type, true)
          .Bind(7, t.subject, true)
          .Bind(8, std::string_view(TaskStatusName(t.status)), true)
          .Bind(9, int64_t{t.priority})
          .Bind(10, t.due_at)
          .Bind(11, t.action, true)
          .Bind(12, t.channel, true)
          .Bind(13, t.title, true)
          .Bind(14, t.body, true)
          .Bind(15, t.language, true)
          .Bind(16, t.evidence_json, true)
          .Bind(17, t.opened_as_of)
          .Bind(18, t.seen_count)
          .Bind(19, t.opened_run, true)
          .Bind(20, t.last_run, true)
          .Bind(21, t.closed_run, true)
          .Bind(22, t.closed_as_of)
          .Bind(23, t.close_reason, true);
      ENCORE_RETURN_IF_ERROR(upsert->Run("save task '" + t.task_id + "'"));
    }
  }
  return Status::Ok();
}

Status SaveEvents(sqlite3* db, const std::string& run_id,
                  const std::vector<CustomerEvent>& events) {
  Result<Statement> insert = Statement::Prepare(
      db,
      "INSERT INTO run_events (run_id, seq, customer_id, type, subject, priority, due_at, "
      "evidence_json, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  for (size_t i = 0; i < events.size(); ++i) {
    const CustomerEvent& e = events[i];
    insert->Reset();
    insert->Bind(1, run_id, true)
        .Bind(2, static_cast<int64_t>(i))
        .Bind(3, e.customer_id, true)
        .Bind(4, e.type, true)
        .Bind(5, e.subject, true)
        .Bind(6, int64_t{e.priority})
        .Bind(7, e.due_at)
        .Bind(8, e.evidence_json, true)
        .Bind(9, e.method, true);
    ENCORE_RETURN_IF_ERROR(insert->Run("save events"));
  }
  return Status::Ok();
}

const char* TypeName(encore_value_type type) {
  return type == ENCORE_VALUE_I64 ? "i64" : type == ENCORE_VALUE_F64 ? "f64" : "str";
}

nlohmann::json ReportJson(const ReportTable& table) {
  nlohmann::json columns = nlohmann::json::array();
  for (const ScoreColumn& c : table.columns) {
    columns.push_back({{"name", c.name}, {"type", TypeName(c.type)}});
  }
  nlohmann::json rows = nlohmann::json::array();
  for (size_t r = 0; r < table.row_count; ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (const ScoreColumn& c : table.columns) {
      if (c.is_null(r) || (c.type == ENCORE_VALUE_F64 && !std::isfinite(c.f64[r]))) {
        row.push_back(nullptr);
      } else if (c.type == ENCORE_VALUE_I64) {
        row.push_back(c.i64[r]);
      } else if (c.type == ENCORE_VALUE_F64) {
        row.push_back(c.f64[r]);
      } else {
        row.push_back(std::string(c.str[r]));
      }
    }
    rows.push_back(std::move(row));
  }
  return {{"columns", std::move(columns)}, {"rows", std::move(rows)}};
}

Status SaveReports(sqlite3* db, const std::string& run_id,
                   const std::vector<ReportTable>& reports) {
  Result<Statement> insert = Statement::Prepare(
      db,
      "INSERT INTO run_reports (run_id, name, method, row_count, table_json) VALUES (?, ?, ?, ?, "
      "?)");
  if (!insert.ok()) return insert.status();
  for (const ReportTable& table : reports) {
    insert->Reset();
    insert->Bind(1, run_id)
        .Bind(2, table.name)
        .Bind(3, table.method)
        .Bind(4, static_cast<int64_t>(table.row_count))
        .Bind(5, ReportJson(table).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    ENCORE_RETURN_IF_ERROR(insert->Run("save report '" + table.name + "'"));
  }
  return Status::Ok();
}

Task ReadTask(const Statement& s) {
  Task t;
  t.task_id = s.Text(0);
  t.pipeline = s.Text(1);
  t.key = s.Text(2);
  t.customer_id = s.Text(3);
  t.manager = s.Text(4);
  t.type = s.Text(5);
  t.subject = s.Text(6);
  t.status = s.Text(7) == "open" ? TaskStatus::kOpen : TaskStatus::kClosed;
  t.priority = static_cast<int32_t>(s.Int(8));
  t.due_at = s.Int(9);
  t.action = s.Text(10);
  t.channel = s.Text(11);
  t.title = s.Text(12);
  t.body = s.Text(13);
  t.language = s.Text(14);
  t.evidence_json = s.Text(15);
  t.opened_as_of = s.Int(16);
  t.seen_count = s.Int(17);
  t.opened_run = s.Text(18);
  t.last_run = s.Text(19);
  t.closed_run = s.Text(20);
  t.closed_as_of = s.Int(21);
  t.close_reason = s.Text(22);
  return t;
}

// Page tokens are "o<offset>"; anything else is refused.
// Activity lists page by offset.
constexpr char kActivityToken = 'o';

Result<int> PageSize(int size) {
  if (size < 0 || size > 1000) return InvalidArgument("page_size: must be 0..1000");
  return size == 0 ? 100 : size;
}

// "WHERE a = ?1 AND b = ?2 ..." over the non-empty filters, and their values in order.
struct Filter {
  std::string where;
  std::vector<std::string> values;
  void Add(const char* column, const std::string& value) {
    if (value.empty()) return;
    values.push_back(value);
    where += (where.empty() ? " WHERE " : " AND ") + std::string(column) + " = ?" +
             std::to_string(values.size());
  }
  void BindAll(Statement& s) const {
    for (size_t i = 0; i < values.size(); ++i) s.Bind(static_cast<int>(i + 1), values[i]);
  }
};

Result<int64_t> Count(sqlite3* db, const std::string& table, const Filter& filter) {
  Result<Statement> count = Statement::Prepare(db, "SELECT COUNT(*) FROM " + table + filter.where);
  if (!count.ok()) return count.status();
  filter.BindAll(*count);
  Result<bool> row = count->Step("count " + table);
  if (!row.ok()) return row.status();
  return count->Int(0);
}

CustomerEvent ReadEvent(const Statement& s) {
  CustomerEvent e;
  e.customer_id = s.Text(0);
  e.type = s.Text(1);
  e.subject = s.Text(2);
  e.priority = static_cast<int32_t>(s.Int(3));
  e.due_at = s.Int(4);
  e.evidence_json = s.Text(5);
  e.method = s.Text(6);
  return e;
}

std::vector<Task>& Rows(TaskPage& page) { return page.tasks; }
std::vector<CustomerEvent>& Rows(EventPage& page) { return page.events; }

// One page of `table` under `filter` in `order`: its rows, the total and the next token.
template <class Page, class ReadRow>
Status ReadPage(sqlite3* db, const std::string& table, const std::string& columns,
                const Filter& filter, const std::string& order, int page_size,
                const std::string& page_token, ReadRow read_row, Page& page) {
  Result<int64_t> offset = ParseOffsetPageToken(kActivityToken, page_token);
  if (!offset.ok()) return offset.status();
  Result<int> size = PageSize(page_size);
  if (!size.ok()) return size.status();
  Result<int64_t> total = Count(db, table, filter);
  if (!total.ok()) return total.status();
  page.total = *total;
  Result<Statement> select = Statement::Prepare(
      db, "SELECT " + columns + " FROM " + table + filter.where + " ORDER BY " + order + " LIMIT " +
              std::to_string(*size) + " OFFSET " + std::to_string(*offset));
  if (!select.ok()) return select.status();
  filter.BindAll(*select);
  auto& rows = Rows(page);
  for (;;) {
    Result<bool> row = select->Step("list " + table);
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.push_back(read_row(*select));
  }
  const int64_t next = *offset + static_cast<int64_t>(rows.size());
  if (next < page.total && !rows.empty())
    page.next_page_token = OffsetPageToken(kActivityToken, next);
  return Status::Ok();
}

}  // namespace

Status Write(sqlite3* db, const std::string& run_id, const std::string& pipeline,
             const RunActivity& activity) {
  (void)pipeline;  // every task carries its pipeline
  if (activity.events != nullptr) ENCORE_RETURN_IF_ERROR(SaveEvents(db, run_id, *activity.events));
  if (activity.tasks != nullptr) ENCORE_RETURN_IF_ERROR(SaveTasks(db, *activity.tasks));
  if (activity.reports != nullptr) {
    ENCORE_RETURN_IF_ERROR(SaveReports(db, run_id, *activity.reports));
  }
  return Status::Ok();
}

Result<std::vector<Task>> OpenTasks(sqlite3* db, const std::string& pipeline) {
  Result<Statement> select = Statement::Prepare(
      db, std::string("SELECT ") + kTaskColumns +
              " FROM tasks WHERE pipeline = ? AND status = 'open' ORDER BY task_id");
  if (!select.ok()) return select.status();
  select->Bind(1, pipeline);
  std::vector<Task> tasks;
  for (;;) {
    Result<bool> row = select->Step("read open tasks");
    if (!row.ok()) return row.status();
    if (!*row) return tasks;
    tasks.push_back(ReadTask(*select));
  }
}

Result<TaskPage> ListTasks(sqlite3* db, const TaskQuery& query) {
  if (query.pipeline.empty()) return InvalidArgument("pipeline: required");
  if (!query.status.empty() && query.status != "open" && query.status != "closed") {
    return InvalidArgument("status: must be open, closed or empty");
  }
  Filter filter;
  filter.Add("pipeline", query.pipeline);
  filter.Add("manager", query.manager);
  filter.Add("customer_id", query.customer_id);
  filter.Add("type", query.type);
  filter.Add("status", query.status);
  TaskPage page;
  ENCORE_RETURN_IF_ERROR(ReadPage(db, "tasks", kTaskColumns, filter, "priority, due_at, task_id",
                                  query.page_size, query.page_token, ReadTask, page));
  return page;
}

Result<EventPage> ListEvents(sqlite3* db, const EventQuery& query) {
  if (query.run_id.empty()) return InvalidArgument("run_id: required");
  Filter filter;
  filter.Add("run_id", query.run_id);
  filter.Add("customer_id", query.customer_id);
  filter.Add("type", query.type);
  EventPage page;
  ENCORE_RETURN_IF_ERROR(ReadPage(db, "run_events",
                                  "customer_id, type, subject, priority, due_at, evidence_json, "
                                  "method",
                                  filter, "seq", query.page_size, query.page_token, ReadEvent,
                                  page));
  return page;
}

Result<std::vector<std::pair<std::string, int64_t>>> ListReports(sqlite3* db,
                                                                 const std::string& run_id) {
  Result<Statement> select = Statement::Prepare(
      db, "SELECT name, row_count FROM run_reports WHERE run_id = ? ORDER BY name");
  if (!select.ok()) return select.status();
  select->Bind(1, run_id);
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    Result<bool> row = select->Step("list reports");
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.emplace_back(select->Text(0), select->Int(1));
  }
}

Result<ReportTable> GetReport(sqlite3* db, const std::string& run_id, const std::string& name) {
  Result<Statement> select = Statement::Prepare(
      db, "SELECT method, row_count, table_json FROM run_reports WHERE run_id = ? AND name = ?");
  if (!select.ok()) return select.status();
  select->Bind(1, run_id).Bind(2, name);
  Result<bool> row = select->Step("read report");
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("run '" + run_id + "' has no report '" + name + "'");
  ReportTable table;
  table.name = name;
  table.method = select->Text(0);
  table.row_count = static_cast<size_t>(select->Int(1));
  const nlohmann::json doc = nlohmann::json::parse(select->Text(2), nullptr, false);
  if (!doc.is_object()) return Internal("report '" + name + "' of run '" + run_id + "' is damaged");
  for (const nlohmann::json& c : doc["columns"]) {
    ScoreColumn column;
    column.name = c["name"].get<std::string>();
    const std::string type = c["type"].get<std::string>();
    column.type = type == "i64"   ? ENCORE_VALUE_I64
                  : type == "f64" ? ENCORE_VALUE_F64
                                  : ENCORE_VALUE_STR;
    column.null_mask.assign(table.row_count, 0);
    table.columns.push_back(std::move(column));
  }
  const nlohmann::json& rows = doc["rows"];
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      ScoreColumn& column = table.columns[c];
      const nlohmann::json& v = rows[r][c];
      column.null_mask[r] = v.is_null() ? 1 : 0;
      if (column.type == ENCORE_VALUE_I64) column.i64.push_back(v.is_null() ? 0 : v.get<int64_t>());
      if (column.type == ENCORE_VALUE_F64) column.f64.push_back(v.is_null() ? 0 : v.get<double>());
      if (column.type == ENCORE_VALUE_STR) {
        column.str.push_back(v.is_null() ? "" : v.get<std::string>());
      }
    }
  }
  return table;
}

}  // namespace encore::run_activity
