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
