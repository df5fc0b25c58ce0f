#include "plugins/sinks/file/metrics_document.h"

#include <cmath>
#include <ctime>

namespace encore::plugins::file {
namespace {

constexpr size_t kMissing = SIZE_MAX;

size_t FindColumn(const sdk::Table& table, std::string_view name, int32_t type) {
  for (size_t col = 0; col < table.column_count(); ++col) {
    if (table.column_name(col) != name) continue;
    if (table.column(col).type != type) {
      throw sdk::Error("metrics table: column '" + std::string(name) + "' has the wrong type");
    }
    return col;
  }
  return kMissing;
}

// Whole numbers print as integers ("6", not "6.0"); NaN and infinities have no JSON form.
nlohmann::ordered_json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  if (std::trunc(value) == value && std::fabs(value) < 9007199254740992.0) {
    return static_cast<int64_t>(value);
  }
  return value;
}

}  // namespace

std::string FormatUtc(int64_t utc_seconds) {
  const std::time_t t = static_cast<std::time_t>(utc_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

void MetricsDocument::Start(const sdk::RunInfo& run) {
  header_ = nlohmann::ordered_json::object();
  header_["run_id"] = run.run_id;
  header_["pipeline"] = run.pipeline;
  header_["as_of"] = FormatUtc(run.as_of);
  header_["started_at"] = FormatUtc(run.started_at);
  metrics_ = nlohmann::ordered_json::object();
  units_ = nlohmann::ordered_json::object();
}

void MetricsDocument::Add(const sdk::Table& table) {
  const size_t name = FindColumn(table, "name", ENCORE_VALUE_STR);
  const size_t value = FindColumn(table, "value", ENCORE_VALUE_F64);
  const size_t unit = FindColumn(table, "unit", ENCORE_VALUE_STR);
  const size_t json = FindColumn(table, "json", ENCORE_VALUE_STR);
  if (name == kMissing) throw sdk::Error("metrics table: no column 'name'");
  for (size_t row = 0; row < table.row_count(); ++row) {
    const std::string key(table.str(name, row));
    const bool structured =
        json != kMissing && !table.is_null(json, row) && !table.str(json, row).empty();
    if (structured) {
      try {
        metrics_[key] = nlohmann::ordered_json::parse(table.str(json, row));
      } catch (const nlohmann::json::exception& e) {
        throw sdk::Error("metrics table: metric '" + key + "' is not valid JSON: " + e.what());
      }
    } else if (value != kMissing && !table.is_null(value, row)) {
      metrics_[key] = Number(table.f64(value, row));
    } else {
      metrics_[key] = nullptr;
    }
    if (unit != kMissing && !table.is_null(unit, row) && !table.str(unit, row).empty()) {
      units_[key] = std::string(table.str(unit, row));
    } else {
      units_.erase(key);
    }
  }
}

std::string MetricsDocument::Text() const {
  nlohmann::ordered_json document = header_;
  document["metrics"] = metrics_;
  document["units"] = units_;
  // Replace rather than fail on bytes that are not UTF-8: the numbers matter more than a name.
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace encore::plugins::file
