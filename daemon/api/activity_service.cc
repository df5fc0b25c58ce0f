#include "daemon/api/activity_service.h"

#include <optional>

#include "daemon/api/insight_service.h"
#include "daemon/api/proto_convert.h"
#include "daemon/api/request_checks.h"
#include "daemon/api/status_map.h"
#include "daemon/api/unary_call.h"
#include "daemon/observability/logging.h"
#include "daemon/scheduler/report_queries.h"
#include "daemon/scheduler/run_details.h"

namespace encore {

namespace pb = encore::v1;

namespace {

void ToProto(const Task& t, pb::Task* out) {
  out->set_task_id(t.task_id);
  out->set_pipeline(t.pipeline);
  out->set_customer_id(t.customer_id);
  out->set_manager(t.manager);
  out->set_type(t.type);
  out->set_subject(t.subject);
  out->set_status(TaskStatusName(t.status));
  out->set_priority(t.priority);
  SetTime(t.due_at, out->mutable_due_time());
  out->set_action(t.action);
  out->set_channel(t.channel);
  out->set_title(t.title);
  out->set_body(t.body);
  out->set_language(t.language);
  out->set_evidence_json(t.evidence_json);
  out->set_opened_run_id(t.opened_run);
  out->set_last_run_id(t.last_run);
  out->set_seen_count(t.seen_count);
  out->set_closed_run_id(t.closed_run);
  out->set_close_reason(t.close_reason);
  out->set_key(t.key);
  SetTime(t.opened_as_of, out->mutable_opened_as_of_time());
}

void ToProto(const CustomerEvent& e, pb::Event* out) {
  out->set_customer_id(e.customer_id);
  out->set_type(e.type);
  out->set_subject(e.subject);
  out->set_priority(e.priority);
  if (e.due_at != 0) SetTime(e.due_at, out->mutable_due_time());
  out->set_evidence_json(e.evidence_json);
  out->set_method(e.method);
}

void CellToProto(const ScoreColumn& column, size_t row, pb::ScoreValue* out) {
  if (column.is_null(row)) return;
  switch (column.type) {
    case ENCORE_VALUE_I64:
      out->set_int_value(column.i64[row]);
      break;
    case ENCORE_VALUE_F64:
      out->set_double_value(column.f64[row]);
      break;
    case ENCORE_VALUE_STR:
      out->set_string_value(std::string(column.str[row]));
      break;
  }
}

}  // namespace

ActivityServiceImpl::ActivityServiceImpl(StateStore* store, CustomerQueries* queries,
                                         const BearerAuth* auth, InFlightCalls* calls)
    : store_(store), queries_(queries), auth_(auth), calls_(calls), log_(ComponentLogger("api")) {}

grpc::ServerUnaryReactor* ActivityServiceImpl::ListTasks(grpc::CallbackServerContext* context,
                                                         const pb::ListTasksRequest* request,
                                                         pb::ListTasksResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListTasks", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("pipeline", request->pipeline()));
    TaskQuery query;
    ENCORE_RETURN_IF_GRPC_ERROR(CheckPageSize(request->page_size(), &query.page_size));
    query.pipeline = request->pipeline();
    query.manager = request->manager();
    query.customer_id = request->customer_id();
    query.type = request->type();
    query.status = request->status();
    query.page_token = request->page_token();
    Result<TaskPage> page = store_->ListTasks(query);
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (const Task& t : page->tasks) ToProto(t, response->add_tasks());
    response->set_next_page_token(page->next_page_token);
    response->set_total(page->total);
    if (std::optional<RunRecord> latest = store_->LatestSucceededRun(query.pipeline)) {
      response->set_time_zone(latest->details.value(run_details::kTimeZone, std::string()));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ActivityServiceImpl::ListEvents(grpc::CallbackServerContext* context,
                                                          const pb::ListEventsRequest* request,
                                                          pb::ListEventsResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListEvents", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRunSelector(request->pipeline(), request->run_id()));
    EventQuery query;
    ENCORE_RETURN_IF_GRPC_ERROR(CheckPageSize(request->page_size(), &query.page_size));
    Result<RunRecord> run = queries_->ResolveRun(request->pipeline(), request->run_id());
    if (!run.ok()) return ToGrpcStatus(run.status());
    query.run_id = run->run_id;
    query.customer_id = request->customer_id();
    query.type = request->type();
    query.page_token = request->page_token();
    Result<EventPage> page = store_->ListEvents(query);
    if (!page.ok()) return ToGrpcStatus(page.status());
    response->set_run_id(run->run_id);
    for (const CustomerEvent& e : page->events) ToProto(e, response->add_events());
    response->set_next_page_token(page->next_page_token);
    response->set_total(page->total);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ActivityServiceImpl::ListReports(grpc::CallbackServerContext* context,
                                                           const pb::ListReportsRequest* request,
                                                           pb::ListReportsResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "ListReports", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRunSelector(request->pipeline(), request->run_id()));
    Result<RunRecord> run = queries_->ResolveRun(request->pipeline(), request->run_id());
    if (!run.ok()) return ToGrpcStatus(run.status());
    auto reports = store_->ListReports(run->run_id);
    if (!reports.ok()) return ToGrpcStatus(reports.status());
    response->set_run_id(run->run_id);
    for (const auto& [name, rows] : *reports) {
      pb::ReportInfo* info = response->add_reports();
      info->set_name(name);
      info->set_rows(rows);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ActivityServiceImpl::GetReport(grpc::CallbackServerContext* context,
                                                         const pb::GetReportRequest* request,
                                                         pb::GetReportResponse* response) {
  return UnaryCall(context, *auth_, *calls_, *log_, "GetReport", [&]() -> grpc::Status {
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRunSelector(request->pipeline(), request->run_id()));
    ENCORE_RETURN_IF_GRPC_ERROR(CheckRequired("name", request->name()));
    int page_size = 0;
    ENCORE_RETURN_IF_GRPC_ERROR(CheckPageSize(request->page_size(), &page_size));
    std::vector<ScoreFilter> filters;
    ENCORE_RETURN_IF_GRPC_ERROR(ToScoreFilters(request->filters(), &filters));
    Result<RunRecord> run = queries_->ResolveRun(request->pipeline(), request->run_id());
    if (!run.ok()) return ToGrpcStatus(run.status());
    Result<ReportTable> table = store_->GetReport(run->run_id, request->name());
    if (!table.ok()) return ToGrpcStatus(table.status());
    Result<ReportPage> page = SelectReportRows(*table, filters, page_size, request->page_token());
    if (!page.ok()) return ToGrpcStatus(page.status());
    response->set_run_id(run->run_id);
    response->set_name(table->name);
    response->set_method(table->method);
    for (const ScoreColumn& column : table->columns) response->add_columns(column.name);
    for (size_t row : page->rows) {
      pb::ReportRow* out = response->add_rows();
      for (const ScoreColumn& column : table->columns) CellToProto(column, row, out->add_values());
    }
    response->set_next_page_token(page->next_page_token);
    response->set_total(page->total);
    return grpc::Status::OK;
  });
}

}  // namespace encore
