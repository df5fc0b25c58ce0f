// encorectl commands. Each returns the process exit code.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <iostream>
#include <string>

#include "daemon/cli/cli_args.h"
#include "daemon/cli/encore_client.h"

namespace encore::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;       // the call failed, or the run did not succeed
inline constexpr int kExitUsage = 2;        // bad command line
inline constexpr int kExitUnreachable = 3;  // no connection to encored

struct Cli {
  EncoreClient& client;
  const Args& args;
  std::ostream& out;
  std::ostream& err;

  bool json() const { return args.has("--json"); }
  // Prints "encorectl: <what>: <reason>" and returns the exit code for the status.
  int Fail(const grpc::Status& status) const;
  int Usage(const std::string& message) const;
  // One message as JSON (proto field names), for --json.
  void PrintJson(const google::protobuf::Message& message) const;
};

int PluginsCommand(Cli& cli);
int PipelineCommand(Cli& cli);   // apply | validate | list | get | delete
int RunCommand(Cli& cli);        // run PIPELINE [--request-id ID] [--no-wait]
int RunsCommand(Cli& cli);       // runs list [PIPELINE] | runs get RUN_ID | runs cancel RUN_ID
int CustomerCommand(Cli& cli);   // customer get PIPELINE CUSTOMER_ID
int CustomersCommand(Cli& cli);  // customers list PIPELINE [...]
int SegmentsCommand(Cli& cli);   // segments PIPELINE [--run RUN]
int BacktestCommand(Cli& cli);   // backtest PIPELINE --dates D1,D2,... | --month-ends FROM,TO
int TasksCommand(Cli& cli);      // tasks PIPELINE [--manager M] [--customer C] [--type T] ...
int EventsCommand(Cli& cli);     // events PIPELINE [--run RUN] [--customer C] [--type T]
int ReportsCommand(Cli& cli);    // reports PIPELINE [--run RUN]
int ReportCommand(Cli& cli);     // report PIPELINE NAME [--run RUN] [--product P]

}  // namespace encore::cli
