#include "daemon/api/control_service.h"

#include "daemon/api/proto_convert.h"
#include "daemon/api/request_checks.h"
#include "daemon/api/status_map.h"
#include "daemon/api/unary_call.h"
#include "daemon/api/watch_run_reactor.h"
#include "daemon/observability/logging.h"
#include "daemon/scheduler/backtest_dates.h"

namespace encore {

namespace pb = encore::v1;

ControlServiceImpl::ControlServiceImpl(const PluginHost* host, StateStore* store,
                                       PipelineCatalog* catalog, RunScheduler* scheduler,
                                       const BearerAuth* auth, InFlightCalls* calls)
    : host_(host),
      store_(store),
      catalog_(catalog),
      scheduler_(scheduler),
      auth_(auth),
      calls_(calls),
      log_(ComponentLogger("api")) {}

grpc::ServerUnaryReactor* ControlServiceImpl::ListPlugins(grpc::CallbackServerContext* context,
                                                          const pb::ListPluginsRequest* request,
                                                          pb::ListPluginsResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListPlugins", [&]() -> grpc::Status {
    for (const PluginInfo& info : host_->List()) ToProto(info, response->add_plugins());
    for (const RejectedPlugin& r : host_->rejected()) {
      ToProto(r, response->add_rejected_plugins());
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::ValidatePipeline(
    grpc::CallbackServerContext* context, const pb::ValidatePipelineRequest* request,
    pb::ValidatePipelineResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ValidatePipeline", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("spec", request->spec()));
    ENCORE_RETURN_IF_GRPC_ERROR(CheckMaxLength("spec", request->spec(), kMaxSpecBytes));
    const SpecCheck check = catalog_->Validate(request->spec());
    response->set_valid(check.valid());
    response->set_pipeline(check.pipeline);
    for (const SpecViolation& v : check.violations) ToProto(v, response->add_violations());
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::ApplyPipeline(grpc::CallbackServerContext* context,
                                                            const pb::ApplyPipelineRequest* request,
                                                            pb::Pipeline* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ApplyPipeline", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("spec", request->spec()));
    ENCORE_RETURN_IF_GRPC_ERROR(CheckMaxLength("spec", request->spec(), kMaxSpecBytes));
    Result<PipelineRecord> record = catalog_->Apply(request->spec());
    if (!record.ok()) {
      const Status& s = record.status();
      return ToGrpcStatus(s.code() == StatusCode::kInvalidArgument ? s.Wrap("spec") : s);
    }
    log_->info("pipeline '{}' applied (version {})", record->name, record->version);
    ToProto(*record, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::GetPipeline(grpc::CallbackServerContext* context,
                                                          const pb::GetPipelineRequest* request,
                                                          pb::Pipeline* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "GetPipeline", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("name", request->name()));
    Result<PipelineRecord> record = catalog_->Get(request->name());
    if (!record.ok()) return ToGrpcStatus(record.status());
    ToProto(*record, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::ListPipelines(grpc::CallbackServerContext* context,
                                                            const pb::ListPipelinesRequest* request,
                                                            pb::ListPipelinesResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListPipelines", [&]() -> grpc::Status {
    for (const PipelineRecord& record : catalog_->List()) {
      ToProto(record, response->add_pipelines());
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::DeletePipeline(
    grpc::CallbackServerContext* context, const pb::DeletePipelineRequest* request,
    pb::DeletePipelineResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "DeletePipeline", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("name", request->name()));
    Status deleted = catalog_->Delete(request->name());
    if (deleted.ok()) log_->info("pipeline '{}' deleted", request->name());
    return ToGrpcStatus(deleted);
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::StartRun(grpc::CallbackServerContext* context,
                                                       const pb::StartRunRequest* request,
                                                       pb::Run* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "StartRun", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("pipeline", request->pipeline()));
    ENCORE_RETURN_IF_GRPC_ERROR(
        CheckMaxLength("request_id", request->request_id(), kMaxRequestIdLength));
    Result<RunRecord> run = scheduler_->StartRun(request->pipeline(), request->request_id());
    if (!run.ok()) return ToGrpcStatus(run.status());
    ToProto(*run, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::StartBacktest(grpc::CallbackServerContext* context,
                                                            const pb::StartBacktestRequest* request,
                                                            pb::Run* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "StartBacktest", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("pipeline", request->pipeline()));
    ENCORE_RETURN_IF_GRPC_ERROR(
        CheckMaxLength("request_id", request->request_id(), kMaxRequestIdLength));
    const bool range = !request->month_ends_from().empty() || !request->month_ends_to().empty();
    if (range && request->as_of_dates_size() > 0) {
      return InvalidField("as_of_dates", "give dates or a month-end range, not both");
    }
    std::vector<std::string> dates(request->as_of_dates().begin(), request->as_of_dates().end());
    if (range) {
      ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("month_ends_from", request->month_ends_from()));
      ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("month_ends_to", request->month_ends_to()));
      Result<std::vector<std::string>> ends =
          MonthEndDates(request->month_ends_from(), request->month_ends_to());
      if (!ends.ok()) return ToGrpcStatus(ends.status());
      if (ends->empty()) return InvalidField("month_ends_to", "the range holds no month end");
      dates = std::move(ends).value();
    }
    if (dates.empty()) return InvalidField("as_of_dates", "required (or a month-end range)");
    if (dates.size() > kMaxBacktestDates) {
      return InvalidField("as_of_dates", "at most " + std::to_string(kMaxBacktestDates));
    }
    Result<RunRecord> run =
        scheduler_->StartBacktest(request->pipeline(), request->request_id(), std::move(dates));
    if (!run.ok()) return ToGrpcStatus(run.status());
    ToProto(*run, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::GetRun(grpc::CallbackServerContext* context,
                                                     const pb::GetRunRequest* request,
                                                     pb::Run* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "GetRun", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("run_id", request->run_id()));
    Result<RunRecord> run = scheduler_->GetRun(request->run_id());
    if (!run.ok()) return ToGrpcStatus(run.status());
    ToProto(*run, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::ListRuns(grpc::CallbackServerContext* context,
                                                       const pb::ListRunsRequest* request,
                                                       pb::ListRunsResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListRuns", [&]() -> grpc::Status {
    int page_size = 0;
    int64_t offset = 0;
    ENCORE_RETURN_IF_GRPC_ERROR(CheckPageSize(request->page_size(), &page_size));
    ENCORE_RETURN_IF_GRPC_ERROR(ParseOffsetPageToken(request->page_token(), &offset));
    // One more than asked tells whether another page exists.
    std::vector<RunRecord> runs =
        store_->ListRuns(request->pipeline(), page_size + 1, static_cast<int>(offset));
    const bool more = runs.size() > static_cast<size_t>(page_size);
    if (more) runs.pop_back();
    for (const RunRecord& run : runs) {
      // Queued and running runs are newer in memory than in the database.
      Result<RunRecord> current =
          IsFinal(run.state) ? Result<RunRecord>(run) : scheduler_->GetRun(run.run_id);
      ToProto(current.ok() ? *current : run, response->add_runs());
    }
    if (more) response->set_next_page_token(OffsetPageToken(offset + page_size));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ControlServiceImpl::CancelRun(grpc::CallbackServerContext* context,
                                                        const pb::CancelRunRequest* request,
                                                        pb::Run* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "CancelRun", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("run_id", request->run_id()));
    Result<RunRecord> run = scheduler_->CancelRun(request->run_id());
    if (!run.ok()) return ToGrpcStatus(run.status());
    ToProto(*run, response);
    return grpc::Status::OK;
  });
}

grpc::ServerWriteReactor<pb::RunEvent>* ControlServiceImpl::WatchRun(
    grpc::CallbackServerContext* context, const pb::WatchRunRequest* request) {
  grpc::Status refusal = auth_->Check(*context);
  if (refusal.ok()) refusal = CheckRequired("run_id", request->run_id());
  return new WatchRunReactor(scheduler_, calls_, request->run_id(), refusal);
}

}  // namespace encore
