// The worked example of docs/metrics.md, "Base metrics", line for line: the order lines of the
// RFM worked example plus one customer, hal. The tests run the real plugin on it and compare
// every number with the document, so the two cannot drift apart: change one, change the other.
#pragma once

#include <encore/sdk/testing/dataset_builder.hpp>
#include <nlohmann/json.hpp>

#include <vector>

namespace encore::plugins::base_metrics {

inline std::vector<sdk::testing::OrderLine> DocsExampleLines() {
  // order, customer, ordered_at, product, quantity (thousandths), amount (cents), manager
  return {
      {"A1", "alice", "2024-01-10T09:00:00", "P1", 2000, 5000, "M1"},
      {"A1", "alice", "2024-01-10T09:00:00", "P2", 1000, 3000, "M1"},
      {"A2", "alice", "2024-03-20T10:00:00", "P1", 2000, 5000, "M1"},
      {"A2", "alice", "2024-03-22T12:00:00", "P1", -1000, -2500, "M1"},
      {"A3", "alice", "2024-03-30T16:00:00", "P2", 1000, 3000, "M1"},
      {"B1", "bob", "2023-11-02T11:00:00", "P4", 1000, 20000, "M2"},
      {"CN-B1", "bob", "2023-11-15T11:00:00", "P4", -1000, -20000, "M2"},
      {"B2", "bob", "2024-02-14T13:00:00", "P2", 2000, 6000, "M2"},
      {"C1", "carol", "2023-06-01T10:00:00", "P5", 1000, 50000, "M1"},
      {"C2", "carol", "2023-09-15T10:00:00", "P6", 1000, 30000, "M1"},
      {"D1", "dan", "2024-01-20T15:00:00", "P7", -1000, -1500, "M2"},
      {"E1", "erin", "2024-03-25T09:30:00", "P3", 1000, 4500, "M2"},
      {"E2", "erin", "2024-04-05T09:30:00", "P3", 2000, 9000, "M2"},
      {"F1", "frank", "2023-12-01T18:00:00", "P8", 1000, 12000, "M1"},
      {"G1", "gina", "2024-04-10T12:00:00", "P1", 1000, 2500, "M2"},
      {"H1", "hal", "2024-01-05T08:00:00", "P2", 4000, 12000, ""},
      {"H2", "hal", "2024-02-10T08:00:00", "P1", 3000, 7500, "M2"},
  };
}

// as_of: 2024-03-31, i.e. the end of that day (2024-03-31T23:59:59) in the pipeline zone (UTC).
inline constexpr const char* kDocsExampleAsOf = "2024-03-31";

inline nlohmann::json DocsExampleConfig() {
  return {{"period_days", 90}, {"active_days", 180}, {"churn_days", 120}, {"stale_days", 100}};
}

}  // namespace encore::plugins::base_metrics
