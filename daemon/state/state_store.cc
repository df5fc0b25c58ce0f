#include "daemon/state/state_store.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <system_error>
#include <tuple>

#include "daemon/common/page_token.h"
#include "daemon/state/column_cache.h"
#include "daemon/state/customer_selection.h"
#include "daemon/state/run_columns.h"
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
// Decoded columns kept in memory: two runs of 1M customers with ~15 scores each, the run a
// client pages through and the one before it (transitions, migration matrices).
constexpr size_t kColumnCacheBytes = size_t{256} << 20;

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

StateStore::StateStore(sqlite3* db)
    : db_(db), cache_(std::make_unique<ColumnCache>(kColumnCacheBytes)) {}

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
                                  "ORDER BY as_of DESC, created_at DESC, rowid DESC LIMIT 1");
  if (select.ok()) select->Bind(1, pipeline);
  std::vector<RunRecord> runs = QueryRuns(std::move(select), "latest succeeded run");
  if (runs.empty()) return std::nullopt;
  return std::move(runs.front());
}

// ---- Commit ----

namespace {

Status CheckNotFinal(sqlite3* db, const std::string& run_id, const std::string& what) {
  Result<Statement> state = Statement::Prepare(db, "SELECT state FROM runs WHERE run_id = ?");
  if (!state.ok()) return state.status();
  state->Bind(1, run_id);
  Result<bool> existing = state->Step(what);
  if (!existing.ok()) return existing.status();
  if (*existing && IsFinal(RunStateFromName(state->Text(0)))) {
    return FailedPrecondition("run '" + run_id + "' is already " + state->Text(0));
  }
  return Status::Ok();
}

// Inserts or updates the run row as succeeded.
Status SaveSucceededRun(sqlite3* db, const RunRecord& run, const std::string& what) {
  Result<Statement> upsert = Statement::Prepare(
      db, std::string("INSERT INTO runs (") + kRunColumns +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (run_id) DO UPDATE SET state = excluded.state, "
              "started_at = excluded.started_at, finished_at = excluded.finished_at, "
              "as_of = excluded.as_of, lines_loaded = excluded.lines_loaded, "
              "orders = excluded.orders, customers = excluded.customers, "
              "row_error_count = excluded.row_error_count, error = excluded.error, "
              "details_json = excluded.details_json");
  if (!upsert.ok()) return upsert.status();
  BindRun(*upsert, run, RunState::kSucceeded, run.created_at != 0 ? run.created_at : NowSeconds());
  return upsert->Run(what);
}

Status SaveCursors(sqlite3* db, const std::string& pipeline,
                   const std::map<std::string, std::string>& cursors, const std::string& what) {
  Result<Statement> cursor = Statement::Prepare(
      db,
      "INSERT INTO cursors (pipeline, source, cursor, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (pipeline, source) DO UPDATE SET cursor = excluded.cursor, "
      "updated_at = excluded.updated_at");
  if (!cursor.ok()) return cursor.status();
  const int64_t now = NowSeconds();
  for (const auto& [source, value] : cursors) {
    cursor->Bind(1, pipeline).Bind(2, source).Bind(3, value).Bind(4, now);
    ENCORE_RETURN_IF_ERROR(cursor->Run(what));
    cursor->Reset();
  }
  return Status::Ok();
}

}  // namespace

Status StateStore::CommitRun(const RunRecord& run, const ResultsTable& results,
                             const std::string& segment_score,
                             const std::map<std::string, std::string>& cursors,
                             const RunActivity& activity) {
  const std::string what = "commit run '" + run.run_id + "'";
  // Sorting and encoding are most of a commit's work and need no database: done before taking
  // the lock, so that reads go on meanwhile.
  Result<run_columns::EncodedResults> encoded = run_columns::Encode(results, segment_score);
  if (!encoded.ok()) return encoded.status().Wrap(what);

  std::lock_guard lock(mu_);
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx.ok()) return tx.status().Wrap(what);
  ENCORE_RETURN_IF_ERROR(CheckNotFinal(db_, run.run_id, what));
  // The run row first: the results reference it.
  ENCORE_RETURN_IF_ERROR(SaveSucceededRun(db_, run, what));
  ENCORE_RETURN_IF_ERROR(run_columns::Write(db_, run.run_id, *encoded));
  ENCORE_RETURN_IF_ERROR(SaveCursors(db_, run.pipeline, cursors, what));
  // Everything else the run produced is written here, before the commit, so that it lands
  // with the results or not at all.
  ENCORE_RETURN_IF_ERROR(run_activity::Write(db_, run.run_id, run.pipeline, activity).Wrap(what));
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

