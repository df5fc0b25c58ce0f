#include "daemon/scheduler/customer_queries.h"

#include <optional>
#include <utility>

#include "daemon/scheduler/run_details.h"

namespace encore {

CustomerQueries::CustomerQueries(StateStore* store) : store_(store) {}

Result<std::vector<CustomerResult>> CustomerQueries::History(const std::string& pipeline,
                                                             const std::string& customer_id) {
  std::vector<CustomerResult> history = store_->CustomerHistory(pipeline, customer_id);
  if (history.empty()) {
    if (!store_->GetPipeline(pipeline).ok() && store_->ListRuns(pipeline, 1, 0).empty()) {
      return NotFound("pipeline '" + pipeline + "' not found");
    }
    return NotFound("customer '" + customer_id + "' has no results in pipeline '" + pipeline + "'");
  }
  return history;
}

Result<RunRecord> CustomerQueries::ResolveRun(const std::string& pipeline,
                                              const std::string& run_id) {
  if (!run_id.empty()) {
    Result<RunRecord> run = store_->GetRun(run_id);
    if (!run.ok()) {
      if (run.status().code() == StatusCode::kNotFound) {
        return NotFound("run '" + run_id + "' not found");
      }
      return run.status();
    }
    if (!pipeline.empty() && run->pipeline != pipeline) {
      return InvalidArgument("run_id: run '" + run_id + "' belongs to pipeline '" + run->pipeline +
                             "', not '" + pipeline + "'");
    }
    if (run->state != RunState::kSucceeded) {
      return FailedPrecondition("run '" + run_id + "' is " + RunStateName(run->state) +
                                "; only succeeded runs have results");
    }
    return run;
  }
  std::optional<RunRecord> latest = store_->LatestSucceededRun(pipeline);
  if (!latest) {
    if (!store_->GetPipeline(pipeline).ok()) {
      return NotFound("pipeline '" + pipeline + "' not found");
    }
    return NotFound("pipeline '" + pipeline + "' has no succeeded run yet");
  }
  return *latest;
}

Result<CustomerList> CustomerQueries::List(const CustomerListQuery& query) {
  Result<RunRecord> run = ResolveRun(query.pipeline, query.run_id);
  if (!run.ok()) return run.status();
  CustomerList list;
  list.run = std::move(run).value();
  CustomerListOptions options;
  options.segment = query.segment;
  options.filters = query.filters;
  options.order_by = query.order_by;
  options.descending = query.descending;
  options.page_size = query.page_size;
  options.page_token = query.page_token;
  Result<CustomerPage> page = store_->ListCustomers(list.run.run_id, options);
  if (!page.ok()) return page.status();
  list.page = std::move(page).value();
  return list;
}

Result<SegmentSummaryResult> CustomerQueries::Segments(const std::string& pipeline,
                                                       const std::string& run_id,
                                                       const std::string& compare_run_id) {
  Result<RunRecord> run = ResolveRun(pipeline, run_id);
  if (!run.ok()) return run.status();
  SegmentSummaryResult summary;
  summary.run = std::move(run).value();
  summary.segment_score =
      summary.run.details.value(run_details::kSegmentScore, std::string("rfm_code"));
  summary.sizes = store_->SegmentSizes(summary.run.run_id);
  for (const auto& [segment, size] : summary.sizes) summary.total += size;
  if (compare_run_id.empty()) return summary;

  Result<RunRecord> from = ResolveRun(summary.run.pipeline, compare_run_id);
  if (!from.ok()) return Status(from.status().code(), "compare_run_id: " + from.status().message());
  Result<std::vector<SegmentMigration>> migrations =
      store_->SegmentMigrations(from->run_id, summary.run.run_id);
  if (!migrations.ok()) return migrations.status();
  summary.compare_run_id = from->run_id;
  summary.migrations = std::move(migrations).value();
  return summary;
}

Result<SegmentSeriesResult> CustomerQueries::Series(const std::string& pipeline) {
  SegmentSeriesResult series;
  series.pipeline = pipeline;
  series.points = store_->SegmentSeries(pipeline);
  if (series.points.empty() && !store_->GetPipeline(pipeline).ok() &&
      store_->ListRuns(pipeline, 1, 0).empty()) {
    return NotFound("pipeline '" + pipeline + "' not found");
  }
  if (std::optional<RunRecord> latest = store_->LatestSucceededRun(pipeline)) {
    series.segment_score =
        latest->details.value(run_details::kSegmentScore, std::string("rfm_code"));
    series.time_zone = latest->details.value(run_details::kTimeZone, std::string());
  }
  return series;
}

}  // namespace encore
