#include "daemon/state/sqlite_db.h"

namespace encore::sqlite {

Status Error(sqlite3* db, int rc, const std::string& context) {
  const std::string message = context + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(message);
    case SQLITE_CONSTRAINT: {
      const int extended = db ? sqlite3_extended_errcode(db) : rc;
      if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExists(message);
      }
      return FailedPrecondition(message);
    }
    default:
      return Internal(message);
  }
}

Status Exec(sqlite3* db, const char* sql, const std::string& context) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(db, rc, context);
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(db, rc, "prepare");
  return Statement(db, stmt);
}

Statement& Statement::Bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc_ == SQLITE_OK) rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text, bool borrowed) {
  const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(),
                                     borrowed ? SQLITE_STATIC : SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc_ == SQLITE_OK) rc_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc_ == SQLITE_OK) rc_ = rc;
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes, bool borrowed) {
  // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
  static const char kEmpty = 0;
  const int rc = sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                                     bytes.size(), borrowed ? SQLITE_STATIC : SQLITE_TRANSIENT);
  if (rc_ == SQLITE_OK) rc_ = rc;
  return *this;
}

Result<bool> Statement::Step(const std::string& context) {
  if (rc_ != SQLITE_OK) return Error(db_, rc_, context);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(db_, rc, context);
}

Status Statement::Run(const std::string& context) {
  Result<bool> row = Step(context);
  while (row.ok() && *row) row = Step(context);
  return row.ok() ? Status::Ok() : row.status();
}

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(static_cast<const char*>(data),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<Transaction> Transaction::Begin(sqlite3* db) {
  ENCORE_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", "begin transaction"));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  Status status = Exec(db_, "COMMIT", "commit");
  if (status.ok()) db_ = nullptr;
  return status;
}

}  // namespace encore::sqlite
