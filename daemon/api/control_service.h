// encore.v1.ControlService over the domain: plugin host, pipeline catalog, run scheduler.
// Translation and request validation only; every decision is made below.
#pragma once

#include <memory>

#include "daemon/api/bearer_auth.h"
#include "daemon/api/in_flight_calls.h"
#include "daemon/host/plugin_host.h"
#include "daemon/scheduler/pipeline_catalog.h"
#include "daemon/scheduler/run_scheduler.h"
#include "encore/v1/control_service.grpc.pb.h"

namespace spdlog {
class logger;
}

namespace encore {

class ControlServiceImpl final : public encore::v1::ControlService::CallbackService {
 public:
  ControlServiceImpl(const PluginHost* host, StateStore* store, PipelineCatalog* catalog,
                     RunScheduler* scheduler, const BearerAuth* auth, InFlightCalls* calls);

  grpc::ServerUnaryReactor* ListPlugins(grpc::CallbackServerContext* context,
                                        const encore::v1::ListPluginsRequest* request,
                                        encore::v1::ListPluginsResponse* response) override;
  grpc::ServerUnaryReactor* ValidatePipeline(
      grpc::CallbackServerContext* context, const encore::v1::ValidatePipelineRequest* request,
      encore::v1::ValidatePipelineResponse* response) override;
  grpc::ServerUnaryReactor* ApplyPipeline(grpc::CallbackServerContext* context,
                                          const encore::v1::ApplyPipelineRequest* request,
                                          encore::v1::Pipeline* response) override;
  grpc::ServerUnaryReactor* GetPipeline(grpc::CallbackServerContext* context,
                                        const encore::v1::GetPipelineRequest* request,
                                        encore::v1::Pipeline* response) override;
  grpc::ServerUnaryReactor* ListPipelines(grpc::CallbackServerContext* context,
                                          const encore::v1::ListPipelinesRequest* request,
                                          encore::v1::ListPipelinesResponse* response) override;
  grpc::ServerUnaryReactor* DeletePipeline(grpc::CallbackServerContext* context,
                                           const encore::v1::DeletePipelineRequest* request,
                                           encore::v1::DeletePipelineResponse* response) override;
  grpc::ServerUnaryReactor* StartRun(grpc::CallbackServerContext* context,
                                     const encore::v1::StartRunRequest* request,
                                     encore::v1::Run* response) override;
  grpc::ServerUnaryReactor* StartBacktest(grpc::CallbackServerContext* context,
                                          const encore::v1::StartBacktestRequest* request,
                                          encore::v1::Run* response) override;
  grpc::ServerUnaryReactor* GetRun(grpc::CallbackServerContext* context,
                                   const encore::v1::GetRunRequest* request,
                                   encore::v1::Run* response) override;
  grpc::ServerUnaryReactor* ListRuns(grpc::CallbackServerContext* context,
                                     const encore::v1::ListRunsRequest* request,
                                     encore::v1::ListRunsResponse* response) override;
  grpc::ServerUnaryReactor* CancelRun(grpc::CallbackServerContext* context,
                                      const encore::v1::CancelRunRequest* request,
                                      encore::v1::Run* response) override;
  grpc::ServerWriteReactor<encore::v1::RunEvent>* WatchRun(
      grpc::CallbackServerContext* context, const encore::v1::WatchRunRequest* request) override;

 private:
  const PluginHost* host_;
  StateStore* store_;
  PipelineCatalog* catalog_;
  RunScheduler* scheduler_;
  const BearerAuth* auth_;
  InFlightCalls* calls_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace encore
