// What the scheduler records about a run beyond the fixed RunRecord columns, kept in
// RunRecord::details (JSON) with this layout:
//
//   {"pipeline_version": 3, "currency": "GBP", "time_zone": "Europe/London",
//    "segment_score": "rfm_code", "counters": {"rows_without_customer": 135080},
//    "row_errors": [{"source": .., "location": .., "field": .., "reason": ..}],
//    "warnings": [".."], "metrics": [{"name": .., "value": .., "unit": .., "json": ".."}],
//    "events": {"rhythm_slowdown": 812, ...}, "tasks": {"opened": .., "refreshed": ..,
//    "closed": ..}, "reports": {"basket.rules": 120},
//    "timings": {"load_seconds": .., "compute_seconds": .., "deliver_seconds": ..,
//                "commit_seconds": .., "total_seconds": ..}}
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/config/pipeline_spec.h"
#include "daemon/pipeline/run_executor.h"
#include "daemon/state/state_store.h"

namespace encore {

namespace run_details {
inline constexpr char kPipelineVersion[] = "pipeline_version";
inline constexpr char kCurrency[] = "currency";
inline constexpr char kTimeZone[] = "time_zone";
inline constexpr char kSegmentScore[] = "segment_score";
inline constexpr char kCounters[] = "counters";
inline constexpr char kRowErrors[] = "row_errors";
inline constexpr char kWarnings[] = "warnings";
inline constexpr char kMetrics[] = "metrics";
inline constexpr char kTimings[] = "timings";
inline constexpr char kEvents[] = "events";
inline constexpr char kTasks[] = "tasks";
inline constexpr char kReports[] = "reports";
// A backtest's last run: {"dates": [...], "runs": [ids in date order]}; its earlier runs:
// {"of": <last run id>, "index": n}.
inline constexpr char kBacktest[] = "backtest";
}  // namespace run_details

// Records the settings of the spec the run used.
void RecordSpec(const PipelineSpec& spec, RunRecord& run);

// Copies an outcome's counts and details into the run (the results table is committed
// separately).
void RecordOutcome(const RunOutcome& outcome, RunRecord& run);

// Sets timings.<name>_seconds.
void RecordTiming(const char* name, double seconds, RunRecord& run);

}  // namespace encore
