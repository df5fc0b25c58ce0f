// Read-only questions about committed results: one customer across runs, a run's customers
// page by page, a run's segment sizes. Every question about "the pipeline" means its latest
// succeeded run unless a run id is given.
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
};

class CustomerQueries {
 public:
  explicit CustomerQueries(StateStore* store);

  // The customer's results in every succeeded run of the pipeline, oldest first. NOT_FOUND
  // when there are none.
  Result<std::vector<CustomerResult>> History(const std::string& pipeline,
                                              const std::string& customer_id);
  Result<CustomerList> List(const CustomerListQuery& query);
  Result<SegmentSummaryResult> Segments(const std::string& pipeline, const std::string& run_id);

  // The run a question is about: `run_id` if given (succeeded, and of `pipeline` if that is
  // given too), else the pipeline's latest succeeded run.
  Result<RunRecord> ResolveRun(const std::string& pipeline, const std::string& run_id);

 private:
  Result<CustomerPage> ListOrdered(const CustomerListQuery& query, const std::string& run_id);

  StateStore* store_;
};

}  // namespace encore
