// encorectl tasks | events | reports | report: what runs raised for people to act on, and the
// report tables of methods (ActivityService).
#include <google/protobuf/util/time_util.h>

#include "daemon/cli/commands.h"
#include "daemon/cli/text_format.h"
#include "encore/v1/activity_service.grpc.pb.h"

namespace encore::cli {
namespace {

namespace pb = encore::v1;

std::string Cell(const pb::ScoreValue& v) {
  switch (v.kind_case()) {
    case pb::ScoreValue::kIntValue:
      return std::to_string(v.int_value());
    case pb::ScoreValue::kDoubleValue: {
      char text[32];
      std::snprintf(text, sizeof(text), "%.4g", v.double_value());
      return text;
    }
    case pb::ScoreValue::kStringValue:
      return v.string_value();
    default:
      return "";
  }
}

// The day in `time_zone` (the pipeline's), as the task's own texts give it.
std::string Day(const google::protobuf::Timestamp& t, const std::string& time_zone = "") {
  return t.seconds() == 0 ? "" : Instant(t, time_zone).substr(0, 10);
}

int PrintNextPage(Cli& cli, const std::string& token, int64_t shown, int64_t total) {
  cli.out << "\n" << shown << " of " << total;
  if (!token.empty()) cli.out << "; next page: --page-token " << token;
  cli.out << "\n";
  return kExitOk;
}

}  // namespace

int TasksCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--manager", "--customer", "--type", "--status",
                                       "--page-size", "--page-token", "--full"});
      !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "tasks", PIPELINE
  if (w.size() != 2) {
    return cli.Usage(
        "tasks PIPELINE [--manager M] [--customer C] [--type T] [--status open|closed] "
        "[--full]");
  }
  pb::ListTasksRequest request;
  request.set_pipeline(w[1]);
  request.set_manager(cli.args.get("--manager"));
  request.set_customer_id(cli.args.get("--customer"));
  request.set_type(cli.args.get("--type"));
  request.set_status(cli.args.get("--status"));
  request.set_page_size(std::atoi(cli.args.get("--page-size", "0").c_str()));
  request.set_page_token(cli.args.get("--page-token"));
  pb::ListTasksResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.activity().ListTasks(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  if (cli.args.has("--full")) {
    for (const pb::Task& t : response.tasks()) {
      cli.out << "[" << t.status() << "] P" << t.priority() << "  due "
              << Day(t.due_time(), response.time_zone()) << "  " << t.manager() << "  "
              << t.task_id() << "\n  " << t.title() << "\n  " << t.body() << "\n";
      if (!t.close_reason().empty()) cli.out << "  closed: " << t.close_reason() << "\n";
      cli.out << "\n";
    }
  } else {
    Table table({"TASK", "STATUS", "P", "DUE", "MANAGER", "CUSTOMER", "TYPE", "TITLE"}, {2});
    for (const pb::Task& t : response.tasks()) {
      table.Add({t.task_id(), t.status(), std::to_string(t.priority()),
                 Day(t.due_time(), response.time_zone()), t.manager(), t.customer_id(), t.type(),
                 t.title()});
    }
    table.Print(cli.out);
  }
  return PrintNextPage(cli, response.next_page_token(), response.tasks_size(), response.total());
}

int EventsCommand(Cli& cli) {
  if (Status s =
          CheckFlags(cli.args, {"--run", "--customer", "--type", "--page-size", "--page-token"});
      !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "events", PIPELINE
  if (w.size() != 2) return cli.Usage("events PIPELINE [--run RUN] [--customer C] [--type T]");
  pb::ListEventsRequest request;
  request.set_pipeline(w[1]);
  request.set_run_id(cli.args.get("--run"));
  request.set_customer_id(cli.args.get("--customer"));
  request.set_type(cli.args.get("--type"));
  request.set_page_size(std::atoi(cli.args.get("--page-size", "0").c_str()));
  request.set_page_token(cli.args.get("--page-token"));
  pb::ListEventsResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.activity().ListEvents(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  Table table({"CUSTOMER", "TYPE", "SUBJECT", "METHOD", "EVIDENCE"});
  for (const pb::Event& e : response.events()) {
    table.Add({e.customer_id(), e.type(), e.subject(), e.method(), e.evidence_json()});
  }
  cli.out << "run " << response.run_id() << "\n";
  table.Print(cli.out);
  return PrintNextPage(cli, response.next_page_token(), response.events_size(), response.total());
}

int ReportsCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--run"}); !s.ok()) return cli.Usage(s.message());
  const auto& w = cli.args.words;  // "reports", PIPELINE
  if (w.size() != 2) return cli.Usage("reports PIPELINE [--run RUN]");
  pb::ListReportsRequest request;
  request.set_pipeline(w[1]);
  request.set_run_id(cli.args.get("--run"));
  pb::ListReportsResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.activity().ListReports(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  Table table({"REPORT", "ROWS"}, {1});
  for (const pb::ReportInfo& r : response.reports()) {
    table.Add({r.name(), Thousands(r.rows())});
  }
  cli.out << "run " << response.run_id() << "\n";
  table.Print(cli.out);
  return kExitOk;
}

int ReportCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--run", "--product", "--page-size", "--page-token"});
      !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "report", PIPELINE, NAME
  if (w.size() != 3) return cli.Usage("report PIPELINE NAME [--run RUN] [--product P]");
  pb::GetReportRequest request;
  request.set_pipeline(w[1]);
  request.set_name(w[2]);
  request.set_run_id(cli.args.get("--run"));
  request.set_page_size(std::atoi(cli.args.get("--page-size", "0").c_str()));
  request.set_page_token(cli.args.get("--page-token"));
  if (cli.args.has("--product")) {
    // Report tables that concern products list them '|'-wrapped in a "products" column.
    pb::ScoreFilter* filter = request.add_filters();
    filter->set_score("products");
    filter->set_op(pb::FILTER_OP_CONTAINS);
    filter->set_value(cli.args.get("--product"));
  }
  pb::GetReportResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.activity().GetReport(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  std::vector<std::string> header(response.columns().begin(), response.columns().end());
  Table table(header);
  for (const pb::ReportRow& row : response.rows()) {
    std::vector<std::string> cells;
    for (const pb::ScoreValue& v : row.values()) cells.push_back(Cell(v));
    table.Add(std::move(cells));
  }
  cli.out << response.name() << " of run " << response.run_id() << "\n";
  table.Print(cli.out);
  return PrintNextPage(cli, response.next_page_token(), response.rows_size(), response.total());
}

}  // namespace encore::cli
