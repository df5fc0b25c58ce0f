#include <google/protobuf/util/json_util.h>

#include "daemon/cli/commands.h"

namespace encore::cli {

int Cli::Fail(const grpc::Status& status) const {
  err << "encorectl: " << client.Describe(status) << "\n";
  return client.Unreachable(status) ? kExitUnreachable : kExitFailed;
}

int Cli::Usage(const std::string& message) const {
  err << "encorectl: " << message << " (see encorectl --help)\n";
  return kExitUsage;
}

void Cli::PrintJson(const google::protobuf::Message& message) const {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string text;
  if (google::protobuf::util::MessageToJsonString(message, &text, options).ok()) out << text;
}

}  // namespace encore::cli
