// The embedded state database (SQLite, WAL, one writer): pipelines, runs, per-run per-customer
// results and source cursors. Every write is committed before the call returns. The file is
// <data_dir>/state.db. Every method is safe to call from any thread.
//
// A run's results are stored by column, customers sorted by id (column_codec.h has the layout):
// a commit writes a few blobs per run instead of a row per customer, a whole run's scores load
// in one read per column, one customer is found by binary search. Decoded columns of recently
// read runs are kept in a bounded cache (column_cache.h) for lists, filters and matrices.
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
#include "daemon/state/run_activity.h"

struct sqlite3;

namespace encore {

class ColumnCache;
namespace columns {
struct DecodedColumn;
}
namespace run_columns {
struct ColumnInfo;
struct RunInfo;
}  // namespace run_columns

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

// A condition on one score of a customer list.
//   eq, ne, lt, le, gt, ge  compare the customer's value with `value`: as numbers when the
//                           score holds numbers in the run (`value` must then be a number;
//                           integers compare exactly), as bytes when it holds text.
//   contains, not_contains  text scores holding '|'-separated lists ("|coffee|tea|"): whether
//                           `value` is one of the items, as a whole ("tea" is in the list, "te"
//                           is not). `value` is one item: not empty, no '|'.
// A customer without a value for the score matches no condition, ne and not_contains included.
enum class FilterOp { kEq, kNe, kLt, kLe, kGt, kGe, kContains, kNotContains };
const char* FilterOpName(FilterOp op);  // "eq", "ne", ..., "contains", "not_contains"

struct ScoreFilter {
  std::string score;
  FilterOp op = FilterOp::kEq;
  std::string value;
};

struct CustomerListOptions {
  std::string segment;               // empty = all
  std::vector<ScoreFilter> filters;  // all must hold
  std::string order_by;              // a score; empty = customer id order
  bool descending = false;           // with order_by
  int page_size = 0;                 // 0 = 100, above 1000 = 1000, negative = InvalidArgument
  std::string page_token;            // returned by the previous page; empty = first
};

// Customers from one segment in an earlier run to one in a later run.
struct SegmentMigration {
  std::string from_segment;   // "" when new_customer
  std::string to_segment;     // "" when gone
  bool new_customer = false;  // not in the earlier run
  bool gone = false;          // not in the later run
  int64_t customers = 0;
};

// Segment sizes of one succeeded run, a point of a pipeline's series.
struct RunSegmentSizes {
  std::string run_id;
  int64_t as_of = 0;
  std::string segment_score;  // "" for runs committed before results were stored by column
  std::map<std::string, int64_t> sizes;
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
  // The succeeded run with the latest as_of (the most recently created among equals): what
  // "the pipeline's results" mean, and what the next run compares with. By as_of, not by
  // creation, because a backtest creates runs as of past dates after live ones.
  std::optional<RunRecord> LatestSucceededRun(const std::string& pipeline);

  // In one transaction: the run's results, the new cursors and the run record, stored as
  // succeeded whatever run.state says (inserted if InsertRun was never called). Each customer's
  // segment is the text of its `segment_score` score ("" when the run has no such score or the
  // customer has no value). A run already in a final state is FailedPrecondition; a customer id
  // twice in the results, or a score column of the wrong length, is InvalidArgument.
  //
  // Results are stored by column (tables run_results and run_columns, layout in
  // column_codec.h), customers sorted by id. Non-finite doubles are stored as no value.
  // `activity`: the run's events, tasks and report tables (run_activity.h), in the same
  // transaction.
  Status CommitRun(const RunRecord& run, const ResultsTable& results,
                   const std::string& segment_score,
                   const std::map<std::string, std::string>& cursors,
                   const RunActivity& activity = {});

  // ---- Tasks, events and report tables (run_activity.h). ----
  Result<std::vector<Task>> OpenTasks(const std::string& pipeline);
  Result<TaskPage> ListTasks(const TaskQuery& query);
  Result<EventPage> ListEvents(const EventQuery& query);
  Result<std::vector<std::pair<std::string, int64_t>>> ListReports(const std::string& run_id);
  Result<ReportTable> GetReport(const std::string& run_id, const std::string& name);

  std::map<std::string, std::string> Cursors(const std::string& pipeline);
  // One entry per succeeded run of the pipeline that scored the customer, oldest as_of first.
  std::vector<CustomerResult> CustomerHistory(const std::string& pipeline,
                                              const std::string& customer_id);
  // In customer_id order. page_token is opaque (returned by the previous page; empty = first).
  // segment empty = all. page_size 0 = 100, above 1000 = 1000, negative = InvalidArgument.
  Result<CustomerPage> ListCustomers(const std::string& run_id, const std::string& segment,
                                     int page_size, const std::string& page_token);
  // The customers of the run in `options.segment` for which every filter holds, in customer id
  // order or ordered by the score `order_by`: numbers by value, text by bytes, customers
  // without a value last (ascending or descending), ties by customer id. A score that the run
  // does not have orders every customer as without a value. A filter on such a score, a bad
  // filter, or a page token that another order returned is InvalidArgument naming the field
  // ("filters[1].value: ..."). total counts the customers that match.
  Result<CustomerPage> ListCustomers(const std::string& run_id, const CustomerListOptions& options);
  std::map<std::string, int64_t> SegmentSizes(const std::string& run_id);

  // A succeeded run's results as the run produced them, customers in id order; `columns`
  // names the scores wanted (empty = all), in any order; the table keeps the run's order. A
  // name the run does not have is NotFound, as is a run without stored results.
  // `with_customer_ids` = false leaves customer_ids empty, for a caller that has them already
  // (building a million id strings costs ~35 ms a call).
  Result<ResultsTable> LoadRunResults(const std::string& run_id,
                                      const std::vector<std::string>& columns,
                                      bool with_customer_ids = true);

  // How the customers moved between the segments of two runs, matched by customer id: one
  // entry per (segment in from_run, segment in to_run) pair with customers, customers only in
  // to_run as new_customer, only in from_run as gone. Ordered by from_segment (new customers
  // first), then to_segment (gone last). A run without stored results has no customers.
  Result<std::vector<SegmentMigration>> SegmentMigrations(const std::string& from_run_id,
                                                          const std::string& to_run_id);

  // Segment sizes of every succeeded run of the pipeline, by as_of (then creation).
  std::vector<RunSegmentSizes> SegmentSeries(const std::string& pipeline);

 private:
  explicit StateStore(sqlite3* db);
  // Under mu_: the run's stored columns, or nothing when it has none; NotFound for no run.
  Result<std::optional<run_columns::RunInfo>> RunResultsLocked(const std::string& run_id);
  // Under mu_: the decoded column, from the cache or the database.
  Result<std::shared_ptr<const columns::DecodedColumn>> ColumnLocked(
      const run_columns::RunInfo& run, const run_columns::ColumnInfo& column);
  // Under mu_: the customers at `rows` (ascending) of the run, every score read.
  Result<std::vector<CustomerResult>> CustomersLocked(const run_columns::RunInfo& run,
                                                      int64_t as_of,
                                                      const std::vector<uint32_t>& rows);

  std::mutex mu_;  // one writer; also guards the cache
  sqlite3* db_;
  std::unique_ptr<ColumnCache> cache_;
};

}  // namespace encore
