#include "daemon/api/insight_service.h"

#include "daemon/api/proto_convert.h"
#include "daemon/api/request_checks.h"
#include "daemon/api/status_map.h"
#include "daemon/api/unary_call.h"
#include "daemon/observability/logging.h"
#include "daemon/scheduler/run_details.h"

namespace encore {

namespace pb = encore::v1;

namespace {

constexpr int kMaxFilters = 16;

}  // namespace

grpc::Status ToScoreFilters(const google::protobuf::RepeatedPtrField<pb::ScoreFilter>& filters,
                            std::vector<ScoreFilter>* out) {
  if (filters.size() > kMaxFilters) {
    return InvalidField("filters", "at most " + std::to_string(kMaxFilters) + " filters");
  }
  for (int i = 0; i < filters.size(); ++i) {
    const pb::ScoreFilter& filter = filters[i];
    const std::string field = "filters[" + std::to_string(i) + "]";
    if (filter.score().empty()) return InvalidField(field + ".score", "required");
    ScoreFilter converted;
    converted.score = filter.score();
    converted.value = filter.value();
    switch (filter.op()) {
      case pb::FILTER_OP_EQ:
        converted.op = FilterOp::kEq;
        break;
      case pb::FILTER_OP_NE:
        converted.op = FilterOp::kNe;
        break;
      case pb::FILTER_OP_LT:
        converted.op = FilterOp::kLt;
        break;
      case pb::FILTER_OP_LE:
        converted.op = FilterOp::kLe;
        break;
      case pb::FILTER_OP_GT:
        converted.op = FilterOp::kGt;
        break;
      case pb::FILTER_OP_GE:
        converted.op = FilterOp::kGe;
        break;
      case pb::FILTER_OP_CONTAINS:
        converted.op = FilterOp::kContains;
        break;
      case pb::FILTER_OP_NOT_CONTAINS:
        converted.op = FilterOp::kNotContains;
        break;
      default:
        return InvalidField(field + ".op",
                            "required: FILTER_OP_EQ, _NE, _LT, _LE, _GT, _GE, _CONTAINS or "
                            "_NOT_CONTAINS");
    }
    out->push_back(std::move(converted));
  }
  return grpc::Status::OK;
}

InsightServiceImpl::InsightServiceImpl(CustomerQueries* queries, const BearerAuth* auth,
                                       InFlightCalls* calls)
    : queries_(queries), auth_(auth), calls_(calls), log_(ComponentLogger("api")) {}

grpc::ServerUnaryReactor* InsightServiceImpl::GetCustomer(grpc::CallbackServerContext* context,
                                                          const pb::GetCustomerRequest* request,
                                                          pb::GetCustomerResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "GetCustomer", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("pipeline", request->pipeline()));
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("customer_id", request->customer_id()));
    auto history = queries_->History(request->pipeline(), request->customer_id());
    if (!history.ok()) return ToGrpcStatus(history.status());
    response->set_pipeline(request->pipeline());
    response->set_customer_id(request->customer_id());
    for (const CustomerResult& result : *history) ToProto(result, response->add_results());
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* InsightServiceImpl::ListCustomers(grpc::CallbackServerContext* context,
                                                            const pb::ListCustomersRequest* request,
                                                            pb::ListCustomersResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListCustomers", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRunSelector(request->pipeline(), request->run_id()));
    CustomerListQuery query;
    ENCORE_RETURN_IF_GRPC_ERROR(CheckPageSize(request->page_size(), &query.page_size));
    if (request->descending() && request->order_by().empty()) {
      return InvalidField("descending", "needs order_by");
    }
    query.pipeline = request->pipeline();
    query.run_id = request->run_id();
    query.segment = request->segment();
    query.page_token = request->page_token();
    query.order_by = request->order_by();
    query.descending = request->descending();
    ENCORE_RETURN_IF_GRPC_ERROR(ToScoreFilters(request->filters(), &query.filters));
    Result<CustomerList> list = queries_->List(query);
    if (!list.ok()) return ToGrpcStatus(list.status());
    response->set_run_id(list->run.run_id);
    for (const CustomerResult& c : list->page.customers) ToProto(c, response->add_customers());
    response->set_next_page_token(list->page.next_page_token);
    response->set_total(list->page.total);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* InsightServiceImpl::GetSegmentSummary(
    grpc::CallbackServerContext* context, const pb::GetSegmentSummaryRequest* request,
    pb::SegmentSummary* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "GetSegmentSummary", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRunSelector(request->pipeline(), request->run_id()));
    Result<SegmentSummaryResult> summary =
        queries_->Segments(request->pipeline(), request->run_id(), request->compare_run_id());
    if (!summary.ok()) return ToGrpcStatus(summary.status());
    response->set_pipeline(summary->run.pipeline);
    response->set_run_id(summary->run.run_id);
    response->set_segment_score(summary->segment_score);
    if (summary->run.as_of != 0) SetTime(summary->run.as_of, response->mutable_as_of_time());
    for (const auto& [segment, size] : summary->sizes) {
      pb::SegmentSize* s = response->add_segments();
      s->set_segment(segment);
      s->set_customers(size);
    }
    response->set_total_customers(summary->total);
    response->set_time_zone(summary->run.details.value(run_details::kTimeZone, std::string()));
    response->set_compare_run_id(summary->compare_run_id);
    for (const SegmentMigration& m : summary->migrations) {
      pb::SegmentMigration* out = response->add_migrations();
      out->set_from_segment(m.from_segment);
      out->set_to_segment(m.to_segment);
      out->set_customers(m.customers);
      out->set_new_customer(m.new_customer);
      out->set_gone(m.gone);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* InsightServiceImpl::GetSegmentSeries(
    grpc::CallbackServerContext* context, const pb::GetSegmentSeriesRequest* request,
    pb::SegmentSeries* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "GetSegmentSeries", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("pipeline", request->pipeline()));
    Result<SegmentSeriesResult> series = queries_->Series(request->pipeline());
    if (!series.ok()) return ToGrpcStatus(series.status());
    response->set_pipeline(series->pipeline);
    response->set_segment_score(series->segment_score);
    response->set_time_zone(series->time_zone);
    for (const RunSegmentSizes& run : series->points) {
      pb::SegmentSeriesPoint* point = response->add_points();
      point->set_run_id(run.run_id);
      point->set_segment_score(run.segment_score);
      if (run.as_of != 0) SetTime(run.as_of, point->mutable_as_of_time());
      int64_t total = 0;
      for (const auto& [segment, size] : run.sizes) {
        pb::SegmentSize* s = point->add_segments();
        s->set_segment(segment);
        s->set_customers(size);
        total += size;
      }
      point->set_total_customers(total);
    }
    return grpc::Status::OK;
  });
}

}  // namespace encore
