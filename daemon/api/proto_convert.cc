#include "daemon/api/proto_convert.h"

#include <absl/time/clock.h>
#include <absl/time/time.h>

#include <cmath>
#include <string>

#include "daemon/scheduler/run_details.h"

namespace encore {
namespace {

namespace pb = encore::v1;

pb::PluginKind ToProto(PluginKind kind) {
  switch (kind) {
    case PluginKind::kSource:
      return pb::PLUGIN_KIND_SOURCE;
    case PluginKind::kMethod:
      return pb::PLUGIN_KIND_METHOD;
    case PluginKind::kSink:
      return pb::PLUGIN_KIND_SINK;
  }
  return pb::PLUGIN_KIND_UNSPECIFIED;
}

pb::OptionType ToProto(encore_option_type type) {
  switch (type) {
    case ENCORE_OPTION_STRING:
      return pb::OPTION_TYPE_STRING;
    case ENCORE_OPTION_INT:
      return pb::OPTION_TYPE_INT;
    case ENCORE_OPTION_DOUBLE:
      return pb::OPTION_TYPE_DOUBLE;
    case ENCORE_OPTION_BOOL:
      return pb::OPTION_TYPE_BOOL;
    case ENCORE_OPTION_STRING_LIST:
      return pb::OPTION_TYPE_STRING_LIST;
    case ENCORE_OPTION_OBJECT:
      return pb::OPTION_TYPE_OBJECT;
    case ENCORE_OPTION_INT_LIST:
      return pb::OPTION_TYPE_INT_LIST;
    case ENCORE_OPTION_DOUBLE_LIST:
      return pb::OPTION_TYPE_DOUBLE_LIST;
  }
  return pb::OPTION_TYPE_UNSPECIFIED;
}

// A JSON score value -> ScoreValue. Returns false for null (no value for this customer).
bool ToScoreValue(const nlohmann::json& value, pb::ScoreValue* out) {
  if (value.is_number_integer()) {
    out->set_int_value(value.get<int64_t>());
  } else if (value.is_number_float()) {
    out->set_double_value(value.get<double>());
  } else if (value.is_string()) {
    out->set_string_value(value.get<std::string>());
  } else if (value.is_boolean()) {
    out->set_int_value(value.get<bool>() ? 1 : 0);
  } else {
    return false;
  }
  return true;
}

std::string StringOr(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void SetTime(int64_t unix_seconds, google::protobuf::Timestamp* out) {
  out->set_seconds(unix_seconds);
  out->set_nanos(0);
}

void SetDuration(double seconds, google::protobuf::Duration* out) {
  if (!(seconds >= 0)) seconds = 0;
  const double whole = std::floor(seconds);
  out->set_seconds(static_cast<int64_t>(whole));
  out->set_nanos(static_cast<int32_t>(std::llround((seconds - whole) * 1e9) % 1000000000));
}

pb::RunState ToProto(RunState state) {
  switch (state) {
    case RunState::kQueued:
      return pb::RUN_STATE_QUEUED;
    case RunState::kRunning:
      return pb::RUN_STATE_RUNNING;
    case RunState::kSucceeded:
      return pb::RUN_STATE_SUCCEEDED;
    case RunState::kFailed:
      return pb::RUN_STATE_FAILED;
    case RunState::kCancelled:
      return pb::RUN_STATE_CANCELLED;
  }
  return pb::RUN_STATE_UNSPECIFIED;
}

void ToProto(const PluginInfo& info, pb::Plugin* out) {
  out->set_name(info.name);
  out->set_kind(ToProto(info.kind));
  out->set_version(info.version);
  out->set_description(info.description);
  out->set_path(info.path);
  out->set_abi_major(info.abi_major);
  out->set_abi_minor(info.abi_minor);
  for (const OptionInfo& option : info.options) {
    pb::PluginOption* o = out->add_options();
    o->set_name(option.name);
    o->set_type(ToProto(option.type));
    o->set_required(option.required);
    o->set_secret(option.secret);
    o->set_default_json(option.default_json);
    for (const std::string& value : option.allowed) o->add_allowed_values(value);
    o->set_description(option.description);
  }
}

void ToProto(const RejectedPlugin& rejected, pb::RejectedPlugin* out) {
  out->set_path(rejected.path);
  out->set_reason(rejected.reason);
}

void ToProto(const PipelineRecord& record, pb::Pipeline* out) {
  out->set_name(record.name);
  out->set_spec(record.spec_text);
  out->set_version(record.version);
  if (record.created_at != 0) SetTime(record.created_at, out->mutable_create_time());
  if (record.updated_at != 0) SetTime(record.updated_at, out->mutable_update_time());
}

void ToProto(const SpecViolation& violation, pb::Violation* out) {
  out->set_field(violation.field);
  out->set_message(violation.message);
}

void ToProto(const RunRecord& record, pb::Run* out) {
  out->set_run_id(record.run_id);
  out->set_pipeline(record.pipeline);
  out->set_request_id(record.request_id);
  out->set_state(ToProto(record.state));
  if (record.created_at != 0) SetTime(record.created_at, out->mutable_create_time());
  if (record.started_at != 0) SetTime(record.started_at, out->mutable_start_time());
  if (record.finished_at != 0) SetTime(record.finished_at, out->mutable_finish_time());
  if (record.as_of != 0) SetTime(record.as_of, out->mutable_as_of_time());
  out->set_lines_loaded(record.lines_loaded);
  out->set_orders(record.orders);
  out->set_customers(record.customers);
  out->set_row_error_count(record.row_error_count);
  out->set_error(record.error);

  const nlohmann::json& details = record.details;
  if (!details.is_object()) return;
  if (auto it = details.find(run_details::kRowErrors); it != details.end() && it->is_array()) {
    for (const auto& e : *it) {
      pb::RowError* row_error = out->add_first_row_errors();
      row_error->set_source(StringOr(e, "source"));
      row_error->set_location(StringOr(e, "location"));
      row_error->set_field(StringOr(e, "field"));
      row_error->set_reason(StringOr(e, "reason"));
    }
  }
  if (auto it = details.find(run_details::kCounters); it != details.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      if (value.is_number()) (*out->mutable_counters())[name] = value.get<int64_t>();
    }
  }
  if (auto it = details.find(run_details::kWarnings); it != details.end() && it->is_array()) {
    for (const auto& w : *it) {
      if (w.is_string()) out->add_warnings(w.get<std::string>());
    }
  }
  if (auto it = details.find(run_details::kMetrics); it != details.end() && it->is_array()) {
    for (const auto& m : *it) {
      pb::Metric* metric = out->add_metrics();
      metric->set_name(StringOr(m, "name"));
      if (auto v = m.find("value"); v != m.end() && v->is_number()) {
        metric->set_value(v->get<double>());
      }
      metric->set_unit(StringOr(m, "unit"));
      metric->set_json(StringOr(m, "json"));
    }
  }
  if (auto it = details.find(run_details::kTimings); it != details.end() && it->is_object()) {
    pb::RunTimings* timings = out->mutable_timings();
    // A timing the run did not record stays unset (the field is only created when present).
    using Field = google::protobuf::Duration* (pb::RunTimings::*)();
    auto set = [&](const char* key, Field field) {
      if (auto v = it->find(key); v != it->end() && v->is_number()) {
        SetDuration(v->get<double>(), (timings->*field)());
      }
    };
    set("load_seconds", &pb::RunTimings::mutable_load);
    set("compute_seconds", &pb::RunTimings::mutable_compute);
    set("deliver_seconds", &pb::RunTimings::mutable_deliver);
    set("commit_seconds", &pb::RunTimings::mutable_commit);
    set("total_seconds", &pb::RunTimings::mutable_total);
  }
  if (auto it = details.find(run_details::kPipelineVersion);
      it != details.end() && it->is_number()) {
    out->set_pipeline_version(it->get<int64_t>());
  }
  out->set_currency(StringOr(details, run_details::kCurrency));
  out->set_time_zone(StringOr(details, run_details::kTimeZone));
  out->set_segment_score(StringOr(details, run_details::kSegmentScore));
}

void ToProto(const RunUpdate& update, pb::RunEvent* out) {
  out->set_run_id(update.run.run_id);
  out->set_state(ToProto(update.run.state));
  out->set_stage(update.progress.stage);
  out->set_rows_read(update.progress.rows_read);
  out->set_percent(update.progress.percent);
  if (update.progress.eta_seconds >= 0)
    SetDuration(update.progress.eta_seconds, out->mutable_eta());
  out->set_detail(update.progress.detail);
  if (update.final) ToProto(update.run, out->mutable_run());
  const absl::Time now = absl::Now();
  out->mutable_time()->set_seconds(absl::ToUnixSeconds(now));
  out->mutable_time()->set_nanos(static_cast<int32_t>(absl::ToUnixNanos(now) % 1000000000));
}

void ToProto(const CustomerResult& result, pb::CustomerResult* out) {
  out->set_customer_id(result.customer_id);
  out->set_run_id(result.run_id);
  if (result.as_of != 0) SetTime(result.as_of, out->mutable_as_of_time());
  out->set_segment(result.segment);
  if (!result.scores.is_object()) return;
  auto* scores = out->mutable_scores();
  for (const auto& [name, value] : result.scores.items()) {
    pb::ScoreValue score;
    if (ToScoreValue(value, &score)) (*scores)[name] = std::move(score);
  }
}

}  // namespace encore
