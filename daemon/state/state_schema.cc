#include "daemon/state/state_schema.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "daemon/state/sqlite_db.h"

namespace encore {
namespace {

// Migration i takes the schema from version i to i + 1. Append only: a released migration is
// never edited, because databases in the field already ran it.
constexpr const char* kMigrations[] = {
    // 1: pipelines, runs, per-run customer results, source cursors.
    R"sql(
CREATE TABLE pipelines (
  name        TEXT PRIMARY KEY,
  spec_text   TEXT NOT NULL,        -- as applied, ${ENV} placeholders unresolved
  version     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- No foreign key to pipelines: deleting a pipeline keeps its history.
CREATE TABLE runs (
  run_id           TEXT PRIMARY KEY,
  pipeline         TEXT NOT NULL,
  request_id       TEXT NOT NULL DEFAULT '',
  state            TEXT NOT NULL
                   CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  created_at       INTEGER NOT NULL,
  started_at       INTEGER NOT NULL DEFAULT 0,
  finished_at      INTEGER NOT NULL DEFAULT 0,
  as_of            INTEGER NOT NULL DEFAULT 0,
  lines_loaded     INTEGER NOT NULL DEFAULT 0,
  orders           INTEGER NOT NULL DEFAULT 0,
  customers        INTEGER NOT NULL DEFAULT 0,
  row_error_count  INTEGER NOT NULL DEFAULT 0,
  error            TEXT NOT NULL DEFAULT '',
  details_json     TEXT NOT NULL DEFAULT '{}'
);
-- StartRun is idempotent by (pipeline, request id); runs without a request id never collide.
CREATE UNIQUE INDEX runs_by_request_id ON runs (pipeline, request_id) WHERE request_id != '';
CREATE INDEX runs_by_pipeline ON runs (pipeline, created_at);

-- Keyed by run first, so a commit only appends: with the customer first, every commit would
-- insert into every page of the history and rewrite the whole table (measured: 289, 526, 759,
-- 987 MB of WAL for the 1st..4th run of 1M customers, against 289 MB each with this key).
-- A customer's history is one primary-key lookup per run of the pipeline.
CREATE TABLE customer_results (
  run_id       TEXT NOT NULL REFERENCES runs (run_id),
  customer_id  TEXT NOT NULL,
  segment      TEXT NOT NULL,
  scores_json  TEXT NOT NULL,
  PRIMARY KEY (run_id, customer_id)
) WITHOUT ROWID;
-- ListCustomers with a segment filter.
CREATE INDEX customer_results_by_segment ON customer_results (run_id, segment, customer_id);

-- Customers per segment of each committed run, written with the results: SegmentSizes and
-- ListCustomers totals without counting a million rows per page.
CREATE TABLE run_segments (
  run_id     TEXT NOT NULL REFERENCES runs (run_id),
  segment    TEXT NOT NULL,
  customers  INTEGER NOT NULL,
  PRIMARY KEY (run_id, segment)
) WITHOUT ROWID;

CREATE TABLE cursors (
  pipeline    TEXT NOT NULL,
  source      TEXT NOT NULL,
  cursor      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (pipeline, source)
);
)sql",
    // 2: per-run results stored column by column instead of one JSON row per customer. A commit
    // of 1M customers wrote 1M b-tree rows (3.8 s) and an ordered list parsed 1M JSON objects
    // (4 s); a run's columns are now a few blobs (column_codec.h has their layout). Results of
    // runs committed before this version are not converted: those runs keep their record and
    // their segment sizes (run_segments) and read as runs without customers.
    R"sql(
DROP INDEX customer_results_by_segment;
DROP TABLE customer_results;

-- One row per run with stored results: how many customers, and which score gave their segment.
CREATE TABLE run_results (
  run_id         TEXT PRIMARY KEY REFERENCES runs (run_id),
  customers      INTEGER NOT NULL,
  segment_score  TEXT NOT NULL
);

-- The run's columns, every one with its rows in customer id order. Position -2 holds the
-- customer ids (name 'customer_id', unique and sorted), -1 each customer's segment (name ''),
-- 0.. the scores in the order the run produced them. type is the plugin ABI's value type
-- (1 I64, 2 F64, 3 STR). A rowid table, not WITHOUT ROWID: the blobs are large, and reading
-- single cells goes through sqlite3_blob_open, which needs the rowid.
CREATE TABLE run_columns (
  run_id     TEXT NOT NULL REFERENCES run_results (run_id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  type       INTEGER NOT NULL CHECK (type IN (1, 2, 3)),
  null_mask  BLOB,           -- NULL when every row has a value
  data       BLOB NOT NULL,
  UNIQUE (run_id, position)
);
)sql",
    // 3: what a run produced besides scores: tasks, events, report tables (run_activity.h).
    R"sql(
CREATE TABLE tasks (
  task_id        TEXT PRIMARY KEY,
  pipeline       TEXT NOT NULL,
  key            TEXT NOT NULL,        -- "<type>|<customer_id>|<subject>"
  customer_id    TEXT NOT NULL,
  manager        TEXT NOT NULL,
  type           TEXT NOT NULL,
  subject        TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  priority       INTEGER NOT NULL,
  due_at         INTEGER NOT NULL,
  action         TEXT NOT NULL,
  channel        TEXT NOT NULL,
  title          TEXT NOT NULL,
  body           TEXT NOT NULL,
  language       TEXT NOT NULL,
  evidence_json  TEXT NOT NULL,
  opened_as_of   INTEGER NOT NULL,
  seen_count     INTEGER NOT NULL,
  opened_run     TEXT NOT NULL,
  last_run       TEXT NOT NULL,
  closed_run     TEXT NOT NULL,
  closed_as_of   INTEGER NOT NULL,
  close_reason   TEXT NOT NULL
);
-- One open task per situation, whatever a caller does.
CREATE UNIQUE INDEX tasks_open_by_key ON tasks (pipeline, key) WHERE status = 'open';
CREATE INDEX tasks_by_manager ON tasks (pipeline, manager, status);
CREATE INDEX tasks_by_customer ON tasks (pipeline, customer_id);

CREATE TABLE run_events (
  run_id         TEXT NOT NULL REFERENCES runs (run_id),
  seq            INTEGER NOT NULL,
  customer_id    TEXT NOT NULL,
  type           TEXT NOT NULL,
  subject        TEXT NOT NULL,
  priority       INTEGER NOT NULL,
  due_at         INTEGER NOT NULL,
  evidence_json  TEXT NOT NULL,
  method         TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE INDEX run_events_by_customer ON run_events (run_id, customer_id);

CREATE TABLE run_reports (
  run_id      TEXT NOT NULL REFERENCES runs (run_id),
  name        TEXT NOT NULL,
  method      TEXT NOT NULL,
  row_count   INTEGER NOT NULL,
  table_json  TEXT NOT NULL,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
)sql",
};

Result<int> CurrentVersion(sqlite3* db) {
  Result<sqlite::Statement> select =
      sqlite::Statement::Prepare(db, "SELECT version FROM schema_version");
  if (!select.ok()) return select.status();
  Result<bool> row = select->Step("read schema version");
  if (!row.ok()) return row.status();
  if (*row) return static_cast<int>(select->Int(0));
  Result<sqlite::Statement> insert =
      sqlite::Statement::Prepare(db, "INSERT INTO schema_version (version) VALUES (0)");
  if (!insert.ok()) return insert.status();
  ENCORE_RETURN_IF_ERROR(insert->Run("initialise schema version"));
  return 0;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status MigrateSchema(sqlite3* db) { return MigrateSchemaTo(db, LatestSchemaVersion()); }

Status MigrateSchemaTo(sqlite3* db, int target) {
  target = std::min(target, LatestSchemaVersion());
  Result<sqlite::Transaction> tx = sqlite::Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  ENCORE_RETURN_IF_ERROR(
      sqlite::Exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                   "create schema_version"));
  Result<int> version = CurrentVersion(db);
  if (!version.ok()) return version.status();
  if (*version > LatestSchemaVersion()) {
    return FailedPrecondition("the state database has schema version " + std::to_string(*version) +
                              ", newer than this build supports (" +
                              std::to_string(LatestSchemaVersion()) + ")");
  }
  for (int v = *version; v < target; ++v) {
    ENCORE_RETURN_IF_ERROR(
        sqlite::Exec(db, kMigrations[v], "migrate schema to version " + std::to_string(v + 1)));
  }
  if (*version < target) {
    Result<sqlite::Statement> update =
        sqlite::Statement::Prepare(db, "UPDATE schema_version SET version = ?");
    if (!update.ok()) return update.status();
    update->Bind(1, int64_t{target});
    ENCORE_RETURN_IF_ERROR(update->Run("record schema version"));
  }
  return tx->Commit();
}

}  // namespace encore
