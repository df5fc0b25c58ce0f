// metrics.json: the run's identity and every dataset-level metric of the METRICS table.
//
//   {"run_id": "...", "pipeline": "...", "as_of": "2024-03-31T23:59:59Z",
//    "started_at": "...Z", "metrics": {"rfm.customers": 6, "rfm.borders": {...}},
//    "units": {"arpu": "minor"}}
//
// A plain metric is its number (an integer when it is whole), a structured one its JSON
// document; "units" lists the metrics that have a unit.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace encore::plugins::file {

class MetricsDocument {
 public:
  void Start(const sdk::RunInfo& run);
  // Adds the rows of a METRICS table (columns name, value, unit, json; found by name).
  void Add(const sdk::Table& table);
  std::string Text() const;  // indented, ends with a newline

 private:
  nlohmann::ordered_json header_;
  nlohmann::ordered_json metrics_ = nlohmann::ordered_json::object();
  nlohmann::ordered_json units_ = nlohmann::ordered_json::object();
};

// "YYYY-MM-DDTHH:MM:SSZ" of UTC seconds.
std::string FormatUtc(int64_t utc_seconds);

}  // namespace encore::plugins::file
