// The pipeline spec: one format for the config file and the gRPC API (YAML, or JSON which is
// YAML too). ${VAR} is replaced by the environment variable VAR when the spec is parsed; the
// stored text keeps the placeholder so secrets never reach the state database.
//
//   name: online-retail
//   time_zone: Europe/London      # calendar days for recency; default UTC
//   currency: GBP                 # ISO 4217, default USD
//   as_of: latest                 # or "2011-12-10" / "2011-12-10T00:00:00"; default latest
//   segment_score: rfm_code       # which score ListCustomers/GetSegmentSummary group by
//   sources: [{name: orders, plugin: csv, config: {...}}]
//   methods: [{name: rfm, plugin: rfm, config: {...}}]
//   sinks:   [{name: files, plugin: file, config: {...}}]
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.h"

namespace encore {

class PluginHost;

struct PluginRef {
  std::string name;    // instance name, unique within the pipeline
  std::string plugin;  // plugin name as listed by ListPlugins
  nlohmann::json config = nlohmann::json::object();
};

struct PipelineSpec {
  std::string name;
  std::string time_zone = "UTC";
  std::string currency = "USD";
  std::string as_of = "latest";  // "latest" or an ISO date/date-time in time_zone
  std::string segment_score = "rfm_code";
  std::vector<PluginRef> sources, methods, sinks;
  std::string text;  // the spec as given, placeholders unresolved
};

// Parses and checks the structure (known top-level keys, required fields, types). Errors name
// the field path, e.g. "sources[0].plugin: missing".
Result<PipelineSpec> ParsePipelineSpec(std::string_view text);

// Checks the spec against the loaded plugins: each plugin exists and has the right kind, each
// instance config passes the plugin's option table, names are unique, the time zone exists.
Status ValidatePipelineSpec(const PipelineSpec& spec, const PluginHost& host);

// Parses an as_of value ("latest", "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS") into UTC seconds in the
// given zone; nullopt for "latest".
Result<std::optional<int64_t>> ParseAsOf(const std::string& as_of, const std::string& time_zone);

}  // namespace encore
