// What the state store tests share: a store opened on a fresh directory (reopened at will, as a
// restarted daemon would), a run record, and SQL run on the file directly.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "daemon/state/state_store.h"
#include "tests/unit/state/temp_dir.h"

namespace encore::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<StateStore>> opened = StateStore::Open(dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(opened).value();
  }

  TempDir dir_;
  std::unique_ptr<StateStore> store_;
};

// A run as the scheduler inserts it before committing: running, as of `as_of`.
inline RunRecord RunningRun(const std::string& run_id, const std::string& pipeline, int64_t as_of,
                            int64_t created_at) {
  RunRecord run;
  run.run_id = run_id;
  run.pipeline = pipeline;
  run.state = RunState::kRunning;
  run.created_at = created_at;
  run.as_of = as_of;
  return run;
}

// Runs SQL on the database file directly, as an operator with sqlite3 could; the rows' values
// each followed by "|".
inline std::string RawQuery(const std::filesystem::path& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open((dir / "state.db").c_str(), &db), SQLITE_OK);
  std::string result;
  char* error = nullptr;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int columns, char** values, char**) {
        auto* text = static_cast<std::string*>(out);
        for (int i = 0; i < columns; ++i)
          *text += (values[i] ? values[i] : "NULL") + std::string("|");
        return 0;
      },
      &result, &error);
  if (error != nullptr) {
    ADD_FAILURE() << error;
    sqlite3_free(error);
  }
  sqlite3_close(db);
  return result;
}

}  // namespace encore::testing
