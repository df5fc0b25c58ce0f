// encore.v1.ActivityService over the state store: tasks, events and report tables.
// Translation and request validation only.
#pragma once

#include <memory>

#include "daemon/api/bearer_auth.h"
#include "daemon/api/in_flight_calls.h"
#include "daemon/scheduler/customer_queries.h"
#include "encore/v1/activity_service.grpc.pb.h"

namespace spdlog {
class logger;
}

namespace encore {

class ActivityServiceImpl final : public encore::v1::ActivityService::CallbackService {
 public:
  ActivityServiceImpl(StateStore* store, CustomerQueries* queries, const BearerAuth* auth,
                      InFlightCalls* calls);

  grpc::ServerUnaryReactor* ListTasks(grpc::CallbackServerContext* context,
                                      const encore::v1::ListTasksRequest* request,
                                      encore::v1::ListTasksResponse* response) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* context,
                                       const encore::v1::ListEventsRequest* request,
                                       encore::v1::ListEventsResponse* response) override;
  grpc::ServerUnaryReactor* ListReports(grpc::CallbackServerContext* context,
                                        const encore::v1::ListReportsRequest* request,
                                        encore::v1::ListReportsResponse* response) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const encore::v1::GetReportRequest* request,
                                      encore::v1::GetReportResponse* response) override;

 private:
  StateStore* store_;
  CustomerQueries* queries_;  // resolves "the pipeline's latest run"
  const BearerAuth* auth_;
  InFlightCalls* calls_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace encore
