// encorectl plugins: what the daemon loaded, with option tables, and what it refused.
#include "daemon/cli/commands.h"
#include "daemon/cli/text_format.h"

namespace encore::cli {
namespace {

namespace pb = encore::v1;

std::string KindName(pb::PluginKind kind) {
  switch (kind) {
    case pb::PLUGIN_KIND_SOURCE:
      return "source";
    case pb::PLUGIN_KIND_METHOD:
      return "method";
    case pb::PLUGIN_KIND_SINK:
      return "sink";
    default:
      return "?";
  }
}

std::string TypeName(pb::OptionType type) {
  switch (type) {
    case pb::OPTION_TYPE_STRING:
      return "string";
    case pb::OPTION_TYPE_INT:
      return "int";
    case pb::OPTION_TYPE_DOUBLE:
      return "double";
    case pb::OPTION_TYPE_BOOL:
      return "bool";
    case pb::OPTION_TYPE_STRING_LIST:
      return "string list";
    case pb::OPTION_TYPE_OBJECT:
      return "object";
    case pb::OPTION_TYPE_INT_LIST:
      return "int list";
    case pb::OPTION_TYPE_DOUBLE_LIST:
      return "double list";
    default:
      return "?";
  }
}

}  // namespace

int PluginsCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {}); !s.ok()) return cli.Usage(s.message());
  pb::ListPluginsResponse response;
  auto context = cli.client.Context();
  grpc::Status status =
      cli.client.control().ListPlugins(context.get(), pb::ListPluginsRequest(), &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }

  cli.out << response.plugins_size() << " plugins loaded\n";
  for (const pb::Plugin& plugin : response.plugins()) {
    cli.out << "\n"
            << plugin.name() << "  " << KindName(plugin.kind()) << "  " << plugin.version()
            << "  ABI " << plugin.abi_major() << "." << plugin.abi_minor() << "\n";
    if (!plugin.description().empty()) cli.out << "  " << plugin.description() << "\n";
    cli.out << "  from " << plugin.path() << "\n";
    if (plugin.options().empty()) {
      cli.out << "  no options\n";
      continue;
    }
    Table options({"OPTION", "TYPE", "REQUIRED", "DEFAULT", "ALLOWED", "DESCRIPTION"});
    for (const pb::PluginOption& o : plugin.options()) {
      std::string allowed;
      for (const std::string& v : o.allowed_values()) allowed += (allowed.empty() ? "" : "|") + v;
      options.Add({o.name(), TypeName(o.type()) + (o.secret() ? ", secret" : ""),
                   o.required() ? "yes" : "no", o.default_json().empty() ? "-" : o.default_json(),
                   allowed.empty() ? "-" : allowed, o.description()});
    }
    cli.out << "\n";
    options.Print(cli.out, "  ");
  }
  if (response.rejected_plugins_size() > 0) {
    cli.out << "\n" << response.rejected_plugins_size() << " libraries refused\n";
    for (const pb::RejectedPlugin& r : response.rejected_plugins()) {
      cli.out << "  " << r.path() << "\n    " << r.reason() << "\n";
    }
  }
  return kExitOk;
}

}  // namespace encore::cli
