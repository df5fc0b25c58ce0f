// encore.v1.InsightService over CustomerQueries: translation and request validation only.
#pragma once

#include <memory>

#include "daemon/api/bearer_auth.h"
#include "daemon/api/in_flight_calls.h"
#include "daemon/scheduler/customer_queries.h"
#include "encore/v1/insight_service.grpc.pb.h"

namespace spdlog {
class logger;
}

namespace encore {

class InsightServiceImpl final : public encore::v1::InsightService::CallbackService {
 public:
  InsightServiceImpl(CustomerQueries* queries, const BearerAuth* auth, InFlightCalls* calls);

  grpc::ServerUnaryReactor* GetCustomer(grpc::CallbackServerContext* context,
                                        const encore::v1::GetCustomerRequest* request,
                                        encore::v1::GetCustomerResponse* response) override;
  grpc::ServerUnaryReactor* ListCustomers(grpc::CallbackServerContext* context,
                                          const encore::v1::ListCustomersRequest* request,
                                          encore::v1::ListCustomersResponse* response) override;
  grpc::ServerUnaryReactor* GetSegmentSummary(grpc::CallbackServerContext* context,
                                              const encore::v1::GetSegmentSummaryRequest* request,
                                              encore::v1::SegmentSummary* response) override;

 private:
  CustomerQueries* queries_;
  const BearerAuth* auth_;
  InFlightCalls* calls_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace encore
