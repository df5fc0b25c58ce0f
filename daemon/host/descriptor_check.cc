#include "daemon/host/descriptor_check.h"

#include <string>
#include <utility>
#include <vector>

#include "daemon/host/option_table.h"

namespace encore {
namespace {

std::string SupportedRange() {
  return std::to_string(ENCORE_ABI_MAJOR) + ".0–" + std::to_string(ENCORE_ABI_MAJOR) + "." +
         std::to_string(ENCORE_ABI_MINOR);
}

// The verbs a plugin of each kind must implement, by their field names in encore_plugin_v1.
std::vector<std::pair<const char*, bool>> RequiredFunctions(const encore_plugin_v1& d) {
  std::vector<std::pair<const char*, bool>> needed = {{"create", d.create != nullptr},
                                                      {"destroy", d.destroy != nullptr}};
  switch (d.kind) {
    case ENCORE_KIND_SOURCE:
      needed.insert(needed.end(), {{"source_check", d.source_check != nullptr},
                                   {"source_read", d.source_read != nullptr}});
      break;
    case ENCORE_KIND_METHOD:
      needed.push_back({"method_run", d.method_run != nullptr});
      break;
    case ENCORE_KIND_SINK:
      needed.insert(needed.end(), {{"sink_check", d.sink_check != nullptr},
                                   {"sink_open", d.sink_open != nullptr},
                                   {"sink_write", d.sink_write != nullptr},
                                   {"sink_flush", d.sink_flush != nullptr},
                                   {"sink_close", d.sink_close != nullptr}});
      break;
  }
  return needed;
}

}  // namespace

const char* PluginKindName(PluginKind kind) {
  switch (kind) {
    case PluginKind::kSource:
      return "source";
    case PluginKind::kMethod:
      return "method";
    case PluginKind::kSink:
      return "sink";
  }
  return "unknown";
}

Status CheckAbi(const encore_plugin_v1& d) {
  if (d.abi_major != ENCORE_ABI_MAJOR || d.abi_minor > ENCORE_ABI_MINOR) {
    return FailedPrecondition("built for Encore plugin ABI " + std::to_string(d.abi_major) + "." +
                              std::to_string(d.abi_minor) + ", this daemon supports " +
                              SupportedRange());
  }
  const size_t required = kPluginDescriptorSizeByMinor[d.abi_minor];
  if (d.struct_size < required) {
    return FailedPrecondition("descriptor is " + std::to_string(d.struct_size) + " bytes, ABI " +
                              std::to_string(d.abi_major) + "." + std::to_string(d.abi_minor) +
                              " requires " + std::to_string(required));
  }
  return Status::Ok();
}

Result<PluginInfo> DescribePlugin(const encore_plugin_v1& d) {
  if (d.kind != ENCORE_KIND_SOURCE && d.kind != ENCORE_KIND_METHOD && d.kind != ENCORE_KIND_SINK) {
    return FailedPrecondition("unknown plugin kind " + std::to_string(d.kind) +
                              " (1 = source, 2 = method, 3 = sink)");
  }
  PluginInfo info;
  info.kind = static_cast<PluginKind>(d.kind);
  info.name = d.name != nullptr ? d.name : "";
  if (!IsSnakeName(info.name)) {
    return FailedPrecondition("plugin name '" + info.name +
                              "' is not valid (use a-z, 0-9 and _, at least one character)");
  }
  info.version = d.version != nullptr ? d.version : "";
  info.description = d.description != nullptr ? d.description : "";
  info.abi_major = d.abi_major;
  info.abi_minor = d.abi_minor;
  auto options = ReadOptionTable(d.options, d.option_count);
  if (!options.ok()) {
    return FailedPrecondition("plugin '" + info.name + "': " + options.status().message());
  }
  info.options = std::move(options).value();
  for (const auto& [function, present] : RequiredFunctions(d)) {
    if (!present) {
      return FailedPrecondition(std::string(PluginKindName(info.kind)) + " plugin '" + info.name +
                                "' has no " + function + " function");
    }
  }
  return info;
}

}  // namespace encore
