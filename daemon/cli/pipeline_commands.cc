// encorectl pipeline apply|validate|list|get|delete.
#include <fstream>
#include <sstream>

#include "daemon/cli/commands.h"
#include "daemon/cli/text_format.h"

namespace encore::cli {
namespace {

namespace pb = encore::v1;

// The spec file's text; "-" reads standard input.
bool ReadSpec(Cli& cli, const std::string& path, std::string* text) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      cli.err << "encorectl: " << path << ": cannot open\n";
      return false;
    }
    buffer << in.rdbuf();
  }
  *text = buffer.str();
  return true;
}

int Apply(Cli& cli, const std::string& path) {
  pb::ApplyPipelineRequest request;
  if (!ReadSpec(cli, path, request.mutable_spec())) return kExitFailed;
  pb::Pipeline pipeline;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().ApplyPipeline(context.get(), request, &pipeline);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(pipeline);
  } else {
    cli.out << "pipeline '" << pipeline.name() << "' applied (version " << pipeline.version()
            << ")\n";
  }
  return kExitOk;
}

int Validate(Cli& cli, const std::string& path) {
  pb::ValidatePipelineRequest request;
  if (!ReadSpec(cli, path, request.mutable_spec())) return kExitFailed;
  pb::ValidatePipelineResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().ValidatePipeline(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
  } else if (response.valid()) {
    cli.out << path << ": pipeline '" << response.pipeline() << "' is valid\n";
  } else {
    cli.out << path << ": invalid\n";
    Table problems({"FIELD", "PROBLEM"});
    for (const pb::Violation& v : response.violations()) {
      problems.Add({v.field().empty() ? "-" : v.field(), v.message()});
    }
    problems.Print(cli.out, "  ");
  }
  return response.valid() ? kExitOk : kExitFailed;
}

int List(Cli& cli) {
  pb::ListPipelinesResponse response;
  auto context = cli.client.Context();
  grpc::Status status =
      cli.client.control().ListPipelines(context.get(), pb::ListPipelinesRequest(), &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  if (response.pipelines().empty()) {
    cli.out << "no pipelines (apply one with: encorectl pipeline apply FILE)\n";
    return kExitOk;
  }
  Table table({"NAME", "VERSION", "CREATED", "UPDATED"}, {1});
  for (const pb::Pipeline& p : response.pipelines()) {
    table.Add({p.name(), std::to_string(p.version()), Instant(p.create_time()),
               Instant(p.update_time())});
  }
  table.Print(cli.out);
  return kExitOk;
}

int Get(Cli& cli, const std::string& name) {
  pb::GetPipelineRequest request;
  request.set_name(name);
  pb::Pipeline pipeline;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().GetPipeline(context.get(), request, &pipeline);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(pipeline);
    return kExitOk;
  }
  cli.out << "# pipeline '" << pipeline.name() << "', version " << pipeline.version()
          << ", updated " << Instant(pipeline.update_time()) << "\n"
          << pipeline.spec();
  if (!pipeline.spec().empty() && pipeline.spec().back() != '\n') cli.out << "\n";
  return kExitOk;
}

int Delete(Cli& cli, const std::string& name) {
  pb::DeletePipelineRequest request;
  request.set_name(name);
  pb::DeletePipelineResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.control().DeletePipeline(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (!cli.json()) cli.out << "pipeline '" << name << "' deleted (its runs stay listed)\n";
  return kExitOk;
}

}  // namespace

int PipelineCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {}); !s.ok()) return cli.Usage(s.message());
  const auto& w = cli.args.words;  // "pipeline", verb, argument
  const std::string verb = w.size() > 1 ? w[1] : "";
  if (verb == "list" && w.size() == 2) return List(cli);
  if (w.size() != 3) {
    return cli.Usage("pipeline apply FILE | validate FILE | list | get NAME | delete NAME");
  }
  if (verb == "apply") return Apply(cli, w[2]);
  if (verb == "validate") return Validate(cli, w[2]);
  if (verb == "get") return Get(cli, w[2]);
  if (verb == "delete") return Delete(cli, w[2]);
  return cli.Usage("unknown pipeline command '" + verb + "'");
}

}  // namespace encore::cli
