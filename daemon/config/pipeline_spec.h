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
//
//   playbook: {language: ru, events: {...}}  # event -> task texts, see daemon/config/playbook.h
//
// schedule and routes are reserved for features that are not built yet: they are accepted and
// kept (PipelineSpec::reserved) but not interpreted. Any other top-level key is an
// error, so a typo never silently turns a setting off.
//
// Scalars follow the YAML 1.2 core schema: plain 42 is an integer, 4.2 and 1e3 are numbers,
// true/false are booleans, ~/null/empty are null, anything quoted is a string ("5" stays "5").
// yes/no/on/off are strings (YAML 1.1 booleans are a classic trap).
//
// Environment substitution happens after parsing, on scalar values only (never keys), so a
// variable's value can never change the document's structure:
//   ${VAR}          the value of VAR; an unset VAR is an error naming it and the field
//   ${VAR:-default} the value of VAR, or `default` when VAR is unset or empty
//   $${             a literal "${"
// A plain scalar is typed after substitution (port: ${PORT} with PORT=5432 is the integer 5432,
// an empty result stays the empty string); quote it to keep it a string ("${TOKEN}").
//
// Errors from ParsePipelineSpec read "line N: <field path>: <what is wrong>", e.g.
// "line 7: sources[0].plugin: missing"; the line is left out where YAML gives none.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/config/playbook.h"

namespace encore {

class PluginHost;

struct PluginRef {
  std::string name;    // instance name: same rule as the pipeline name, unique in the pipeline
  std::string plugin;  // plugin name as listed by ListPlugins
  nlohmann::json config = nlohmann::json::object();
};

struct PipelineSpec {
  std::string name;  // [a-z0-9][a-z0-9_-]{0,62}
  std::string time_zone = "UTC";
  std::string currency = "USD";
  std::string as_of = "latest";  // "latest" or an ISO date/date-time in time_zone
  std::string segment_score = "rfm_code";
  std::vector<PluginRef> sources, methods, sinks;
  Playbook playbook = DefaultPlaybook();  // with the spec's `playbook:` section applied
  // schedule / routes as parsed (placeholders resolved), keyed by section; not
  // interpreted yet.
  nlohmann::json reserved = nlohmann::json::object();
  std::string text;  // the spec as given, placeholders unresolved
};

// Parses and checks the structure (known top-level keys, required fields, types). Errors name
// the field path, e.g. "sources[0].plugin: missing".
Result<PipelineSpec> ParsePipelineSpec(std::string_view text);

// Checks the spec against the loaded plugins: each plugin exists and has the right kind, each
// instance config passes the plugin's option table, names are unique, the time zone exists and
// as_of parses. Returns the first problem, e.g. "sources[0] (orders): <the host's message>".
Status ValidatePipelineSpec(const PipelineSpec& spec, const PluginHost& host);

// Parses an as_of value ("latest", "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS") into UTC seconds in the
// given zone; nullopt for "latest".
//
// as_of is an instant, and an order counts when ordered_at <= as_of. A bare date means the END
// of that day in the zone (its last second, 23:59:59 local), so the orders placed on that day
// count and recency is measured to that day. A date-time is a local time in the zone: when it
// is repeated (clocks go back) the earlier instant is used; when it does not exist (clocks go
// forward) it is read with the offset before the change, i.e. moved forward by the gap.
Result<std::optional<int64_t>> ParseAsOf(const std::string& as_of, const std::string& time_zone);

}  // namespace encore
