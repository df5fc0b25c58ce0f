// The deliver stage: hands the run's results to every sink of the spec.
//
// The sinks move through the verbs together: all check, all open, each gets the customer table,
// the metrics table and (sinks of ABI 1.1) the events, the tasks and every report table, all
// flush, all close(committed = 1). Any failure (after retries)
// closes every opened sink with committed = 0 and fails the run naming that sink, so no sink
// commits a delivery the run does not.
#pragma once

#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"
#include "daemon/pipeline/plugin_retry.h"
#include "daemon/pipeline/run_context.h"
#include "daemon/pipeline/sink_tables.h"

namespace encore::pipeline {

// Progress spans 90..100% of the run.
Status DeliverToSinks(RunContext& run, const SinkInput& input, int64_t as_of,
                      const RetryPolicy& retry = RetryPolicy());

}  // namespace encore::pipeline
