// The measured chance that a customer of a segment buys before the next run: of the customers
// in segment S at the previous run (the pipeline's segment_score), the share who placed an
// order (of positive value) after the previous run's as_of and up to this run's. A backtest over
// month ends thus gives, per segment, the probability of a purchase within a month — from
// history, not from a model. Put as the run metric "transitions.purchase_probability":
//
//   {"from_as_of": 1704067199, "to_as_of": 1706745599, "segment_score": "segment",
//    "customers": 3000, "ordered": 912,
//    "segments": [{"segment": "champions", "customers": 310, "ordered": 201,
//                  "probability": 0.6484}, ...]}     (segments by name)
#pragma once

#include <encore/plugin_abi.h>

#include <optional>
#include <string>

#include "daemon/common/results_table.h"
#include "daemon/pipeline/previous_scores.h"

namespace encore::pipeline {

// nullopt when there is no previous run or it has no such score.
std::optional<Metric> PurchaseProbability(const std::string& segment_score,
                                          PreviousScores& previous, int64_t previous_as_of,
                                          const encore_dataset_v1& dataset);

}  // namespace encore::pipeline
