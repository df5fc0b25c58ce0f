// ValidatePipelineSpec (declared in pipeline_spec.h): the spec against the loaded plugins.
// Kept apart from parsing so that parsing needs no plugin host.
#include <set>

#include "daemon/common/time_zone.h"
#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_host.h"

namespace encore {
namespace {

Status ValidateSection(const std::vector<PluginRef>& refs, const char* section, PluginKind kind,
                       const PluginHost& host, std::set<std::string>& names) {
  for (size_t i = 0; i < refs.size(); ++i) {
    const PluginRef& ref = refs[i];
    // "sources[0] (orders)": where in the spec, and the name the operator gave it.
    const std::string where =
        std::string(section) + "[" + std::to_string(i) + "] (" + ref.name + ")";
    if (!names.insert(ref.name).second) {
      return InvalidArgument(where + ": duplicate instance name '" + ref.name + "'");
    }
    Result<PluginInfo> info = host.Find(ref.plugin);
    // A plugin the host does not know makes the spec invalid, whatever code Find() uses.
    if (!info.ok()) return InvalidArgument(where + ": " + info.status().message());
    if (info->kind != kind) {
      return InvalidArgument(where + ": plugin '" + ref.plugin + "' is a " +
                             PluginKindName(info->kind) + " plugin, not a " + PluginKindName(kind));
    }
    Result<nlohmann::json> config = host.ValidateConfig(ref.plugin, ref.name, ref.config);
    if (!config.ok()) return config.status().Wrap(where);
    // The option table cannot express every rule (k is 3 or 5, borders ascend, ...); the plugin's
    // constructor checks the rest. Constructing is cheap and touches nothing outside the plugin
    // (reaching data or services is check()'s job), so a spec that applies also starts.
    Result<std::unique_ptr<PluginInstance>> instance =
        host.Create(ref.plugin, ref.name, ref.config);
    if (!instance.ok()) return InvalidArgument(where + ": " + instance.status().message());
  }
  return Status::Ok();
}

}  // namespace

Status ValidatePipelineSpec(const PipelineSpec& spec, const PluginHost& host) {
  std::set<std::string> names;
  ENCORE_RETURN_IF_ERROR(
      ValidateSection(spec.sources, "sources", PluginKind::kSource, host, names));
  ENCORE_RETURN_IF_ERROR(
      ValidateSection(spec.methods, "methods", PluginKind::kMethod, host, names));
  ENCORE_RETURN_IF_ERROR(ValidateSection(spec.sinks, "sinks", PluginKind::kSink, host, names));
  if (Result<TimeZone> zone = TimeZone::Load(spec.time_zone); !zone.ok()) {
    return zone.status().Wrap("time_zone");
  }
  if (Result<std::optional<int64_t>> as_of = ParseAsOf(spec.as_of, spec.time_zone); !as_of.ok()) {
    return as_of.status().Wrap("as_of");
  }
  return Status::Ok();
}

}  // namespace encore
