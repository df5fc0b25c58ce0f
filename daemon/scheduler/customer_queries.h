// Read-only questions about committed results: one customer across runs, a run's customers
// page by page (filtered, ordered by a score), a run's segment sizes with the migration matrix
// from an earlier run, and a pipeline's segment sizes over its runs. Every question about "the
// pipeline" means its latest succeeded run unless a run id is given.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/state/state_store.h"

namespace encore {

struct CustomerListQuery {
  std::string pipeline;  // with run_id empty: the pipeline's latest succeeded run
  std::string run_id;
  std::string segment;  // empty = all
  int page_size = 100;
  std::string page_token;
  std::string order_by;  // a score name; empty = customer id order (the store's own)
  bool descending = false;
  std::vector<ScoreFilter> filters;  // all must hold; see StateStore::ListCustomers
};

struct CustomerList {
  RunRecord run;
  CustomerPage page;
};

struct SegmentSummaryResult {
  RunRecord run;
  std::string segment_score;
  std::map<std::string, int64_t> sizes;  // by segment
  int64_t total = 0;
  // With a compare run: customers from their segment in that run to their segment in `run`.
  std::string compare_run_id;
  std::vector<SegmentMigration> migrations;
};

struct SegmentSeriesResult {
  std::string pipeline;
  std::string segment_score;            // of the latest run
  std::string time_zone;                // of the latest run
  std::vector<RunSegmentSizes> points;  // every succeeded run, by as_of
};

class CustomerQueries {
 public:
  explicit CustomerQueries(StateStore* store);

  // The customer's results in every succeeded run of the pipeline, oldest first. NOT_FOUND
  // when there are none.
  Result<std::vector<CustomerResult>> History(const std::string& pipeline,
                                              const std::string& customer_id);
  Result<CustomerList> List(const CustomerListQuery& query);
  // `compare_run_id` (optional) must be a succeeded run of the same pipeline; it is the
  // "from" side of the matrix whatever its as_of.
  Result<SegmentSummaryResult> Segments(const std::string& pipeline, const std::string& run_id,
                                        const std::string& compare_run_id = "");
  // NOT_FOUND for a pipeline that is neither applied nor has runs.
  Result<SegmentSeriesResult> Series(const std::string& pipeline);

  // The run a question is about: `run_id` if given (succeeded, and of `pipeline` if that is
  // given too), else the pipeline's latest succeeded run.
  Result<RunRecord> ResolveRun(const std::string& pipeline, const std::string& run_id);

 private:
  StateStore* store_;
};

}  // namespace encore
