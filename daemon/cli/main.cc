// encorectl: the operator's command line for encored (a gRPC client of encore.v1).
#include <cstdlib>
#include <iostream>
#include <map>

#include "daemon/cli/commands.h"

namespace {

constexpr char kUsage[] =
    R"(usage: encorectl [--addr HOST:PORT] [--token-env NAME] [--json] COMMAND ...

  plugins                                  loaded plugins with their options; refused libraries
  pipeline apply FILE                      validate and store a pipeline spec (FILE or - for stdin)
  pipeline validate FILE                   check a spec against the daemon's plugins
  pipeline list | get NAME | delete NAME
  run PIPELINE [--request-id ID] [--no-wait]
                                           start a run and follow it; exit 1 unless it succeeds
  runs list [PIPELINE] [--page-size N] [--page-token T]
  runs get RUN_ID                          a run with its first row errors and metrics
  runs cancel RUN_ID
  customer get PIPELINE CUSTOMER_ID [--scores A,B,...]
                                           the customer's results in every run
  customers list PIPELINE [--segment S] [--page-size N] [--page-token T] [--run RUN]
                          [--order-by SCORE [--desc]] [--scores A,B,...]
                          [--where 'SCORE OP VALUE' ...]   e.g. --where 'r_score ge 2'
                                           --where 'bought_categories not_contains tea'
  segments PIPELINE [--run RUN] [--compare RUN | --series]
                                           customers per segment (RFM codes also as an R x F
                                           grid), the migration from another run, or the
                                           sizes run by run
  backtest PIPELINE --dates D1,D2,... | --month-ends FROM,TO [--request-id ID] [--no-wait]
                                           the pipeline as of past dates over one load
  tasks PIPELINE [--manager M] [--customer C] [--type T] [--status open|closed] [--full]
                                           the playbook's tasks, most urgent first
  events PIPELINE [--run RUN] [--customer C] [--type T]
                                           what the methods saw in a run
  reports PIPELINE [--run RUN]             a run's report tables
  report PIPELINE NAME [--run RUN] [--product P]
                                           one report table, e.g. basket.rules for a product

global flags:
  --addr HOST:PORT    encored's address (default 127.0.0.1:50051, or $ENCORE_ADDR)
  --token-env NAME    send the bearer token held in environment variable NAME
                      (default: ENCORE_TOKEN, when set)
  --json              print the API's messages as JSON
  --timeout SECONDS   deadline of each call (default 30)

exit codes: 0 ok, 1 the call failed or the run did not succeed, 2 bad command line,
            3 encored could not be reached
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace encore::cli;
  encore::Result<Args> parsed = ParseArgs(argc, argv);
  if (!parsed.ok()) {
    std::cerr << "encorectl: " << parsed.status().message() << " (see encorectl --help)\n";
    return kExitUsage;
  }
  const Args& args = *parsed;
  if (args.has("--help") || args.words.empty()) {
    (args.words.empty() && !args.has("--help") ? std::cerr : std::cout) << kUsage;
    return args.has("--help") ? kExitOk : kExitUsage;
  }

  const char* env_addr = std::getenv("ENCORE_ADDR");
  const std::string address =
      args.get("--addr", env_addr != nullptr && *env_addr != '\0' ? env_addr : "127.0.0.1:50051");
  std::string token;
  const std::string token_env = args.get("--token-env", "ENCORE_TOKEN");
  if (const char* value = std::getenv(token_env.c_str()); value != nullptr) {
    token = value;
  } else if (args.has("--token-env")) {
    std::cerr << "encorectl: --token-env: environment variable " << token_env << " is not set\n";
    return kExitUsage;
  }
  long timeout = 30;
  if (args.has("--timeout")) {
    char* end = nullptr;
    const std::string text = args.get("--timeout");
    timeout = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || timeout <= 0) {
      std::cerr << "encorectl: --timeout: expected a positive number of seconds\n";
      return kExitUsage;
    }
  }

  EncoreClient client(address, token, std::chrono::seconds(timeout));
  Cli cli{client, args, std::cout, std::cerr};
  static const std::map<std::string, int (*)(Cli&)> kCommands = {
      {"plugins", PluginsCommand},   {"pipeline", PipelineCommand}, {"run", RunCommand},
      {"runs", RunsCommand},         {"customer", CustomerCommand}, {"customers", CustomersCommand},
      {"segments", SegmentsCommand}, {"backtest", BacktestCommand}, {"tasks", TasksCommand},
      {"events", EventsCommand},     {"reports", ReportsCommand},   {"report", ReportCommand},
  };
  auto command = kCommands.find(args.words[0]);
  if (command == kCommands.end()) return cli.Usage("unknown command '" + args.words[0] + "'");
  return command->second(cli);
}