// ---- Results ----

const char* FilterOpName(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return "eq";
    case FilterOp::kNe:
      return "ne";
    case FilterOp::kLt:
      return "lt";
    case FilterOp::kLe:
      return "le";
    case FilterOp::kGt:
      return "gt";
    case FilterOp::kGe:
      return "ge";
    case FilterOp::kContains:
      return "contains";
    case FilterOp::kNotContains:
      return "not_contains";
  }
  return "unknown";
}

namespace {

using ColumnPtr = std::shared_ptr<const columns::DecodedColumn>;
using run_columns::ColumnInfo;
using run_columns::RunInfo;

// Page tokens of score-ordered lists: "s" + the offset of the next page's first customer.
constexpr char kOrderedTokenPrefix = 's';

// Text as the API can carry it: invalid UTF-8 becomes U+FFFD (stored text keeps its bytes).
std::string ValidUtf8(std::string text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) return text;
  const std::string quoted =
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(quoted).get<std::string>();
}

nlohmann::json ToJson(columns::Cell cell) {
  if (auto* i = std::get_if<int64_t>(&cell)) return *i;
  if (auto* d = std::get_if<double>(&cell)) return *d;
  if (auto* s = std::get_if<std::string>(&cell)) return ValidUtf8(std::move(*s));
  return nullptr;
}

columns::Cell CellOf(const columns::DecodedColumn& column, size_t row) {
  if (column.is_null(row)) return {};
  switch (column.type) {
    case ENCORE_VALUE_I64:
      return column.i64[row];
    case ENCORE_VALUE_F64:
      return column.f64[row];
    default:
      return std::string(column.str(row));
  }
}

// The first row whose id is greater than `id`.
size_t RowAfter(const columns::DecodedColumn& ids, const std::string& id) {
  size_t low = 0, high = ids.rows;
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (ids.str(middle) <= id) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

Result<int64_t> RunAsOf(sqlite3* db, const std::string& run_id) {
  Result<Statement> run = Statement::Prepare(db, "SELECT as_of FROM runs WHERE run_id = ?");
  if (!run.ok()) return run.status();
  run->Bind(1, run_id);
  Result<bool> found = run->Step("read run '" + run_id + "'");
  if (!found.ok()) return found.status();
  if (!*found) return NotFound("run '" + run_id + "' not found");
  return run->Int(0);
}

Result<ColumnPtr> LoadColumn(sqlite3* db, ColumnCache& cache, const RunInfo& run,
                             const ColumnInfo& column) {
  if (ColumnPtr cached = cache.Find(run.run_id, column.position)) return cached;
  Result<columns::DecodedColumn> decoded = run_columns::ReadColumn(db, run, column);
  if (!decoded.ok()) return decoded.status();
  auto shared = std::make_shared<const columns::DecodedColumn>(std::move(decoded).value());
  cache.Put(run.run_id, column.position, shared);
  return ColumnPtr(shared);
}

// The customers at `rows` (ascending) with every score. Columns already decoded are read from
// the cache; the others cell by cell, which for one page is far cheaper than decoding them.
Result<std::vector<CustomerResult>> ReadCustomers(sqlite3* db, ColumnCache& cache,
                                                  const RunInfo& run, int64_t as_of,
                                                  const std::vector<uint32_t>& rows) {
  std::vector<CustomerResult> customers(rows.size());
  for (CustomerResult& c : customers) {
    c.run_id = run.run_id;
    c.as_of = as_of;
    c.scores = nlohmann::json::object();
  }
  if (rows.empty()) return customers;
  for (const ColumnInfo& column : run.columns) {
    ColumnPtr cached = cache.Find(run.run_id, column.position);
    std::unique_ptr<run_columns::CellSource> source;
    if (!cached) {
      Result<std::unique_ptr<run_columns::CellSource>> opened =
          run_columns::CellSource::Open(db, run, column);
      if (!opened.ok()) return opened.status();
      source = std::move(opened).value();
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      columns::Cell cell;
      if (cached) {
        cell = CellOf(*cached, rows[i]);
      } else {
        Result<columns::Cell> read = source->Read(rows[i]);
        if (!read.ok()) return read.status();
        cell = std::move(read).value();
      }
      CustomerResult& c = customers[i];
      if (column.position == run_columns::kIdsPosition) {
        if (auto* id = std::get_if<std::string>(&cell)) c.customer_id = std::move(*id);
      } else if (column.position == run_columns::kSegmentsPosition) {
        if (auto* segment = std::get_if<std::string>(&cell)) c.segment = ValidUtf8(*segment);
      } else {
        c.scores[column.name] = ToJson(std::move(cell));
      }
    }
  }
  return customers;
}

}  // namespace

