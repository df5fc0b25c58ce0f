// encore.v1.InsightService over CustomerQueries: translation and request validation only.
#pragma once

#include <memory>
#include <vector>

#include "daemon/api/bearer_auth.h"
#include "daemon/api/in_flight_calls.h"
#include "daemon/scheduler/customer_queries.h"
#include "encore/v1/insight_service.grpc.pb.h"

namespace spdlog {
class logger;
}

namespace encore {

// ListCustomersRequest.filters as the store takes them; INVALID_ARGUMENT naming the field
// ("filters[1].op: ...") for a filter without a score or an operator, or too many filters.
grpc::Status ToScoreFilters(
    const google::protobuf::RepeatedPtrField<encore::v1::ScoreFilter>& filters,
    std::vector<ScoreFilter>* out);

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
  grpc::ServerUnaryReactor* GetSegmentSeries(grpc::CallbackServerContext* context,
                                             const encore::v1::GetSegmentSeriesRequest* request,
                                             encore::v1::SegmentSeries* response) override;

 private:
  CustomerQueries* queries_;
  const BearerAuth* auth_;
  InFlightCalls* calls_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace encore
