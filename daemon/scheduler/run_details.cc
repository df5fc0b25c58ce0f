#include "daemon/scheduler/run_details.h"

#include <string>

namespace encore {

void RecordSpec(const PipelineSpec& spec, RunRecord& run) {
  run.details[run_details::kCurrency] = spec.currency;
  run.details[run_details::kTimeZone] = spec.time_zone;
  run.details[run_details::kSegmentScore] = spec.segment_score;
}

void RecordOutcome(const RunOutcome& outcome, RunRecord& run) {
  run.as_of = outcome.as_of;
  run.lines_loaded = outcome.lines_loaded;
  run.orders = outcome.orders;
  run.customers = outcome.customers;
  run.row_error_count = outcome.row_error_count;

  nlohmann::json counters = nlohmann::json::object();
  for (const auto& [name, value] : outcome.counters) counters[name] = value;
  run.details[run_details::kCounters] = std::move(counters);

  nlohmann::json row_errors = nlohmann::json::array();
  for (const RowError& e : outcome.first_row_errors) {
    row_errors.push_back(
        {{"source", e.source}, {"location", e.location}, {"field", e.field}, {"reason", e.reason}});
  }
  run.details[run_details::kRowErrors] = std::move(row_errors);

  run.details[run_details::kWarnings] = outcome.warnings;

  // What the run raised: events by type, tasks opened / refreshed / closed, report tables.
  nlohmann::json events = nlohmann::json::object();
  for (const CustomerEvent& e : outcome.events) {
    events[e.type] = events.value(e.type, int64_t{0}) + 1;
  }
  run.details[run_details::kEvents] = std::move(events);
  int64_t opened = 0, refreshed = 0, closed = 0;
  for (const Task& t : outcome.tasks) {
    if (t.status == TaskStatus::kClosed) {
      ++closed;
    } else if (t.opened_run == run.run_id) {
      ++opened;
    } else {
      ++refreshed;
    }
  }
  run.details[run_details::kTasks] = {
      {"opened", opened}, {"refreshed", refreshed}, {"closed", closed}};
  nlohmann::json reports = nlohmann::json::object();
  for (const ReportTable& r : outcome.tables) reports[r.name] = r.row_count;
  run.details[run_details::kReports] = std::move(reports);

  nlohmann::json metrics = nlohmann::json::array();
  for (const Metric& m : outcome.metrics) {
    // The JSON document stays a string so it comes back byte for byte.
    metrics.push_back({{"name", m.name}, {"value", m.value}, {"unit", m.unit}, {"json", m.json}});
  }
  run.details[run_details::kMetrics] = std::move(metrics);

  RecordTiming("load", outcome.load_seconds, run);
  RecordTiming("compute", outcome.compute_seconds, run);
  RecordTiming("deliver", outcome.deliver_seconds, run);
}

void RecordTiming(const char* name, double seconds, RunRecord& run) {
  run.details[run_details::kTimings][std::string(name) + "_seconds"] = seconds;
}

}  // namespace encore
