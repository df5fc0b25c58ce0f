#include "daemon/scheduler/pipeline_catalog.h"

#include <regex>
#include <sstream>

#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_host.h"
#include "daemon/scheduler/run_scheduler.h"

namespace encore {
namespace {

// "line 3: " in front of a parse error.
const std::regex& LinePrefix() {
  static const std::regex re(R"(^line \d+: )");
  return re;
}
// A field path, optionally followed by the instance name the validator adds:
// "name", "sources[0].plugin", "methods[1] (rfm)".
const std::regex& FieldPath() {
  static const std::regex re(
      R"(^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z0-9_]+)*)(?: \([^)]*\))?$)");
  return re;
}
// The option the plugin host complains about: "... option 'path' ..." or "option 'path'".
const std::regex& OptionName() {
  static const std::regex re(R"(option '([A-Za-z0-9_]+)')");
  return re;
}

SpecViolation ViolationFromLine(const std::string& line) {
  SpecViolation violation;
  violation.message = line;
  const std::string rest =
      std::regex_replace(line, LinePrefix(), "", std::regex_constants::format_first_only);
  const size_t colon = rest.find(": ");
  if (colon == std::string::npos) return violation;
  std::smatch path;
  const std::string head = rest.substr(0, colon);
  if (!std::regex_match(head, path, FieldPath())) return violation;
  violation.field = path[1];
  // An instance's option problem points at the option inside the instance's config.
  const bool is_instance = head.find(" (") != std::string::npos;
  std::smatch option;
  const std::string tail = rest.substr(colon + 2);
  if (is_instance && std::regex_search(tail, option, OptionName())) {
    violation.field += ".config." + option[1].str();
  }
  return violation;
}

}  // namespace

std::vector<SpecViolation> ViolationsFrom(const Status& status) {
  std::vector<SpecViolation> violations;
  if (status.ok()) return violations;
  std::istringstream lines(status.message());
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty()) violations.push_back(ViolationFromLine(line));
  }
  if (violations.empty()) violations.push_back({"", "invalid spec"});
  return violations;
}

PipelineCatalog::PipelineCatalog(StateStore* store, const PluginHost* host, RunScheduler* scheduler)
    : store_(store), host_(host), scheduler_(scheduler) {}

SpecCheck CheckPipelineSpec(std::string_view text, const PluginHost& host) {
  SpecCheck check;
  Result<PipelineSpec> spec = ParsePipelineSpec(text);
  if (!spec.ok()) {
    check.violations = ViolationsFrom(spec.status());
    return check;
  }
  check.pipeline = spec->name;
  check.violations = ViolationsFrom(ValidatePipelineSpec(*spec, host));
  return check;
}

SpecCheck PipelineCatalog::Validate(std::string_view text) const {
  return CheckPipelineSpec(text, *host_);
}

Result<PipelineRecord> PipelineCatalog::Apply(std::string_view text) {
  Result<PipelineSpec> spec = ParsePipelineSpec(text);
  if (!spec.ok()) return InvalidArgument(spec.status().message());
  Status valid = ValidatePipelineSpec(*spec, *host_);
  if (!valid.ok()) return InvalidArgument(valid.message());
  // Applying the same text again changes nothing, so `encored --config` at every start and
  // retried applies leave the version alone.
  if (Result<PipelineRecord> current = store_->GetPipeline(spec->name);
      current.ok() && current->spec_text == text) {
    return current;
  }
  // The text is stored as given, placeholders and all: secrets never reach the database.
  ENCORE_RETURN_IF_ERROR(store_->PutPipeline(spec->name, std::string(text)));
  return store_->GetPipeline(spec->name);
}

Result<PipelineRecord> PipelineCatalog::Get(const std::string& name) {
  Result<PipelineRecord> record = store_->GetPipeline(name);
  if (!record.ok() && record.status().code() == StatusCode::kNotFound) {
    return NotFound("pipeline '" + name + "' not found");
  }
  return record;
}

std::vector<PipelineRecord> PipelineCatalog::List() { return store_->ListPipelines(); }

Status PipelineCatalog::Delete(const std::string& name) {
  return scheduler_->WithPipelineIdle(name, [&]() -> Status {
    Result<PipelineRecord> existing = Get(name);
    if (!existing.ok()) return existing.status();
    return store_->DeletePipeline(name);
  });
}

}  // namespace encore