std::vector<CustomerResult> StateStore::CustomerHistory(const std::string& pipeline,
                                                        const std::string& customer_id) {
  std::lock_guard lock(mu_);
  std::vector<CustomerResult> history;
  auto fail = [&](const Status& status) {
    spdlog::error("state: customer history: {}", status.message());
    return std::vector<CustomerResult>();
  };
  Result<Statement> select = Statement::Prepare(
      db_,
      "SELECT r.run_id, r.as_of FROM runs r JOIN run_results s ON s.run_id = r.run_id "
      "WHERE r.pipeline = ? AND r.state = 'succeeded' ORDER BY r.as_of, r.created_at, r.rowid");
  if (!select.ok()) return fail(select.status());
  select->Bind(1, pipeline);
  std::vector<std::pair<std::string, int64_t>> runs;
  for (;;) {
    Result<bool> row = select->Step("customer history");
    if (!row.ok()) return fail(row.status());
    if (!*row) break;
    runs.emplace_back(select->Text(0), select->Int(1));
  }
  // One binary search per run over single cells of its ids: a customer's history never
  // decodes whole runs.
  for (const auto& [run_id, as_of] : runs) {
    Result<std::optional<RunInfo>> run = run_columns::ReadRunInfo(db_, run_id);
    if (!run.ok()) return fail(run.status());
    if (!*run) continue;
    const RunInfo& info = **run;
    std::optional<size_t> row;
    if (ColumnPtr ids = cache_->Find(run_id, run_columns::kIdsPosition)) {
      const size_t after = RowAfter(*ids, customer_id);
      if (after > 0 && ids->str(after - 1) == customer_id) row = after - 1;
    } else {
      Result<std::unique_ptr<run_columns::CellSource>> source =
          run_columns::CellSource::Open(db_, info, *info.Position(run_columns::kIdsPosition));
      if (!source.ok()) return fail(source.status());
      Result<std::optional<size_t>> found =
          run_columns::FindCustomer(**source, info.customers, customer_id);
      if (!found.ok()) return fail(found.status());
      row = *found;
    }
    if (!row) continue;
    Result<std::vector<CustomerResult>> customer =
        ReadCustomers(db_, *cache_, info, as_of, {static_cast<uint32_t>(*row)});
    if (!customer.ok()) return fail(customer.status());
    history.push_back(std::move(customer->front()));
  }
  return history;
}

Result<CustomerPage> StateStore::ListCustomers(const std::string& run_id,
                                               const std::string& segment, int page_size,
                                               const std::string& page_token) {
  CustomerListOptions options;
  options.segment = segment;
  options.page_size = page_size;
  options.page_token = page_token;
  return ListCustomers(run_id, options);
}

