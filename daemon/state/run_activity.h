// What a run produced besides per-customer scores: the events its methods saw, the tasks it
// opened, refreshed or closed, and its methods' report tables. Written in the run's commit
// transaction (StateStore::CommitRun), read by the task, event and report queries.
//
// Tables (schema migration 3):
//   tasks        one row per task; a partial unique index on (pipeline, key) WHERE open makes
//                "one open task per situation" a database guarantee, not only the planner's;
//   run_events   the events of each run, in the order the methods put them;
//   run_reports  each report table as one JSON document {"columns":[{"name","type"}],"rows":[[]]}
//                (rules and league tables are thousands of rows at most).
#pragma once

#include <string>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"
#include "daemon/common/task.h"

struct sqlite3;

namespace encore {

struct RunActivity {
  const std::vector<CustomerEvent>* events = nullptr;
  const std::vector<Task>* tasks = nullptr;
  const std::vector<ReportTable>* reports = nullptr;
};

struct TaskQuery {
  std::string pipeline;                    // required
  std::string manager, customer_id, type;  // empty = any
  std::string status;                      // "open", "closed" or empty = any
  int page_size = 100;                     // 1..1000; 0 = 100
  std::string page_token;                  // opaque; empty = first page
};

struct TaskPage {
  std::vector<Task> tasks;  // by priority, then due date, then task id
  std::string next_page_token;
  int64_t total = 0;
};

struct EventQuery {
  std::string run_id;             // required
  std::string customer_id, type;  // empty = any
  int page_size = 100;
  std::string page_token;
};

struct EventPage {
  std::vector<CustomerEvent> events;  // in the order the methods put them
  std::string next_page_token;
  int64_t total = 0;
};

namespace run_activity {

// Inside the caller's transaction.
Status Write(sqlite3* db, const std::string& run_id, const std::string& pipeline,
             const RunActivity& activity);
Result<std::vector<Task>> OpenTasks(sqlite3* db, const std::string& pipeline);
Result<TaskPage> ListTasks(sqlite3* db, const TaskQuery& query);
Result<EventPage> ListEvents(sqlite3* db, const EventQuery& query);
// Names of the run's report tables with their row counts.
Result<std::vector<std::pair<std::string, int64_t>>> ListReports(sqlite3* db,
                                                                 const std::string& run_id);
// NotFound when the run has no report of that name.
Result<ReportTable> GetReport(sqlite3* db, const std::string& run_id, const std::string& name);

}  // namespace run_activity
}  // namespace encore
