// encorectl run PIPELINE (start and watch) and encorectl runs list|get|cancel.
#include <unistd.h>

#include <charconv>

#include "daemon/cli/commands.h"
#include "daemon/cli/run_view.h"
#include "daemon/cli/text_format.h"

namespace encore::cli {
namespace {

namespace pb = encore::v1;

int ExitFor(const pb::Run& run) {
  return run.state() == pb::RUN_STATE_SUCCEEDED ? kExitOk : kExitFailed;
}

bool ParsePageSize(Cli& cli, int* page_size) {
  const std::string text = cli.args.get("--page-size", "");
  if (text.empty()) return true;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *page_size);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// Streams the run's progress until its final event. Returns false if the stream ended without
// one (the daemon stopped); `final_run` is then the last known state from GetRun.
bool Watch(Cli& cli, const std::string& run_id, pb::Run* final_run, grpc::Status* failure) {
  pb::WatchRunRequest request;
  request.set_run_id(run_id);
  auto context = cli.client.Context(/*streaming=*/true);
  auto reader = cli.client.control().WatchRun(context.get(), request);
  ProgressView view(cli.err, isatty(STDERR_FILENO) != 0);
  pb::RunEvent event;
  bool final_seen = false;
  while (reader->Read(&event)) {
    if (event.has_run()) {
      *final_run = event.run();
      final_seen = true;
    } else if (!cli.json()) {
      view.Show(event);
    }
  }
  view.Close();
  grpc::Status status = reader->Finish();
  if (final_seen) return true;
  if (!status.ok()) {
    *failure = status;
    return false;
  }
  *failure = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the progress stream ended early");
  return false;
}

int ListRuns(Cli& cli) {
  const auto& w = cli.args.words;  // "runs", "list", [PIPELINE]
  if (w.size() > 3) return cli.Usage("runs list [PIPELINE] [--page-size N] [--page-token T]");
  pb::ListRunsRequest request;
  if (w.size() == 3) request.set_pipeline(w[2]);
  int page_size = 20;
  if (!ParsePageSize(cli, &page_size)) return cli.Usage("--page-size: not a number");
  request.set_page_size(page_size);
  request.set_page_token(cli.args.get("--page-token"));
  pb::ListRunsResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().ListRuns(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  if (response.runs().empty()) {
    cli.out << "no runs\n";
    return kExitOk;
  }
  Table table({"RUN", "PIPELINE", "STATE", "CREATED", "CUSTOMERS", "LINES", "TOTAL", "ERROR"},
              {4, 5, 6});
  for (const pb::Run& run : response.runs()) {
    std::string error = run.error();
    if (DisplayWidth(error) > 60) error = error.substr(0, 57) + "...";
    table.Add({run.run_id(), run.pipeline(), StateName(run.state()), Instant(run.create_time()),
               Thousands(run.customers()), Thousands(run.lines_loaded()),
               run.timings().has_total() ? Span(run.timings().total()) : "-", error});
  }
  table.Print(cli.out);
  if (!response.next_page_token().empty()) {
    cli.out << "more: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

int GetRun(Cli& cli, const std::string& run_id) {
  pb::GetRunRequest request;
  request.set_run_id(run_id);
  pb::Run run;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().GetRun(context.get(), request, &run);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(run);
  } else {
    PrintRun(cli.out, run, /*detailed=*/true);
  }
  return kExitOk;
}

int CancelRun(Cli& cli, const std::string& run_id) {
  pb::CancelRunRequest request;
  request.set_run_id(run_id);
  pb::Run run;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().CancelRun(context.get(), request, &run);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(run);
  } else if (run.state() == pb::RUN_STATE_CANCELLED) {
    cli.out << "run " << run.run_id() << " cancelled\n";
  } else {
    cli.out << "run " << run.run_id() << " asked to stop (watch it with: encorectl runs get "
            << run.run_id() << ")\n";
  }
  return kExitOk;
}

// After a run was started: with --no-wait, say so; else follow it to its end and print it.
int FollowStarted(Cli& cli, const pb::Run& run, const std::string& what) {
  if (cli.args.has("--no-wait")) {
    if (cli.json()) {
      cli.PrintJson(run);
    } else {
      cli.out << what << " " << run.run_id() << " " << StateName(run.state()) << "\n";
    }
    return kExitOk;
  }
  if (!cli.json()) {
    cli.err << what << " " << run.run_id() << " of pipeline '" << run.pipeline() << "'\n";
  }
  pb::Run final_run;
  grpc::Status failure;
  if (!Watch(cli, run.run_id(), &final_run, &failure)) {
    cli.err << "encorectl: lost the run's progress: " << cli.client.Describe(failure) << "\n";
    return cli.client.Unreachable(failure) ? kExitUnreachable : kExitFailed;
  }
  if (cli.json()) {
    cli.PrintJson(final_run);
  } else {
    PrintRun(cli.out, final_run, /*detailed=*/false);
  }
  return ExitFor(final_run);
}

}  // namespace

int RunCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--request-id", "--no-wait"}); !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "run", PIPELINE
  if (w.size() != 2) return cli.Usage("run PIPELINE [--request-id ID] [--no-wait]");
  pb::StartRunRequest request;
  request.set_pipeline(w[1]);
  request.set_request_id(cli.args.get("--request-id"));
  pb::Run run;
  {
    auto context = cli.client.Context();
    grpc::Status status = cli.client.control().StartRun(context.get(), request, &run);
    if (!status.ok()) return cli.Fail(status);
  }
  return FollowStarted(cli, run, "run");
}

int BacktestCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--dates", "--month-ends", "--request-id", "--no-wait"});
      !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "backtest", PIPELINE
  const std::string usage =
      "backtest PIPELINE --dates D1,D2,... | --month-ends FROM,TO [--request-id ID] [--no-wait]";
  if (w.size() != 2 || cli.args.has("--dates") == cli.args.has("--month-ends")) {
    return cli.Usage(usage);
  }
  pb::StartBacktestRequest request;
  request.set_pipeline(w[1]);
  request.set_request_id(cli.args.get("--request-id"));
  const std::vector<std::string> dates =
      SplitList(cli.args.get(cli.args.has("--dates") ? "--dates" : "--month-ends"));
  if (cli.args.has("--dates")) {
    for (const std::string& date : dates) request.add_as_of_dates(date);
  } else {
    if (dates.size() != 2) return cli.Usage("--month-ends FROM,TO: two dates");
    request.set_month_ends_from(dates[0]);
    request.set_month_ends_to(dates[1]);
  }
  pb::Run run;
  {
    auto context = cli.client.Context();
    grpc::Status status = cli.client.control().StartBacktest(context.get(), request, &run);
    if (!status.ok()) return cli.Fail(status);
  }
  return FollowStarted(cli, run, "backtest run");
}

int RunsCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--page-size", "--page-token"}); !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "runs", verb, ...
  const std::string verb = w.size() > 1 ? w[1] : "";
  if (verb == "list") return ListRuns(cli);
  if (verb == "get" && w.size() == 3) return GetRun(cli, w[2]);
  if (verb == "cancel" && w.size() == 3) return CancelRun(cli, w[2]);
  return cli.Usage("runs list [PIPELINE] | runs get RUN_ID | runs cancel RUN_ID");
}

}  // namespace encore::cli
