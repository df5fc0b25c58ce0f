// Domain records -> encore.v1 messages. One function per message; no logic beyond the mapping.
#pragma once

#include <cstdint>

#include "daemon/host/plugin_host.h"
#include "daemon/scheduler/customer_queries.h"
#include "daemon/scheduler/pipeline_catalog.h"
#include "daemon/scheduler/run_scheduler.h"
#include "daemon/state/state_store.h"
#include "encore/v1/insight.pb.h"
#include "encore/v1/pipeline.pb.h"
#include "encore/v1/plugin.pb.h"
#include "encore/v1/run.pb.h"

namespace encore {

encore::v1::RunState ToProto(RunState state);
void ToProto(const PluginInfo& info, encore::v1::Plugin* out);
void ToProto(const RejectedPlugin& rejected, encore::v1::RejectedPlugin* out);
void ToProto(const PipelineRecord& record, encore::v1::Pipeline* out);
void ToProto(const SpecViolation& violation, encore::v1::Violation* out);
void ToProto(const RunRecord& record, encore::v1::Run* out);
void ToProto(const RunUpdate& update, encore::v1::RunEvent* out);
void ToProto(const CustomerResult& result, encore::v1::CustomerResult* out);

// Unix seconds -> Timestamp. Records use 0 for "not yet": callers leave such fields unset.
void SetTime(int64_t unix_seconds, google::protobuf::Timestamp* out);
void SetDuration(double seconds, google::protobuf::Duration* out);

}  // namespace encore