Result<CustomerPage> StateStore::ListCustomers(const std::string& run_id,
                                               const CustomerListOptions& options) {
  if (options.page_size < 0) {
    return InvalidArgument("page_size must be 0..1000, got " + std::to_string(options.page_size));
  }
  const size_t page_size = static_cast<size_t>(
      options.page_size == 0 ? kDefaultPageSize : std::min(options.page_size, kMaxPageSize));
  for (size_t i = 0; i < options.filters.size(); ++i) {
    ENCORE_RETURN_IF_ERROR(selection::CheckFilter(i, options.filters[i]));
  }
  const bool ordered = !options.order_by.empty();
  // Ordered lists page by offset; lists in id order by the last id, which stays right even for
  // a client that changes its filters between pages.
  std::optional<size_t> offset;
  std::optional<std::string> after;
  if (ordered) {
    Result<int64_t> parsed = ParseOffsetPageToken(kOrderedTokenPrefix, options.page_token);
    if (!parsed.ok()) return parsed.status();
    offset = static_cast<size_t>(*parsed);
  } else {
    after = DecodePageToken(options.page_token);
    if (!after) return InvalidArgument("page_token: not a token this list returned");
  }

  // What the selection needs, read under the lock; the selection itself runs without it.
  std::unique_lock lock(mu_);
  Result<int64_t> as_of = RunAsOf(db_, run_id);
  if (!as_of.ok()) return as_of.status();
  Result<std::optional<RunInfo>> info = run_columns::ReadRunInfo(db_, run_id);
  if (!info.ok()) return info.status();
  CustomerPage page;
  if (!*info) return page;  // the run has no stored results
  const RunInfo& run = **info;
  auto load = [&](const ColumnInfo& column) { return LoadColumn(db_, *cache_, run, column); };

  ColumnPtr segments, order, ids;
  if (!options.segment.empty()) {
    Result<ColumnPtr> loaded = load(*run.Position(run_columns::kSegmentsPosition));
    if (!loaded.ok()) return loaded.status();
    segments = *loaded;
  }
  std::vector<selection::CompiledFilter> filters;
  std::vector<ColumnPtr> filter_columns;  // keeps the compiled filters' columns alive
  for (size_t i = 0; i < options.filters.size(); ++i) {
    const ScoreFilter& filter = options.filters[i];
    const ColumnInfo* column = run.Score(filter.score);
    if (column == nullptr) {
      return InvalidArgument("filters[" + std::to_string(i) + "].score: run '" + run_id +
                             "' has no score '" + filter.score + "'");
    }
    Result<ColumnPtr> loaded = load(*column);
    if (!loaded.ok()) return loaded.status();
    filter_columns.push_back(*loaded);
    Result<selection::CompiledFilter> compiled =
        selection::CompiledFilter::Compile(i, filter, **loaded);
    if (!compiled.ok()) return compiled.status();
    filters.push_back(std::move(compiled).value());
  }
  if (ordered) {
    if (const ColumnInfo* column = run.Score(options.order_by)) {
      Result<ColumnPtr> loaded = load(*column);
      if (!loaded.ok()) return loaded.status();
      order = *loaded;
    }
  } else if (!options.page_token.empty()) {
    Result<ColumnPtr> loaded = load(*run.Position(run_columns::kIdsPosition));
    if (!loaded.ok()) return loaded.status();
    ids = *loaded;
  }
  lock.unlock();

  // Rows are in customer id order, so every list of rows below stays in that order.
  std::vector<uint32_t> rows;
  const bool selective = segments != nullptr || !filters.empty();
  if (selective) {
    rows.resize(run.customers);
    std::iota(rows.begin(), rows.end(), 0);
    if (segments) {
      std::vector<uint8_t> wanted(segments->strings.size(), 0);
      for (size_t e = 0; e < wanted.size(); ++e)
        wanted[e] = segments->strings[e] == options.segment;
      std::erase_if(rows, [&](uint32_t r) { return !wanted[segments->code(r)]; });
    }
    for (const selection::CompiledFilter& filter : filters) filter.Apply(rows);
  }
  page.total = static_cast<int64_t>(selective ? rows.size() : run.customers);

  std::vector<uint32_t> chosen;
  bool more = false;
  if (ordered) {
    if (!selective) {
      rows.resize(run.customers);
      std::iota(rows.begin(), rows.end(), 0);
    }
    *offset = std::min(*offset, rows.size());  // a token past the end: an empty last page
    chosen = selection::OrderedPage(rows, order.get(), options.descending, *offset, page_size);
    more = *offset + page_size < rows.size();
  } else {
    const size_t first_row = ids ? RowAfter(*ids, *after) : 0;
    if (selective) {
      auto begin = std::lower_bound(rows.begin(), rows.end(), first_row);
      const size_t available = static_cast<size_t>(rows.end() - begin);
      chosen.assign(begin, begin + std::min(available, page_size));
      more = available > page_size;
    } else {
      const size_t end = std::min(run.customers, first_row + page_size);
      for (size_t r = first_row; r < end; ++r) chosen.push_back(static_cast<uint32_t>(r));
      more = end < run.customers;
    }
  }

  // Customers in the order chosen; ReadCustomers wants ascending rows.
  std::vector<uint32_t> ascending = chosen;
  std::sort(ascending.begin(), ascending.end());
  lock.lock();
  Result<std::vector<CustomerResult>> customers =
      ReadCustomers(db_, *cache_, run, *as_of, ascending);
  lock.unlock();
  if (!customers.ok()) return customers.status();
  page.customers.reserve(chosen.size());
  for (uint32_t row : chosen) {
    const size_t at = std::lower_bound(ascending.begin(), ascending.end(), row) - ascending.begin();
    page.customers.push_back(std::move((*customers)[at]));
  }
  if (more && !page.customers.empty()) {
    page.next_page_token =
        ordered ? OffsetPageToken(kOrderedTokenPrefix, static_cast<int64_t>(*offset + page_size))
                : EncodePageToken(page.customers.back().customer_id);
  }
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

Result<ResultsTable> StateStore::LoadRunResults(const std::string& run_id,
                                                const std::vector<std::string>& columns,
                                                bool with_customer_ids) {
  std::unique_lock lock(mu_);
  Result<int64_t> as_of = RunAsOf(db_, run_id);
  if (!as_of.ok()) return as_of.status();
  Result<std::optional<RunInfo>> info = run_columns::ReadRunInfo(db_, run_id);
  if (!info.ok()) return info.status();
  if (!*info) return NotFound("run '" + run_id + "' has no stored results");
  const RunInfo& run = **info;
  std::vector<const ColumnInfo*> wanted;
  for (const ColumnInfo& column : run.columns) {
    if (column.position < 0) continue;
    if (columns.empty() ||
        std::find(columns.begin(), columns.end(), column.name) != columns.end()) {
      wanted.push_back(&column);
    }
  }
  for (const std::string& name : columns) {
    if (run.Score(name) == nullptr) {
      return NotFound("run '" + run_id + "' has no score '" + name + "'");
    }
  }
  Result<ColumnPtr> ids = LoadColumn(db_, *cache_, run, *run.Position(run_columns::kIdsPosition));
  if (!ids.ok()) return ids.status();
  std::vector<ColumnPtr> decoded;
  for (const ColumnInfo* column : wanted) {
    Result<ColumnPtr> loaded = LoadColumn(db_, *cache_, run, *column);
    if (!loaded.ok()) return loaded.status();
    decoded.push_back(*loaded);
  }
  lock.unlock();

  ResultsTable table;
  if (with_customer_ids) {
    table.customer_ids.reserve(run.customers);
    for (size_t r = 0; r < run.customers; ++r) table.customer_ids.emplace_back((*ids)->str(r));
  }
  for (size_t c = 0; c < wanted.size(); ++c) {
    const columns::DecodedColumn& from = *decoded[c];
    ScoreColumn& to = table.columns.emplace_back();
    to.name = wanted[c]->name;
    to.type = from.type;
    to.null_mask = from.nulls;
    switch (from.type) {
      case ENCORE_VALUE_I64:
        to.i64 = from.i64;
        break;
      case ENCORE_VALUE_F64:
        to.f64 = from.f64;
        break;
      default:
        if (!from.codes.empty()) {
          // Stored as a dictionary: its entries and codes are taken over as they are.
          to.str.AppendCoded(from.strings, from.codes);
        } else {
          to.str.reserve(run.customers);
          for (size_t r = 0; r < run.customers; ++r) to.str.push_back(from.str(r));
        }
    }
  }
  return table;
}

Result<std::vector<SegmentMigration>> StateStore::SegmentMigrations(const std::string& from_run_id,
                                                                    const std::string& to_run_id) {
  struct Side {
    ColumnPtr ids, segments;
    size_t customers = 0;
  };
  std::unique_lock lock(mu_);
  auto read = [&](const std::string& run_id) -> Result<Side> {
    Result<int64_t> as_of = RunAsOf(db_, run_id);
    if (!as_of.ok()) return as_of.status();
    Result<std::optional<RunInfo>> info = run_columns::ReadRunInfo(db_, run_id);
    if (!info.ok()) return info.status();
    Side side;
    if (!*info) {  // no stored results: no customers
      side.ids = side.segments = std::make_shared<const columns::DecodedColumn>();
      return side;
    }
    const RunInfo& run = **info;
    side.customers = run.customers;
    Result<ColumnPtr> ids = LoadColumn(db_, *cache_, run, *run.Position(run_columns::kIdsPosition));
    if (!ids.ok()) return ids.status();
    Result<ColumnPtr> segments =
        LoadColumn(db_, *cache_, run, *run.Position(run_columns::kSegmentsPosition));
    if (!segments.ok()) return segments.status();
    side.ids = *ids;
    side.segments = *segments;
    return side;
  };
  Result<Side> from = read(from_run_id);
  if (!from.ok()) return from.status();
  Result<Side> to = read(to_run_id);
  if (!to.ok()) return to.status();
  lock.unlock();

  // Both runs are sorted by customer id: one merge. Counts are keyed by (from entry + 1,
  // to entry + 1), 0 standing for "not in that run".
  absl::flat_hash_map<uint64_t, int64_t> counts;
  auto count = [&](uint64_t from_entry, uint64_t to_entry) {
    ++counts[from_entry << 32 | to_entry];
  };
  const columns::DecodedColumn &a = *from->segments, &b = *to->segments;
  size_t i = 0, j = 0;
  while (i < from->customers || j < to->customers) {
    int cmp = 0;
    if (i == from->customers) {
      cmp = 1;
    } else if (j == to->customers) {
      cmp = -1;
    } else {
      cmp = from->ids->str(i).compare(to->ids->str(j));
    }
    if (cmp < 0) {
      count(uint64_t{a.code(i++)} + 1, 0);
    } else if (cmp > 0) {
      count(0, uint64_t{b.code(j++)} + 1);
    } else {
      count(uint64_t{a.code(i++)} + 1, uint64_t{b.code(j++)} + 1);
    }
  }
  std::vector<SegmentMigration> migrations;
  migrations.reserve(counts.size());
  for (const auto& [key, customers] : counts) {
    const uint64_t from_entry = key >> 32, to_entry = key & 0xffffffffu;
    SegmentMigration m;
    m.new_customer = from_entry == 0;
    m.gone = to_entry == 0;
    if (!m.new_customer) m.from_segment = ValidUtf8(std::string(a.strings[from_entry - 1]));
    if (!m.gone) m.to_segment = ValidUtf8(std::string(b.strings[to_entry - 1]));
    m.customers = customers;
    migrations.push_back(std::move(m));
  }
  // A plain (not dictionary) segment column repeats entries: merge equal pairs.
  auto key = [](const SegmentMigration& m) {
    return std::make_tuple(!m.new_customer, std::cref(m.from_segment), m.gone,
                           std::cref(m.to_segment));
  };
  std::sort(migrations.begin(), migrations.end(),
            [&](const SegmentMigration& x, const SegmentMigration& y) { return key(x) < key(y); });
  std::vector<SegmentMigration> merged;
  for (SegmentMigration& m : migrations) {
    if (!merged.empty() && key(merged.back()) == key(m)) {
      merged.back().customers += m.customers;
    } else {
      merged.push_back(std::move(m));
    }
  }
  return merged;
}

std::vector<RunSegmentSizes> StateStore::SegmentSeries(const std::string& pipeline) {
  std::lock_guard lock(mu_);
  std::vector<RunSegmentSizes> series;
  Result<Statement> select = Statement::Prepare(
      db_,
      "SELECT r.run_id, r.as_of, COALESCE(s.segment_score, ''), g.segment, g.customers "
      "FROM runs r LEFT JOIN run_results s ON s.run_id = r.run_id "
      "LEFT JOIN run_segments g ON g.run_id = r.run_id "
      "WHERE r.pipeline = ? AND r.state = 'succeeded' "
      "ORDER BY r.as_of, r.created_at, r.rowid, g.segment");
  if (!select.ok()) {
    spdlog::error("state: segment series: {}", select.status().message());
    return series;
  }
  select->Bind(1, pipeline);
  for (;;) {
    Result<bool> row = select->Step("segment series");
    if (!row.ok()) {
      spdlog::error("state: {}", row.status().message());
      return {};
    }
    if (!*row) return series;
    std::string run_id = select->Text(0);
    if (series.empty() || series.back().run_id != run_id) {
      series.push_back({std::move(run_id), select->Int(1), select->Text(2), {}});
    }
    if (!select->IsNull(3)) series.back().sizes[select->Text(3)] = select->Int(4);
  }
}

}  // namespace encore

namespace encore {

// ---- Tasks, events and report tables ----

Result<std::vector<Task>> StateStore::OpenTasks(const std::string& pipeline) {
  std::lock_guard lock(mu_);
  return run_activity::OpenTasks(db_, pipeline);
}

Result<TaskPage> StateStore::ListTasks(const TaskQuery& query) {
  std::lock_guard lock(mu_);
  return run_activity::ListTasks(db_, query);
}

Result<EventPage> StateStore::ListEvents(const EventQuery& query) {
  std::lock_guard lock(mu_);
  return run_activity::ListEvents(db_, query);
}

Result<std::vector<std::pair<std::string, int64_t>>> StateStore::ListReports(
    const std::string& run_id) {
  std::lock_guard lock(mu_);
  return run_activity::ListReports(db_, run_id);
}

Result<ReportTable> StateStore::GetReport(const std::string& run_id, const std::string& name) {
  std::lock_guard lock(mu_);
  return run_activity::GetReport(db_, run_id, name);
}

}  // namespace encore
