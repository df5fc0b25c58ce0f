// The embedded state database (SQLite, WAL, one writer): pipelines, runs, per-run per-customer
// results and source cursors. Every write is committed before the call returns. The file is
// <data_dir>/state.db. Every method is safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"

struct sqlite3;

namespace encore {

struct PipelineRecord {
  std::string name;
  std::string spec_text;  // as applied, ${ENV} placeholders unresolved
  int64_t version = 0;    // incremented on every apply
  int64_t created_at = 0, updated_at = 0;
};

enum class RunState { kQueued = 1, kRunning = 2, kSucceeded = 3, kFailed = 4, kCancelled = 5 };
const char* RunStateName(RunState state);  // "queued", "running", ...
bool IsFinal(RunState state);

struct RunRecord {
  std::string run_id;
  std::string pipeline;
  std::string request_id;  // client's idempotency key; may be empty
  RunState state = RunState::kQueued;
  int64_t created_at = 0, started_at = 0, finished_at = 0;
  int64_t as_of = 0;
  int64_t lines_loaded = 0, orders = 0, customers = 0, row_error_count = 0;
  std::string error;  // why it failed
  // counters, first row errors, warnings, metrics, timings: {"counters":{},"row_errors":[...],
  // "warnings":[...],"metrics":[{"name":..,"value":..,"unit":..,"json":..}],"timings":{...}}
  nlohmann::json details = nlohmann::json::object();
};

struct CustomerResult {
  std::string run_id;
  int64_t as_of = 0;
  std::string customer_id;
  std::string segment;
  nlohmann::json scores;  // {"recency_days": 12, "rfm_code": "333", ...}
};

struct CustomerPage {
  std::vector<CustomerResult> customers;
  std::string next_page_token;  // empty = last page
  int64_t total = 0;            // rows matching the filter
};

class StateStore {
 public:
  // Creates the directory and database if needed and migrates the schema. Runs left queued or
  // running by a previous process are marked failed ("interrupted: daemon restarted").
  static Result<std::unique_ptr<StateStore>> Open(const std::filesystem::path& data_dir);
  ~StateStore();

  Status PutPipeline(const std::string& name, const std::string& spec_text);  // insert or update
  Result<PipelineRecord> GetPipeline(const std::string& name);
  std::vector<PipelineRecord> ListPipelines();
  Status DeletePipeline(const std::string& name);  // keeps its runs' history

  // created_at 0 = now. A taken run id or (pipeline, request id) is AlreadyExists.
  Status InsertRun(const RunRecord& run);
  // Everything but run_id, pipeline, request_id and created_at. NotFound if there is no such run.
  Status UpdateRun(const RunRecord& run);
  Result<RunRecord> GetRun(const std::string& run_id);
  std::optional<RunRecord> FindRunByRequestId(const std::string& pipeline,
                                              const std::string& request_id);
  // Newest first (by created_at, then insertion); empty pipeline = all; limit <= 0 = no limit.
  std::vector<RunRecord> ListRuns(const std::string& pipeline, int limit, int offset);
  // The most recently created succeeded run.
  std::optional<RunRecord> LatestSucceededRun(const std::string& pipeline);

  // In one transaction: the run's results, the new cursors and the run record, stored as
  // succeeded whatever run.state says (inserted if InsertRun was never called). Each customer's
  // segment is the text of its `segment_score` score ("" when the run has no such score or the
  // customer has no value). A run already in a final state is FailedPrecondition.
  Status CommitRun(const RunRecord& run, const ResultsTable& results,
                   const std::string& segment_score,
                   const std::map<std::string, std::string>& cursors);

  std::map<std::string, std::string> Cursors(const std::string& pipeline);
  // One entry per succeeded run of the pipeline that scored the customer, oldest as_of first.
  std::vector<CustomerResult> CustomerHistory(const std::string& pipeline,
                                              const std::string& customer_id);
  // In customer_id order. page_token is opaque (returned by the previous page; empty = first).
  // segment empty = all. page_size 0 = 100, above 1000 = 1000, negative = InvalidArgument.
  Result<CustomerPage> ListCustomers(const std::string& run_id, const std::string& segment,
                                     int page_size, const std::string& page_token);
  std::map<std::string, int64_t> SegmentSizes(const std::string& run_id);

 private:
  explicit StateStore(sqlite3* db);
  std::mutex mu_;  // one writer
  sqlite3* db_;
};

}  // namespace encore
