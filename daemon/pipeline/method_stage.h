// The compute stage: runs the spec's methods in order over one dataset view, then turns what
// they put into the run's results.
#pragma once

#include "daemon/common/status.h"
#include "daemon/pipeline/previous_scores.h"
#include "daemon/pipeline/run_context.h"
#include "daemon/pipeline/score_columns.h"
#include "daemon/store/order_store.h"

namespace encore::pipeline {

// Progress spans 60..90% of the run. Metrics keep the name the method gave (method plugins
// prefix their own, e.g. "rfm.customers"); a second metric of the same name is refused with a
// warning. Warnings are kept as "method '<instance>': <message>".
// `previous` answers the methods' find_previous_scores.
Status RunMethods(RunContext& run, const DatasetView& view, ScoreColumns& scores,
                  PreviousScores& previous);

// One row per customer visible in `view` (the others did not exist yet as of as_of), in store
// order, with every score column.
ResultsTable BuildResults(const DatasetView& view, ScoreColumns& scores);

}  // namespace encore::pipeline
