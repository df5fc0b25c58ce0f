// Thin RAII over the sqlite3 C API: prepared statements with bound values, transactions and
// sqlite result codes turned into Status. Internal to the state module.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/status.h"

namespace encore::sqlite {

// The Status for a failed sqlite call: "<context>: <sqlite's message>". Busy/locked is
// Unavailable (try again), a constraint is AlreadyExists for unique keys, Internal otherwise.
Status Error(sqlite3* db, int rc, const std::string& context);

// Runs SQL that binds no values (schema, pragmas, BEGIN/COMMIT).
Status Exec(sqlite3* db, const char* sql, const std::string& context);

class Statement {
 public:
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), rc_(other.rc_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Parameters are 1-based. Text is copied unless `borrowed`: then it must stay valid until the
  // statement is stepped (used by the bulk insert, which rebinds per row).
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text, bool borrowed = false);
  Statement& BindNull(int index);
  // A blob; `borrowed` as for text. Large blobs (a run's columns) are bound borrowed.
  Statement& BindBlob(int index, std::string_view bytes, bool borrowed = false);

  // true: a row is available; false: done.
  Result<bool> Step(const std::string& context);
  // Steps to the end (INSERT/UPDATE/DELETE).
  Status Run(const std::string& context);
  // For the next execution; bindings are kept.
  void Reset() { sqlite3_reset(stmt_); }

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const;
  // Valid until the next Step, Reset or destruction.
  std::string_view Blob(int column) const;
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int rc_ = SQLITE_OK;  // the first failed bind, reported by the next Step
};

// BEGIN IMMEDIATE (takes the write lock up front, so a transaction never fails half-way on a
// lock upgrade); rolled back on destruction unless committed.
class Transaction {
 public:
  static Result<Transaction> Begin(sqlite3* db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace encore::sqlite
