#include "daemon/state/state_store.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <system_error>

#include "daemon/state/scores_json.h"
#include "daemon/state/sqlite_db.h"
#include "daemon/state/state_schema.h"

namespace encore {

using sqlite::Statement;
using sqlite::Transaction;

const char* RunStateName(RunState state) {
  switch (state) {
    case RunState::kQueued:
      return "queued";
    case RunState::kRunning:
      return "running";
    case RunState::kSucceeded:
      return "succeeded";
    case RunState::kFailed:
      return "failed";
    case RunState::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

bool IsFinal(RunState state) {
  return state == RunState::kSucceeded || state == RunState::kFailed ||
         state == RunState::kCancelled;
}

namespace {

constexpr const char* kDatabaseFile = "state.db";
constexpr int kBusyTimeoutMs = 5000;
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RunState RunStateFromName(const std::string& name) {
  for (RunState state : {RunState::kQueued, RunState::kRunning, RunState::kSucceeded,
                         RunState::kFailed, RunState::kCancelled}) {
    if (name == RunStateName(state)) return state;
  }
  return RunState::kFailed;  // the schema's CHECK constraint makes this unreachable
}

nlohmann::json ParseStoredJson(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? nlohmann::json::object() : value;
}

// The page token is the last customer id of the page, hex-encoded so that it is opaque and
// survives any transport.
std::string EncodePageToken(const std::string& customer_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(customer_id.size() * 2);
  for (unsigned char c : customer_id) {
    token += kHex[c >> 4];
    token += kHex[c & 0xf];
  }
  return token;
}

std::optional<std::string> DecodePageToken(const std::string& token) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (token.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(token.size() / 2);
  for (size_t i = 0; i < token.size(); i += 2) {
    const int hi = nibble(token[i]), lo = nibble(token[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

constexpr const char* kRunColumns =
    "run_id, pipeline, request_id, state, created_at, started_at, finished_at, as_of, "
    "lines_loaded, orders, customers, row_error_count, error, details_json";

RunRecord ReadRun(const Statement& row) {
  RunRecord run;
  run.run_id = row.Text(0);
  run.pipeline = row.Text(1);
  run.request_id = row.Text(2);
  run.state = RunStateFromName(row.Text(3));
  run.created_at = row.Int(4);
  run.started_at = row.Int(5);
  run.finished_at = row.Int(6);
  run.as_of = row.Int(7);
  run.lines_loaded = row.Int(8);
  run.orders = row.Int(9);
  run.customers = row.Int(10);
  run.row_error_count = row.Int(11);
  run.error = row.Text(12);
  run.details = ParseStoredJson(row.Text(13));
  return run;
}

// Binds every run column in kRunColumns order.
void BindRun(Statement& statement, const RunRecord& run, RunState state, int64_t created_at) {
  statement.Bind(1, run.run_id)
      .Bind(2, run.pipeline)
      .Bind(3, run.request_id)
      .Bind(4, std::string_view(RunStateName(state)))
      .Bind(5, created_at)
      .Bind(6, run.started_at)
      .Bind(7, run.finished_at)
      .Bind(8, run.as_of)
      .Bind(9, run.lines_loaded)
      .Bind(10, run.orders)
      .Bind(11, run.customers)
      .Bind(12, run.row_error_count)
      .Bind(13, run.error)
      .Bind(14, run.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Runs a query that returns runs; errors are logged and give an empty list (the callers'
// signatures have no error channel: an unreadable database shows as "no runs").
std::vector<RunRecord> QueryRuns(Result<Statement> query, const char* what) {
  std::vector<RunRecord> runs;
  if (!query.ok()) {
    spdlog::error("state: {}: {}", what, query.status().message());
    return runs;
  }
  for (;;) {
    Result<bool> row = query->Step(what);
    if (!row.ok()) {
      spdlog::error("state: {}", row.status().message());
      return {};
    }
    if (!*row) return runs;
    runs.push_back(ReadRun(*query));
  }
}

Result<sqlite3*> OpenDatabase(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  // NOMUTEX: StateStore serialises every call with its own mutex.
  const int rc = sqlite3_open_v2(
      file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status status = sqlite::Error(db, rc, "open " + file.string());
    sqlite3_close(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  // Durability: WAL with synchronous=NORMAL. Every write is committed (in the WAL) before the
  // call returns, so nothing acknowledged is lost when the daemon crashes or is killed; the
  // database is never corrupted. On power loss or an OS crash the last transactions before the
  // next checkpoint may roll back; because a run's results, its cursors and its record commit
  // in one transaction, such a rollback leaves the previous consistent state and the run is
  // simply done again. FULL would fsync on every commit for little gain at that price.
  //
  // Commit speed (1M customers per run): 16 KiB pages (applies when the file is created) and a
  // 64 MiB page cache. With the default 2 MiB cache the inserts into the segment index, which
  // go to as many places as there are segments, kept evicting pages and the commit took 2.8x
  // the CPU time. journal_size_limit: a large commit grows the WAL; truncate it after
  // checkpoints instead of keeping hundreds of MB of file.
  Status status = sqlite::Exec(db,
                               "PRAGMA page_size = 16384;"
                               "PRAGMA cache_size = -65536;"
                               "PRAGMA synchronous = NORMAL;"
                               "PRAGMA foreign_keys = ON;"
                               "PRAGMA journal_size_limit = 67108864;",
                               "configure");
  if (status.ok()) {
    // journal_mode answers with the mode it got; WAL can be refused (e.g. network file systems).
    Result<Statement> wal = Statement::Prepare(db, "PRAGMA journal_mode = WAL");
    Result<bool> row = wal.ok() ? wal->Step("enable WAL") : Result<bool>(wal.status());
    if (!row.ok()) {
      status = row.status();
    } else if (!*row || wal->Text(0) != "wal") {
      status = FailedPrecondition("state database " + file.string() +
                                  ": the file system does not support WAL mode");
    }
  }
  if (!status.ok()) {
    sqlite3_close_v2(db);
    return status;
  }
  return db;
}

}  // namespace

StateStore::StateStore(sqlite3* db) : db_(db) {}

StateStore::~StateStore() { sqlite3_close_v2(db_); }

Result<std::unique_ptr<StateStore>> StateStore::Open(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Internal("cannot create the data directory " + data_dir.string() + ": " + ec.message());
  }
  Result<sqlite3*> db = OpenDatabase(data_dir / kDatabaseFile);
  if (!db.ok()) return db.status();
  std::unique_ptr<StateStore> store(new StateStore(*db));

  if (Status status = MigrateSchema(store->db_); !status.ok()) {
    return status.Wrap("state database " + (data_dir / kDatabaseFile).string());
  }
  // No run survives its process: whatever was queued or running is over.
  Result<Statement> interrupted = Statement::Prepare(
      store->db_,
      "UPDATE runs SET state = 'failed', error = 'interrupted: daemon restarted', "
      "finished_at = ? WHERE state IN ('queued', 'running')");
  if (!interrupted.ok()) return interrupted.status();
  interrupted->Bind(1, NowSeconds());
  ENCORE_RETURN_IF_ERROR(interrupted->Run("mark interrupted runs"));
  if (const int count = sqlite3_changes(store->db_); count > 0) {
    spdlog::warn("state: {} run(s) left by the previous process marked failed", count);
  }
  return store;
}

// ---- Pipelines ----

Status StateStore::PutPipeline(const std::string& name, const std::string& spec_text) {
  std::lock_guard lock(mu_);
  Result<Statement> upsert =
      Statement::Prepare(db_,
                         "INSERT INTO pipelines (name, spec_text, version, created_at, updated_at) "
                         "VALUES (?1, ?2, 1, ?3, ?3) "
                         "ON CONFLICT (name) DO UPDATE SET spec_text = excluded.spec_text, "
                         "version = version + 1, updated_at = excluded.updated_at");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, name).Bind(2, spec_text).Bind(3, NowSeconds());
  return upsert->Run("save pipeline '" + name + "'");
}

Result<PipelineRecord> StateStore::GetPipeline(const std::string& name) {
  std::lock_guard lock(mu_);
  Result<Statement> select = Statement::Prepare(
      db_, "SELECT name, spec_text, version, created_at, updated_at FROM pipelines WHERE name = ?");
  if (!select.ok()) return select.status();
  select->Bind(1, name);
  Result<bool> row = select->Step("read pipeline '" + name + "'");
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("pipeline '" + name + "' not found");
  return PipelineRecord{select->Text(0), select->Text(1), select->Int(2), select->Int(3),
                        select->Int(4)};
}

std::vector<PipelineRecord> StateStore::ListPipelines() {
  std::lock_guard lock(mu_);
  std::vector<PipelineRecord> pipelines;
  Result<Statement> select = Statement::Prepare(
      db_, "SELECT name, spec_text, version, created_at, updated_at FROM pipelines ORDER BY name");
  if (!select.ok()) {
    spdlog::error("state: list pipelines: {}", select.status().message());
    return pipelines;
  }
  for (;;) {
    Result<bool> row = select->Step("list pipelines");
    if (!row.ok()) {
      spdlog::error("state: {}", row.status().message());
      return {};
    }
    if (!*row) return pipelines;
    pipelines.push_back(
        {select->Text(0), select->Text(1), select->Int(2), select->Int(3), select->Int(4)});
  }
}

Status StateStore::DeletePipeline(const std::string& name) {
  std::lock_guard lock(mu_);
  Result<Statement> remove = Statement::Prepare(db_, "DELETE FROM pipelines WHERE name = ?");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, name);
  ENCORE_RETURN_IF_ERROR(remove->Run("delete pipeline '" + name + "'"));
  if (sqlite3_changes(db_) == 0) return NotFound("pipeline '" + name + "' not found");
  return Status::Ok();
}

// ---- Runs ----

Status StateStore::InsertRun(const RunRecord& run) {
  std::lock_guard lock(mu_);
  Result<Statement> insert =
      Statement::Prepare(db_, std::string("INSERT INTO runs (") + kRunColumns +
                                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  BindRun(*insert, run, run.state, run.created_at != 0 ? run.created_at : NowSeconds());
  return insert->Run("insert run '" + run.run_id + "'");
}

Status StateStore::UpdateRun(const RunRecord& run) {
  std::lock_guard lock(mu_);
  Result<Statement> update = Statement::Prepare(
      db_,
      "UPDATE runs SET state = ?4, started_at = ?6, finished_at = ?7, as_of = ?8, "
      "lines_loaded = ?9, orders = ?10, customers = ?11, row_error_count = ?12, error = ?13, "
      "details_json = ?14 WHERE run_id = ?1");
  if (!update.ok()) return update.status();
  BindRun(*update, run, run.state, run.created_at);
  ENCORE_RETURN_IF_ERROR(update->Run("update run '" + run.run_id + "'"));
  if (sqlite3_changes(db_) == 0) return NotFound("run '" + run.run_id + "' not found");
  return Status::Ok();
}

Result<RunRecord> StateStore::GetRun(const std::string& run_id) {
  std::lock_guard lock(mu_);
  Result<Statement> select =
      Statement::Prepare(db_, std::string("SELECT ") + kRunColumns + " FROM runs WHERE run_id = ?");
  if (!select.ok()) return select.status();
  select->Bind(1, run_id);
  Result<bool> row = select->Step("read run '" + run_id + "'");
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("run '" + run_id + "' not found");
  return ReadRun(*select);
}

std::optional<RunRecord> StateStore::FindRunByRequestId(const std::string& pipeline,
                                                        const std::string& request_id) {
  if (request_id.empty()) return std::nullopt;
  std::lock_guard lock(mu_);
  Result<Statement> select =
      Statement::Prepare(db_, std::string("SELECT ") + kRunColumns +
                                  " FROM runs WHERE pipeline = ? AND request_id = ?");
  if (select.ok()) select->Bind(1, pipeline).Bind(2, request_id);
  std::vector<RunRecord> runs = QueryRuns(std::move(select), "find run by request id");
  if (runs.empty()) return std::nullopt;
  return std::move(runs.front());
}

std::vector<RunRecord> StateStore::ListRuns(const std::string& pipeline, int limit, int offset) {
  std::lock_guard lock(mu_);
  // Two fixed texts rather than "?1 = '' OR pipeline = ?1", which cannot use the index.
  Result<Statement> select =
      Statement::Prepare(db_, std::string("SELECT ") + kRunColumns + " FROM runs" +
                                  (pipeline.empty() ? "" : " WHERE pipeline = ?1") +
                                  " ORDER BY created_at DESC, rowid DESC LIMIT ?2 OFFSET ?3");
  if (select.ok()) {
    if (!pipeline.empty()) select->Bind(1, pipeline);
    select->Bind(2, int64_t{limit > 0 ? limit : -1}).Bind(3, int64_t{std::max(offset, 0)});
  }
  return QueryRuns(std::move(select), "list runs");
}

std::optional<RunRecord> StateStore::LatestSucceededRun(const std::string& pipeline) {
  std::lock_guard lock(mu_);
  Result<Statement> select =
      Statement::Prepare(db_, std::string("SELECT ") + kRunColumns +
                                  " FROM runs WHERE pipeline = ? AND state = 'succeeded' "
                                  "ORDER BY created_at DESC, rowid DESC LIMIT 1");
  if (select.ok()) select->Bind(1, pipeline);
  std::vector<RunRecord> runs = QueryRuns(std::move(select), "latest succeeded run");
  if (runs.empty()) return std::nullopt;
  return std::move(runs.front());
}

// ---- Commit ----

Status StateStore::CommitRun(const RunRecord& run, const ResultsTable& results,
                             const std::string& segment_score,
                             const std::map<std::string, std::string>& cursors) {
  std::lock_guard lock(mu_);
  const std::string what = "commit run '" + run.run_id + "'";
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx.ok()) return tx.status().Wrap(what);

  Result<Statement> state = Statement::Prepare(db_, "SELECT state FROM runs WHERE run_id = ?");
  if (!state.ok()) return state.status();
  state->Bind(1, run.run_id);
  Result<bool> existing = state->Step(what);
  if (!existing.ok()) return existing.status();
  if (*existing && IsFinal(RunStateFromName(state->Text(0)))) {
    return FailedPrecondition("run '" + run.run_id + "' is already " + state->Text(0));
  }

  // The run row first: the results reference it.
  Result<Statement> upsert = Statement::Prepare(
      db_, std::string("INSERT INTO runs (") + kRunColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (run_id) DO UPDATE SET state = excluded.state, "
               "started_at = excluded.started_at, finished_at = excluded.finished_at, "
               "as_of = excluded.as_of, lines_loaded = excluded.lines_loaded, "
               "orders = excluded.orders, customers = excluded.customers, "
               "row_error_count = excluded.row_error_count, error = excluded.error, "
               "details_json = excluded.details_json");
  if (!upsert.ok()) return upsert.status();
  BindRun(*upsert, run, RunState::kSucceeded, run.created_at != 0 ? run.created_at : NowSeconds());
  ENCORE_RETURN_IF_ERROR(upsert->Run(what));

  Result<Statement> insert =
      Statement::Prepare(db_,
                         "INSERT INTO customer_results (run_id, customer_id, segment, scores_json) "
                         "VALUES (?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, run.run_id);  // bindings survive Reset(): bound once
  // In key order, so that every b-tree insert lands next to the previous one.
  ResultRows rows(results, segment_score);
  std::map<std::string, int64_t, std::less<>> segment_sizes;
  while (rows.Next()) {
    auto size = segment_sizes.find(rows.segment());
    if (size == segment_sizes.end()) size = segment_sizes.emplace(rows.segment(), 0).first;
    ++size->second;
    insert->Bind(2, rows.customer_id(), /*borrowed=*/true)
        .Bind(3, rows.segment(), /*borrowed=*/true)
        .Bind(4, rows.scores_json(), /*borrowed=*/true);
    ENCORE_RETURN_IF_ERROR(insert->Run(what));
    insert->Reset();
  }

  Result<Statement> sizes = Statement::Prepare(
      db_, "INSERT INTO run_segments (run_id, segment, customers) VALUES (?, ?, ?)");
  if (!sizes.ok()) return sizes.status();
  for (const auto& [name, customers] : segment_sizes) {
    sizes->Bind(1, run.run_id).Bind(2, name).Bind(3, customers);
    ENCORE_RETURN_IF_ERROR(sizes->Run(what));
    sizes->Reset();
  }

  Result<Statement> cursor = Statement::Prepare(
      db_,
      "INSERT INTO cursors (pipeline, source, cursor, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (pipeline, source) DO UPDATE SET cursor = excluded.cursor, "
      "updated_at = excluded.updated_at");
  if (!cursor.ok()) return cursor.status();
  const int64_t now = NowSeconds();
  for (const auto& [source, value] : cursors) {
    cursor->Bind(1, run.pipeline).Bind(2, source).Bind(3, value).Bind(4, now);
    ENCORE_RETURN_IF_ERROR(cursor->Run(what));
    cursor->Reset();
  }
  Status committed = tx->Commit().Wrap(what);
  // The commit filled the page cache; give back what no statement uses.
  sqlite3_db_release_memory(db_);
  return committed;
}

std::map<std::string, std::string> StateStore::Cursors(const std::string& pipeline) {
  std::lock_guard lock(mu_);
  std::map<std::string, std::string> cursors;
  Result<Statement> select =
      Statement::Prepare(db_, "SELECT source, cursor FROM cursors WHERE pipeline = ?");
  if (!select.ok()) {
    spdlog::error("state: read cursors: {}", select.status().message());
    return cursors;
  }
  select->Bind(1, pipeline);
  for (;;) {
    Result<bool> row = select->Step("read cursors");
    if (!row.ok()) {
      spdlog::error("state: {}", row.status().message());
      return {};
    }
    if (!*row) return cursors;
    cursors[select->Text(0)] = select->Text(1);
  }
}

// ---- Customers ----

std::vector<CustomerResult> StateStore::CustomerHistory(const std::string& pipeline,
                                                        const std::string& customer_id) {
  std::lock_guard lock(mu_);
  std::vector<CustomerResult> history;
  Result<Statement> select = Statement::Prepare(
      db_,
      // CROSS JOIN keeps runs as the outer loop (SQLite does not reorder it): one primary-key
      // lookup in customer_results per succeeded run of the pipeline.
      "SELECT r.run_id, r.as_of, c.segment, c.scores_json "
      "FROM runs r CROSS JOIN customer_results c "
      "WHERE r.pipeline = ?2 AND r.state = 'succeeded' "
      "AND c.run_id = r.run_id AND c.customer_id = ?1 "
      "ORDER BY r.as_of, r.created_at, r.rowid");
  if (!select.ok()) {
    spdlog::error("state: customer history: {}", select.status().message());
    return history;
  }
  select->Bind(1, customer_id).Bind(2, pipeline);
  for (;;) {
    Result<bool> row = select->Step("customer history");
    if (!row.ok()) {
      spdlog::error("state: {}", row.status().message());
      return {};
    }
    if (!*row) return history;
    history.push_back({select->Text(0), select->Int(1), customer_id, select->Text(2),
                       ParseStoredJson(select->Text(3))});
  }
}

Result<CustomerPage> StateStore::ListCustomers(const std::string& run_id,
                                               const std::string& segment, int page_size,
                                               const std::string& page_token) {
  if (page_size < 0) {
    return InvalidArgument("page_size must be 0..1000, got " + std::to_string(page_size));
  }
  if (page_size == 0) page_size = kDefaultPageSize;
  page_size = std::min(page_size, kMaxPageSize);
  const std::optional<std::string> after = DecodePageToken(page_token);
  if (!after.has_value()) return InvalidArgument("invalid page_token");

  std::lock_guard lock(mu_);
  Result<Statement> run = Statement::Prepare(db_, "SELECT as_of FROM runs WHERE run_id = ?");
  if (!run.ok()) return run.status();
  run->Bind(1, run_id);
  Result<bool> found = run->Step("read run '" + run_id + "'");
  if (!found.ok()) return found.status();
  if (!*found) return NotFound("run '" + run_id + "' not found");
  const int64_t as_of = run->Int(0);

  // Parameters: ?1 run, ?2 segment, ?3 last key of the previous page, ?4 limit. Each variant
  // keeps its WHERE clause a plain index range.
  const bool by_segment = !segment.empty(), paged = !page_token.empty();
  std::string sql =
      "SELECT customer_id, segment, scores_json FROM customer_results WHERE run_id = ?1";
  if (by_segment) sql += " AND segment = ?2";
  if (paged) sql += " AND customer_id > ?3";
  sql += " ORDER BY customer_id LIMIT ?4";
  Result<Statement> select = Statement::Prepare(db_, sql);
  if (!select.ok()) return select.status();
  select->Bind(1, run_id).Bind(4, int64_t{page_size} + 1);  // one more: is there a next page?
  if (by_segment) select->Bind(2, segment);
  if (paged) select->Bind(3, *after);

  CustomerPage page;
  for (;;) {
    Result<bool> row = select->Step("list customers");
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (page.customers.size() == static_cast<size_t>(page_size)) {
      page.next_page_token = EncodePageToken(page.customers.back().customer_id);
      break;
    }
    page.customers.push_back(
        {run_id, as_of, select->Text(0), select->Text(1), ParseStoredJson(select->Text(2))});
  }

  // Totals were counted at commit (run_segments): no per-page count of a million rows.
  Result<Statement> count = Statement::Prepare(
      db_, by_segment ? "SELECT COALESCE(SUM(customers), 0) FROM run_segments "
                        "WHERE run_id = ?1 AND segment = ?2"
                      : "SELECT COALESCE(SUM(customers), 0) FROM run_segments WHERE run_id = ?1");
  if (!count.ok()) return count.status();
  count->Bind(1, run_id);
  if (by_segment) count->Bind(2, segment);
  Result<bool> counted = count->Step("count customers");
  if (!counted.ok()) return counted.status();
  page.total = count->Int(0);
  return page;
}

std::map<std::string, int64_t> StateStore::SegmentSizes(const std::string& run_id) {
  std::lock_guard lock(mu_);
  std::map<std::string, int64_t> sizes;
  Result<Statement> select =
      Statement::Prepare(db_, "SELECT segment, customers FROM run_segments WHERE run_id = ?");
  if (!select.ok()) {
    spdlog::error("state: segment sizes: {}", select.status().message());
    return sizes;
  }
  select->Bind(1, run_id);
  for (;;) {
    Result<bool> row = select->Step("segment sizes");
    if (!row.ok()) {
      spdlog::error("state: {}", row.status().message());
      return {};
    }
    if (!*row) return sizes;
    sizes[select->Text(0)] = select->Int(1);
  }
}

}  // namespace encore
